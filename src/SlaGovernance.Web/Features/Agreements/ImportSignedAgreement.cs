using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>An agreement signed before the system existed: its content (or why the content could not be read) and its signed copy.</summary>
public sealed record ImportInput(AgreementContent? Content, string? ContentProblem, SignatureInput Signature);

/// <summary>
/// Bringing in an agreement that is already signed, so a customer's first day is not an empty system: stored as version 1,
/// approved and signed without a workflow, then Signed, Active or Expired as its term has it.
/// </summary>
public sealed class ImportSignedAgreement(Database database, AgreementStore agreements, AgreementDocumentStore documents, AgreementValidator validator,
    AgreementLifecycle lifecycle, AuditLog audit, TimeProvider time)
{
    public async Task<CommandResult<AgreementView>> RunAsync(string actor, ImportInput input, CancellationToken cancellationToken = default)
    {
        var content = input.Content;
        if (content is not null && string.IsNullOrWhiteSpace(content.Owner))
            content = content with { Owner = actor };
        content = content?.WithObjectiveKeys();
        var errors = input.ContentProblem is not null
            ? ValidationErrors.Single("content", input.ContentProblem)
            : await validator.ValidateAsync(content, cancellationToken);
        SignedCopy.Validate(input.Signature, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), errors);
        if (!errors.IsValid)
            return CommandResult<AgreementView>.Invalid(errors);

        var now = time.GetUtcNow();
        var id = Guid.NewGuid();
        var row = AgreementRow.From(id, content!, AgreementStatus.Approved, 1, actor, now, now, 1);
        var version = AgreementVersionRow.Draft(id, 1, content!, actor, now) with
        {
            Status = AgreementVersionStatus.Approved, DecidedAt = now,
        };
        var (document, signature) = SignedCopy.Rows(id, 1, input.Signature, actor, now);
        await using var unit = await database.BeginAsync(cancellationToken);
        await agreements.InsertAsync(unit, row, cancellationToken);
        await agreements.InsertVersionAsync(unit, version, cancellationToken);
        await agreements.RecordStatusChangeAsync(unit, $"import/{id}", id, AgreementStatus.Approved, now, cancellationToken);
        await documents.InsertAsync(unit, document, cancellationToken);
        await documents.InsertSignatureAsync(unit, signature, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.imported", "Agreement", id.ToString(),
            $"Imported {row.Title} as signed version 1 without approval; {SignedCopy.Describe(document, signature)}",
            After: AgreementValidator.Summary(content!)), cancellationToken);
        if (!await lifecycle.ApplySignedTermAsync(unit, row, 1, content!, actor, now, cancellationToken))
            throw new InvalidOperationException($"The imported agreement {id} changed status before its import was committed.");
        row = (await agreements.GetAsync(unit, id, cancellationToken))!;
        await unit.CommitAsync(cancellationToken);
        return CommandResult<AgreementView>.Ok(new AgreementView(row, version));
    }

    /// <summary>The agreement JSON of an import, or what is wrong with it.</summary>
    public static (AgreementContent? Content, string? Problem) ParseContent(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return (null, "Give the agreement's content as JSON, in the same form as for creating one.");
        try
        {
            return (JsonSerializer.Deserialize<AgreementContent>(json, AgreementContent.Json), null);
        }
        catch (JsonException e)
        {
            return (null, $"The content is not a valid agreement{(e.LineNumber is { } line ? $" (line {line + 1})" : "")}: {e.Message}");
        }
    }

    internal static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/import", HandleAsync).WithName("ImportAgreement")
            .WithSummary("Import an agreement signed outside the system, without approval: multipart form with content (the agreement JSON, as for " +
                "create), file (the signed PDF or .docx), signedOn and signatories; it is Signed until its term starts, Active, or Expired")
            .WithUploadLimit(UploadLimit.Document).DisableAntiforgery().RequireAuthorization(Policies.ContractKeeper);

    private static async Task<Results<Created<AgreementDto>, ValidationProblem, CommandFailure<ValidationProblem>>> HandleAsync(HttpRequest request,
        ImportSignedAgreement import, HttpContext context, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["content"] = ["Send a multipart form with the agreement as 'content' (JSON), the signed copy as 'file', 'signedOn' and 'signatories'."],
            });
        var form = await request.ReadFormAsync(cancellationToken);
        var json = form.Files.GetFile("content") is { } part ? await new StreamReader(part.OpenReadStream()).ReadToEndAsync(cancellationToken)
            : form["content"].ToString();
        var (content, problem) = ParseContent(json);
        var file = form.Files.GetFile("file");
        var signature = new SignatureInput(SignedCopy.ParseDate(form["signedOn"].ToString()), form["signatories"].ToString(), file?.FileName,
            file?.ContentType, await SignedCopy.ReadAllAsync(file, cancellationToken));
        var result = await import.RunAsync(context.User.UserName(), new ImportInput(content, problem, signature), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem>.For(context, result);
        context.Response.Headers.ETag = ETags.For(result.Value!.Agreement.Version);
        return TypedResults.Created($"/api/v1/agreements/{result.Value.Agreement.Id}", AgreementDto.From(result.Value));
    }
}
