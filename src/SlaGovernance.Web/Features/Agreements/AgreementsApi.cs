using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Hosting;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Agreements;

public sealed record AgreementSummaryDto(Guid Id, string Title, string Kind, Guid? VendorId, string? Category, string? Owner, string Status,
    int CurrentVersion, DateOnly TermStart, DateOnly TermEnd, decimal MonthlyFee, string Currency, decimal AnnualValue, string? CostCentre,
    string TimeZone, int Revision)
{
    public static AgreementSummaryDto From(AgreementRow row) => new(row.Id, row.Title, row.Kind, row.VendorId, row.Category, row.Owner, row.Status,
        row.CurrentVersion, row.TermStart, row.TermEnd, row.MonthlyFee, row.Currency, row.AnnualValue, row.CostCentre, row.TimeZone, row.Version);
}

public sealed record AgreementVersionDto(int Number, string Status, string ContentHash, int Round, Guid? WorkflowId, string CreatedBy,
    DateTimeOffset CreatedAt, string UpdatedBy, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, bool Editable)
{
    public static AgreementVersionDto From(AgreementVersionRow row) => new(row.Number, row.Status, row.ContentHash, row.Round, row.WorkflowId,
        row.CreatedBy, row.CreatedAt, row.UpdatedBy, row.UpdatedAt, row.SubmittedAt, row.DecidedAt, row.IsEditable);
}

public sealed record AgreementDto(AgreementSummaryDto Agreement, AgreementVersionDto Version, AgreementContent Content)
{
    public static AgreementDto From(AgreementView view) =>
        new(AgreementSummaryDto.From(view.Agreement), AgreementVersionDto.From(view.Version), view.Version.Parsed);
}

public sealed record AgreementDocumentDto(Guid Id, int VersionNumber, string Kind, string FileName, string ContentType, string Sha256, int SizeBytes,
    string CreatedBy, DateTimeOffset CreatedAt)
{
    public static AgreementDocumentDto From(AgreementDocumentRow row) => new(row.Id, row.VersionNumber, row.Kind, row.FileName, row.ContentType,
        row.Sha256, row.SizeBytes, row.CreatedBy, row.CreatedAt);
}

public sealed record AgreementRenewalDto(DateOnly PreviousEnd, DateOnly NewEnd, int Periods, DateTimeOffset RenewedAt);

public sealed record AgreementTerminationDto(DateOnly EffectiveOn, string? Reason, string? By, DateTimeOffset? RecordedAt);

/// <summary>The agreement after approval: its status, the signed term (absent until signed), its renewals and an early end.</summary>
public sealed record AgreementLifecycleDto(Guid AgreementId, string Status, int? SignedVersion, DateOnly? TermStart, DateOnly? TermEnd, string? TimeZone,
    DateTimeOffset? ActiveFrom, DateTimeOffset? ActiveUntil, string? RenewsFor, IReadOnlyList<AgreementRenewalDto> Renewals,
    AgreementTerminationDto? Termination)
{
    public static AgreementLifecycleDto From(AgreementLifecycleView view)
    {
        var term = view.Term;
        return new(view.Agreement.Id, view.Agreement.Status, term?.VersionNumber, term?.TermStart, term?.TermEnd, term?.TimeZone, view.ActiveFrom,
            view.ActiveUntil, term is null ? null : AgreementLifecycle.RenewalTerm(term)?.ToString(),
            view.Renewals.Select(r => new AgreementRenewalDto(r.PreviousEnd, r.NewEnd, r.Periods, r.RenewedAt)).ToList(),
            term?.EndsOn is { } endsOn
                ? new AgreementTerminationDto(endsOn, term.TerminationReason, term.TerminatedBy, term.TerminatedAt)
                : null);
    }
}

public sealed record TerminationRequest(DateOnly? EffectiveOn, string? Reason);

public static class AgreementsApi
{
    public static RouteGroupBuilder MapAgreementsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/agreements").WithTags("Agreements");
        group.MapGet("/", List).WithName("ListAgreements").WithSummary("Agreements, paged, by title and status").RequireAuthorization(Policies.Reader);
        group.MapGet("/{id:guid}", Get).WithName("GetAgreement")
            .WithSummary("An agreement with its current version's content; the ETag is the revision to send back in If-Match").RequireAuthorization(Policies.Reader);
        group.MapGet("/{id:guid}/versions", Versions).WithName("ListAgreementVersions").WithSummary("Every version with its status and content hash")
            .RequireAuthorization(Policies.Reader);
        group.MapGet("/{id:guid}/versions/{number:int}", Version).WithName("GetAgreementVersion").WithSummary("One version's content")
            .RequireAuthorization(Policies.Reader);
        group.MapGet("/{id:guid}/versions/{number:int}/changes", Changes).WithName("GetAgreementRoundChanges")
            .WithSummary("What a round changed: against the round before it, or for a version's first round against the version before")
            .RequireAuthorization(Policies.Reader);
        group.MapPost("/", Create).WithName("CreateAgreement").WithSummary("Draft an agreement (version 1)").RequireAuthorization(Policies.Drafter);
        group.MapPut("/{id:guid}/draft", SaveDraft).WithName("SaveAgreementDraft")
            .WithSummary("Replace the current draft's content; requires If-Match; 412 when stale, 403 when the version is frozen")
            .RequireAuthorization(Policies.Drafter);
        group.MapPost("/{id:guid}/submit", Submit).WithName("SubmitAgreement")
            .WithSummary("Submit the draft for approval by policy (workflows/sla-approval.json); requires If-Match").RequireAuthorization(Policies.Drafter);
        group.MapPost("/{id:guid}/signature", RecordSignature).WithName("RecordAgreementSignature")
            .WithSummary("Record the signature of the approved version: multipart form with file (PDF or .docx), signedOn and signatories")
            .DisableAntiforgery().WithUploadLimit(UploadLimit.Document).RequireAuthorization(Policies.Drafter);
        group.MapPost("/import", Import).WithName("ImportAgreement")
            .WithSummary("Import an agreement signed outside the system, without approval: multipart form with content (the agreement JSON, as for " +
                "create), file (the signed PDF or .docx), signedOn and signatories; it is Active, Approved until its term starts, or Expired")
            .DisableAntiforgery().WithUploadLimit(UploadLimit.Document).RequireAuthorization(Policies.ContractKeeper);
        group.MapGet("/{id:guid}/lifecycle", Lifecycle).WithName("GetAgreementLifecycle")
            .WithSummary("Status, signed term (active from and until, in the agreement's zone), tacit renewals and an early end")
            .RequireAuthorization(Policies.Reader);
        group.MapPost("/{id:guid}/termination", Terminate).WithName("TerminateAgreement")
            .WithSummary("End an Active (or signed Approved) agreement early: effectiveOn (today in its zone or later, not after the term's end) and reason; " +
                "today ends it at once, a later day by the lifecycle sweeper")
            .RequireAuthorization(Policies.ContractKeeper);
        group.MapGet("/{id:guid}/documents", Documents).WithName("ListAgreementDocuments").WithSummary("Documents kept with the agreement")
            .RequireAuthorization(Policies.Reader);
        group.MapGet("/{id:guid}/documents/{documentId:guid}", Download).WithName("DownloadAgreementDocument").WithSummary("Download a document")
            .RequireAuthorization(Policies.Reader);
        group.MapGet("/{id:guid}/versions/{number:int}/contract", DownloadContract).WithName("DownloadAgreementContract")
            .WithSummary("Download the Word contract generated when the version was approved").RequireAuthorization(Policies.Reader);
        group.MapPost("/{id:guid}/versions/{number:int}/contract", GenerateContract).WithName("GenerateAgreementContract")
            .WithSummary("Generate the contract of an approved version that has none; 409 when it has one").RequireAuthorization(Policies.ContractIssuer);
        group.MapPost("/{id:guid}/versions", NewVersion).WithName("StartAgreementVersion")
            .WithSummary("Start a new draft version from the latest decided one; requires If-Match").RequireAuthorization(Policies.Drafter);
        return api;
    }

    private static async Task<IResult> List(AgreementStore agreements, string? search, string? status, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(status) && !AgreementStatus.All.Contains(status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"'{status}' is not a status; use one of {string.Join(", ", AgreementStatus.All)}."],
            });
        var result = await agreements.ListAsync(new AgreementQuery(search, status, PageRequest.Of(page, pageSize)), cancellationToken);
        return TypedResults.Ok(new PageDto<AgreementSummaryDto>(result.Items.Select(AgreementSummaryDto.From).ToList(), result.PageNumber,
            result.PageSize, result.Total));
    }

    private static async Task<IResult> Get(Guid id, AgreementStore agreements, HttpContext context, CancellationToken cancellationToken)
    {
        if (await agreements.GetAsync(id, cancellationToken) is not { } row)
            return NotFound(id);
        var version = (await agreements.GetVersionAsync(id, row.CurrentVersion, cancellationToken))!;
        context.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(AgreementDto.From(new AgreementView(row, version)));
    }

    private static async Task<IResult> Versions(Guid id, AgreementStore agreements, CancellationToken cancellationToken) =>
        await agreements.GetAsync(id, cancellationToken) is null
            ? NotFound(id)
            : TypedResults.Ok((await agreements.VersionsAsync(id, cancellationToken)).Select(AgreementVersionDto.From).ToList());

    private static async Task<IResult> Version(Guid id, int number, AgreementStore agreements, CancellationToken cancellationToken) =>
        await agreements.GetVersionAsync(id, number, cancellationToken) is { } version
            ? TypedResults.Ok(new { version = AgreementVersionDto.From(version), content = version.Parsed })
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Agreement {id} has no version {number}.");

    private static async Task<IResult> Changes(Guid id, int number, int? round, AgreementRounds rounds, CancellationToken cancellationToken) =>
        await rounds.ChangesAsync(id, number, round, cancellationToken) is { } changes
            ? TypedResults.Ok(changes)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: round is null ? $"Version {number} of agreement {id} was never submitted." : $"Version {number} of agreement {id} has no round {round}.");

    private static async Task<IResult> Create(AgreementContent content, AgreementCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await commands.CreateAsync(context.User.UserName(), content, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandResults.Failure(context, result, v => v.Agreement.Version);
        context.Response.Headers.ETag = ETags.For(result.Value!.Agreement.Version);
        return TypedResults.Created($"/api/v1/agreements/{result.Value.Agreement.Id}", AgreementDto.From(result.Value));
    }

    private static async Task<IResult> SaveDraft(Guid id, AgreementContent content, AgreementCommands commands, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } revision)
            return ETags.PreconditionRequired();
        return Answer(context, await commands.SaveDraftAsync(context.User.UserName(), id, content, revision, cancellationToken));
    }

    private static async Task<IResult> Submit(Guid id, AgreementCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } revision)
            return ETags.PreconditionRequired();
        return Answer(context, await commands.SubmitAsync(context.User.UserName(), id, revision, cancellationToken));
    }

    private static async Task<IResult> NewVersion(Guid id, AgreementCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } revision)
            return ETags.PreconditionRequired();
        return Answer(context, await commands.NewVersionAsync(context.User.UserName(), id, revision, cancellationToken));
    }

    private static async Task<IResult> RecordSignature(Guid id, HttpRequest request, AgreementCommands commands, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send a multipart form with the signed copy as 'file'."] });
        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file");
        var content = await ReadAllAsync(file, cancellationToken);
        var result = await commands.RecordSignatureAsync(context.User.UserName(), id,
            new SignatureInput(ParseDate(form["signedOn"].ToString()), form["signatories"].ToString(), file?.FileName, file?.ContentType, content),
            cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(new { result.Value!.VersionNumber, SignedOn = result.Value.SignedOn, result.Value.Signatories,
                result.Value.DocumentId })
            : CommandResults.Failure(context, result);
    }

    private static async Task<IResult> Import(HttpRequest request, AgreementImport import, HttpContext context, CancellationToken cancellationToken)
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
        var signature = new SignatureInput(ParseDate(form["signedOn"].ToString()), form["signatories"].ToString(), file?.FileName, file?.ContentType,
            await ReadAllAsync(file, cancellationToken));
        var result = await import.ImportAsync(context.User.UserName(), new ImportInput(content, problem, signature), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandResults.Failure(context, result, v => v.Agreement.Version);
        context.Response.Headers.ETag = ETags.For(result.Value!.Agreement.Version);
        return TypedResults.Created($"/api/v1/agreements/{result.Value.Agreement.Id}", AgreementDto.From(result.Value));
    }

    /// <summary>The agreement JSON of an import, or what is wrong with it.</summary>
    public static (AgreementContent? Content, string? Problem) ParseContent(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return (null, "Give the agreement's content as JSON, in the same form as for creating one.");
        try
        {
            return (System.Text.Json.JsonSerializer.Deserialize<AgreementContent>(json, AgreementContent.Json), null);
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, $"The content is not a valid agreement{(e.LineNumber is { } line ? $" (line {line + 1})" : "")}: {e.Message}");
        }
    }

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None,
            out var parsed) ? parsed : null;

    /// <summary>An uploaded file's bytes, or null when none was sent; sizes are capped before this by the request limits.</summary>
    public static async Task<byte[]?> ReadAllAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null)
            return null;
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static async Task<IResult> Lifecycle(Guid id, AgreementLifecycle lifecycle, CancellationToken cancellationToken) =>
        await lifecycle.GetAsync(id, cancellationToken) is { } view ? TypedResults.Ok(AgreementLifecycleDto.From(view)) : NotFound(id);

    private static async Task<IResult> Terminate(Guid id, TerminationRequest body, AgreementLifecycle lifecycle, HttpContext context,
        CancellationToken cancellationToken)
    {
        var result = await lifecycle.TerminateAsync(context.User.UserName(), id, new TerminationInput(body.EffectiveOn, body.Reason), cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(AgreementLifecycleDto.From((await lifecycle.GetAsync(id, cancellationToken))!))
            : CommandResults.Failure(context, result);
    }

    private static async Task<IResult> Documents(Guid id, AgreementDocumentStore documents, CancellationToken cancellationToken) =>
        TypedResults.Ok((await documents.OfAgreementAsync(id, cancellationToken)).Select(AgreementDocumentDto.From).ToList());

    private static async Task<IResult> Download(Guid id, Guid documentId, AgreementDocumentStore documents, CancellationToken cancellationToken) =>
        await documents.GetAsync(id, documentId, cancellationToken) is { } document
            ? TypedResults.File(document.Content, document.ContentType, document.FileName)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Agreement {id} has no document {documentId}.");

    private static async Task<IResult> DownloadContract(Guid id, int number, AgreementDocumentStore documents, CancellationToken cancellationToken) =>
        await documents.OfVersionAsync(id, number, AgreementDocumentKinds.Contract, cancellationToken) is { } contract
            ? await Download(id, contract.Id, documents, cancellationToken)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"Agreement {id} has no contract for version {number}; a contract is generated when a version is approved.");

    private static async Task<IResult> GenerateContract(Guid id, int number, AgreementContracts contracts, HttpContext context,
        CancellationToken cancellationToken)
    {
        var result = await contracts.GenerateAsync(context.User.UserName(), id, number, cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Created($"/api/v1/agreements/{id}/documents/{result.Value!.Id}", AgreementDocumentDto.From(result.Value))
            : CommandResults.Failure(context, result);
    }

    private static IResult Answer(HttpContext context, CommandResult<AgreementView> result)
    {
        if (result.Status != CommandStatus.Ok)
            return CommandResults.Failure(context, result, v => v.Agreement.Version);
        context.Response.Headers.ETag = ETags.For(result.Value!.Agreement.Version);
        return TypedResults.Ok(AgreementDto.From(result.Value));
    }

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No agreement has id {id}.");
}
