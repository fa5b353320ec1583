using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>An agreement signed before the system existed: its content (or why the content could not be read) and its signed copy.</summary>
public sealed record ImportInput(AgreementContent? Content, string? ContentProblem, SignatureInput Signature);

/// <summary>The <c>Agreements</c> configuration section.</summary>
public sealed class AgreementOptions
{
    public const string Section = "Agreements";

    /// <summary>An imported signed agreement waits for a second person's confirmation before it is Signed or Active.</summary>
    public bool ImportNeedsConfirmation { get; set; } = true;
}

/// <summary>
/// Bringing in an agreement that is already signed, so a customer's first day is not an empty system: stored as version 1 with its
/// signed copy. Unless <see cref="AgreementOptions.ImportNeedsConfirmation"/> is off, it waits in approval for a second person
/// (workflows/agreement-import.json; never the importer) who confirms it, then it is approved and signed as
/// <see cref="ConfirmImportAction"/> records, or declines it, and it is Rejected. Without confirmation it is approved and signed at once,
/// then Signed, Active or Expired as its term has it.
/// </summary>
public sealed class ImportSignedAgreement(Database database, AgreementStore agreements, AgreementDocumentStore documents, AgreementValidator validator,
    AgreementLifecycle lifecycle, AuditLog audit, IWorkflowHost workflows, IOptions<AgreementOptions> options, TimeProvider time)
{
    public const string ConfirmationDefinition = "agreement-import";

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
        if (options.Value.ImportNeedsConfirmation)
            return await ImportForConfirmationAsync(actor, content!, input.Signature, cancellationToken);

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

    /// <summary>Version 1 in approval with its signed copy; the signature is recorded only when a second person confirms.</summary>
    private async Task<CommandResult<AgreementView>> ImportForConfirmationAsync(string actor, AgreementContent content, SignatureInput input,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = Guid.NewGuid();
        var row = AgreementRow.From(id, content, AgreementStatus.InApproval, 1, actor, now, now, 1);
        var version = AgreementVersionRow.Draft(id, 1, content, actor, now) with { Status = AgreementVersionStatus.InApproval, Round = 1, SubmittedAt = now };
        var (document, signature) = SignedCopy.Rows(id, 1, input, actor, now);
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            await agreements.InsertAsync(unit, row, cancellationToken);
            await agreements.InsertVersionAsync(unit, version, cancellationToken);
            await documents.InsertAsync(unit, document, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.imported", "Agreement", id.ToString(),
                $"Imported {row.Title} as signed version 1, awaiting a second person's confirmation; {SignedCopy.Describe(document, signature)}",
                After: AgreementValidator.Summary(content)), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        var subject = new WorkflowSubject
        {
            Type = "Agreement",
            Id = id.ToString(),
            RequestedBy = actor,
            Fields = new AgreementImportFields(content.Title, 1, signature.SignedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                signature.Signatories, document.Id, document.FileName).ToFields(),
        };
        var started = await workflows.StartWorkflow(ConfirmationDefinition, null, subject, $"{id}/import");
        // The confirmation's instance is linked once started, as a submission's is; only that instance decides the version.
        var linked = version with { WorkflowId = Guid.Parse(started) };
        await using (var link = await database.BeginAsync(cancellationToken))
        {
            await agreements.UpdateVersionAsync(link, linked, cancellationToken);
            await link.CommitAsync(cancellationToken);
        }
        return CommandResult<AgreementView>.Ok(new AgreementView(row, linked));
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
            .WithSummary("Import an agreement signed outside the system: multipart form with content (the agreement JSON, as for create), file (the " +
                "signed PDF or .docx), signedOn and signatories; it waits in approval until a second person confirms it (Agreements:ImportNeedsConfirmation), " +
                "then it is Signed until its term starts, Active, or Expired")
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
        if (content is not null && NullInsideBodyFilter.NullsInside(content, "content", AgreementContent.Json.PropertyNamingPolicy) is { Count: > 0 } nulls)
            return TypedResults.ValidationProblem(nulls, title: "The content holds null where a value is needed");
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
