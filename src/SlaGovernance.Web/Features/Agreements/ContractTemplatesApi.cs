using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Agreements;

public sealed record ContractTemplateDto(string? FileName, int? SizeBytes, string? Sha256, string? UploadedBy, DateTimeOffset? UploadedAt,
    string Layout, IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, IReadOnlyList<string>> Lists);

public static class ContractTemplatesApi
{
    public static RouteGroupBuilder MapContractTemplatesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/organisation/contract-template").WithTags("Contract template");
        group.MapGet("/", Get).WithName("GetContractTemplate").RequireAuthorization(Policies.Reader)
            .WithSummary("The template contracts are generated from (or the built-in layout), with the field and list names a template may use");
        group.MapGet("/file", Download).WithName("DownloadContractTemplate").RequireAuthorization(Policies.Reader).WithSummary("The template in use")
            .ProducesFile(ContractDocument.ContentType);
        group.MapPut("/", Upload).WithName("UploadContractTemplate").RequireAuthorization(p => p.RequireRole(Roles.Legal, Roles.Admin))
            .WithSummary("Use an organisation's .docx template (multipart 'file'); Legal or Admin. Content controls are tagged with field names")
            .DisableAntiforgery().WithUploadLimit(UploadLimit.Document);
        group.MapDelete("/", Remove).WithName("RemoveContractTemplate").RequireAuthorization(p => p.RequireRole(Roles.Legal, Roles.Admin))
            .WithSummary("Go back to the built-in contract layout");
        return api;
    }

    private static async Task<Ok<ContractTemplateDto>> Get(ContractTemplates templates, CancellationToken cancellationToken)
    {
        var current = await templates.CurrentAsync(cancellationToken);
        return TypedResults.Ok(new ContractTemplateDto(current?.FileName, current?.SizeBytes, current?.Sha256, current?.UploadedBy, current?.UploadedAt,
            current is null ? "built-in" : "template", ContractTemplate.Fields, ContractTemplate.Lists));
    }

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> Download(ContractTemplates templates, CancellationToken cancellationToken) =>
        await templates.CurrentAsync(cancellationToken) is { } current
            ? TypedResults.File(current.Content, ContractDocument.ContentType, current.FileName)
            : new NotFoundProblem("Contracts use the built-in layout; no template is uploaded.");

    private static async Task<Results<Ok<ContractTemplateDto>, ValidationProblem, CommandFailure<ValidationProblem>>> Upload(HttpRequest request,
        ContractTemplates templates, HttpContext context, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send a multipart form with the template as 'file'."] });
        var file = (await request.ReadFormAsync(cancellationToken)).Files.GetFile("file");
        var content = await SignedCopy.ReadAllAsync(file, cancellationToken);
        var result = await templates.UploadAsync(context.User.UserName(), file?.FileName, content, cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(new ContractTemplateDto(result.Value!.FileName, result.Value.SizeBytes, result.Value.Sha256, result.Value.UploadedBy,
                result.Value.UploadedAt, "template", ContractTemplate.Fields, ContractTemplate.Lists))
            : CommandFailure<ValidationProblem>.For(context, result);
    }

    private static async Task<Results<NoContent, NotFoundProblem>> Remove(ContractTemplates templates, HttpContext context,
        CancellationToken cancellationToken) =>
        await templates.RemoveAsync(context.User.UserName(), cancellationToken)
            ? TypedResults.NoContent()
            : new NotFoundProblem("No template was in use.");
}
