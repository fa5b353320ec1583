using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using SlaGovernance.Data.Audits;
using SlaGovernance.Domain.Audits;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Features.Exports;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Audits;

public sealed record StartAuditBody
{
    public Guid? AgreementId { get; init; }

    /// <summary>The audit lead: a vendor manager's user name.</summary>
    public string? Lead { get; init; }

    /// <summary>The first day of fieldwork, at least the agreement's notice period away; the evidence is due that day.</summary>
    public DateOnly? FieldworkOn { get; init; }

    /// <summary>Periods to recompute from raw data: months (2027-03) or quarters (2027-Q1).</summary>
    public IReadOnlyList<string>? Periods { get; init; }

    /// <summary>Documents asked of the vendor, one an item.</summary>
    public IReadOnlyList<string>? Documents { get; init; }

    /// <summary>The audit's scope; the agreement's audit scope when left out.</summary>
    public string? Scope { get; init; }

    public VendorAuditInput ToInput() => new(AgreementId, Lead, FieldworkOn is { } d ? LocalDate.FromDateOnly(d) : null, Periods, Documents, Scope);
}

public sealed record FindingBody
{
    public string? Title { get; init; }

    /// <summary>Low, Medium, High or Critical.</summary>
    public string? Severity { get; init; }

    /// <summary>The clause or objective the finding concerns.</summary>
    public string? Concerns { get; init; }
    public string? Evidence { get; init; }

    /// <summary>The person at the vendor who owns the finding.</summary>
    public string? VendorOwner { get; init; }

    /// <summary>The remediation action agreed with the vendor.</summary>
    public string? Action { get; init; }
    public DateOnly? ActionDueOn { get; init; }

    /// <summary>Who owns the remediation action; that person does not verify it.</summary>
    public string? ActionOwner { get; init; }

    public FindingInput ToInput() => new(Title, Severity, Concerns, Evidence, VendorOwner, Action, ActionDueOn is { } d ? LocalDate.FromDateOnly(d) : null, ActionOwner);
}

public sealed record ActionUpdateBody
{
    public string? Text { get; init; }

    /// <summary>True to report the action done, for the audit lead to verify.</summary>
    public bool Done { get; init; }
}

public sealed record VerifyBody
{
    /// <summary>True to close the finding, false to send the action back (with a note).</summary>
    public bool Accept { get; init; }
    public string? Note { get; init; }
}

public sealed record AcceptRiskBody
{
    public string? Reason { get; init; }
}

public sealed record ActionUpdateDto(Guid Id, string Text, Guid? EvidenceFileId, string By, bool ByVendor, DateTimeOffset At);

public sealed record FindingDto(Guid Id, Guid AuditId, string Reference, int Number, string Title, string Severity, string Concerns, string Evidence,
    string VendorOwner, string Action, DateOnly ActionDueOn, string ActionOwner, string Status, string StatusLabel, bool Overdue, int EscalationLevel,
    string? ClosedBy, DateTimeOffset? ClosedAt, string? ClosingNote, IReadOnlyList<ActionUpdateDto> Updates)
{
    public static FindingDto From(VendorAuditRow audit, FindingRow f, IEnumerable<ActionUpdateRow> updates, DateOnly today) => new(f.Id, f.AuditId,
        $"{audit.Reference}/F{f.Number}", f.Number, f.Title, f.Severity, f.Concerns, f.Evidence, f.VendorOwner, f.ActionText, f.ActionDueOn, f.ActionOwner, f.Status,
        FindingStatus.Label(f.Status), f.Status == FindingStatus.Open && f.ActionDueOn < today, f.EscalationLevel, f.ClosedBy, f.ClosedAt, f.ClosingNote,
        updates.Where(u => u.FindingId == f.Id).Select(u => new ActionUpdateDto(u.Id, u.UpdateText, u.EvidenceFileId, u.ByName, u.ByVendor, u.UpdatedAt)).ToList());
}

public sealed record AuditDocumentDto(Guid Id, string Kind, string FileName, string Sha256, DateTimeOffset CreatedAt, string Href);

public sealed record AuditDto(Guid Id, string Reference, Guid VendorId, string VendorName, Guid AgreementId, string AgreementTitle, string Status,
    string StatusLabel, string Lead, string Scope, IReadOnlyList<string> Periods, IReadOnlyList<string> DocumentsAsked, DateOnly FieldworkOn, int NoticeDays,
    bool Scheduled, Guid? EvidenceRequestId, Guid? WorkflowId, string StartedBy, DateTimeOffset StartedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<AuditFigure> Recomputation, IReadOnlyList<FindingDto> Findings, IReadOnlyList<AuditDocumentDto> Documents);

/// <summary>An audit with its findings, their updates and its documents, as the page and the API show it.</summary>
public sealed class AuditViews(VendorAuditStore audits, Vendors.VendorOwners owners, TimeProvider time)
{
    public async Task<AuditDto?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await audits.GetAsync(id, cancellationToken);
        if (row is null)
            return null;
        var today = await owners.TodayAsync(time.GetUtcNow(), cancellationToken);
        var updates = await audits.UpdatesAsync(id, cancellationToken);
        var findings = (await audits.FindingsAsync(id, cancellationToken)).Select(f => FindingDto.From(row, f, updates, today)).ToList();
        var documents = (await audits.DocumentsAsync(id, cancellationToken))
            .Select(d => new AuditDocumentDto(d.Id, d.Kind, d.FileName, d.Sha256, d.CreatedAt, $"/api/v1/audits/{id}/documents/{d.Id}")).ToList();
        return Summary(row, findings, documents);
    }

    public static AuditDto Summary(VendorAuditRow row, IReadOnlyList<FindingDto>? findings = null, IReadOnlyList<AuditDocumentDto>? documents = null) => new(
        row.Id, row.Reference, row.VendorId, row.VendorName, row.AgreementId, row.AgreementTitle, row.Status, VendorAuditStatus.Label(row.Status), row.LeadUser,
        row.Scope, row.PeriodList, row.ItemList, row.FieldworkOn, row.NoticeDays, row.Scheduled, row.EvidenceRequestId, row.WorkflowId, row.StartedBy,
        row.StartedAt, row.ClosedAt, AuditRecomputation.Parse(row.Recomputation), findings ?? [], documents ?? []);
}

/// <summary>The findings register: every finding of every audit (or one vendor's), as CSV or XLSX.</summary>
public static class FindingsRegisterExport
{
    private static readonly string[] Columns =
    [
        "Finding", "Vendor", "Agreement", "Audit lead", "Title", "Severity", "Concerns", "Owner at the vendor", "Remediation action", "Action due",
        "Action owner", "Status", "Escalation level", "Recorded", "Closed", "Closed by",
    ];

    public static IEnumerable<object?[]> Rows(IEnumerable<FindingRegisterRow> rows) => rows.Select(r => new object?[]
    {
        r.Reference, r.VendorName, r.AgreementTitle, r.LeadUser, r.Title, r.Severity, r.Concerns, r.VendorOwner, r.ActionText, r.ActionDueOn.ToString("yyyy-MM-dd",
            System.Globalization.CultureInfo.InvariantCulture), r.ActionOwner, FindingStatus.Label(r.Status), r.EscalationLevel,
        r.RecordedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        r.ClosedAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.ClosedBy,
    });

    public static byte[] Csv(IReadOnlyList<FindingRegisterRow> rows) => SpreadsheetExport.CsvBytes(SpreadsheetExport.Csv(Columns, Rows(rows)));

    public static byte[] Xlsx(IReadOnlyList<FindingRegisterRow> rows) => SpreadsheetExport.Xlsx(new ExportSheet("Findings", Columns, Rows(rows)));
}

public static class AuditsApi
{
    public static RouteGroupBuilder MapAuditsApi(this RouteGroupBuilder api)
    {
        var audits = api.MapGroup("/audits").WithTags("Vendor audits");
        audits.MapGet("/", List).WithName("ListVendorAudits").WithSummary("Every vendor audit, latest fieldwork first").RequireAuthorization(Policies.Reader);
        audits.MapGet("/findings.csv", RegisterCsv).WithName("ExportFindingsCsv").WithSummary("The findings register as CSV; ?vendorId= for one vendor's")
            .ProducesFile(SpreadsheetExport.CsvMediaType).RequireAuthorization(Policies.Reader);
        audits.MapGet("/findings.xlsx", RegisterXlsx).WithName("ExportFindingsXlsx").WithSummary("The findings register as an XLSX workbook; ?vendorId= for one vendor's")
            .ProducesFile(SpreadsheetExport.XlsxMediaType).RequireAuthorization(Policies.Reader);
        audits.MapGet("/{id:guid}", Get).WithName("GetVendorAudit")
            .WithSummary("An audit with its recomputed figures, findings, remediation updates and documents").RequireAuthorization(Policies.Reader);
        audits.MapGet("/{id:guid}/documents/{documentId:guid}", Document).WithName("DownloadAuditDocument")
            .WithSummary("The audit's notice letter or report (Word), with its SHA-256 in the ETag").ProducesFile(Documents.Letters.NoticeLetter.ContentType)
            .RequireAuthorization(Policies.Reader);
        audits.MapPost("/{id:guid}/recompute", Recompute).WithName("RecomputeAuditPeriods")
            .WithSummary("The audit lead: recompute each audited period from raw data through the compliance reports and compare with the vendor's figures")
            .RequireAuthorization(Policies.VendorEditor);
        audits.MapPost("/{id:guid}/findings", Record).WithName("RecordAuditFinding")
            .WithSummary("The audit lead, during fieldwork: record a finding with its agreed remediation action").RequireAuthorization(Policies.VendorEditor);
        audits.MapPost("/{id:guid}/findings/{findingId:guid}/updates", StaffUpdate).WithName("UpdateRemediationAction")
            .WithSummary("Staff: add progress to a remediation action, optionally reporting it done (JSON, or multipart 'text', 'done' and one 'file')")
            .Accepts<ActionUpdateBody>("application/json", "multipart/form-data").WithUploadLimit(UploadLimit.Document).DisableAntiforgery()
            .RequireAuthorization(Policies.VendorEditor);
        audits.MapPost("/{id:guid}/findings/{findingId:guid}/verify", Verify).WithName("VerifyRemediationAction")
            .WithSummary("The audit lead: close a finding whose action is reported done, or send it back with a note; never its owner or reporter")
            .RequireAuthorization(Policies.VendorEditor);
        audits.MapPost("/{id:guid}/findings/{findingId:guid}/accept-risk", AcceptRisk).WithName("AcceptFindingRisk")
            .WithSummary("A member of the Governance board: accept a finding's risk with a reason instead of its remediation")
            .RequireAuthorization(Policies.RiskAcceptor);

        var vendors = api.MapGroup("/vendors/{id:guid}/audits").WithTags("Vendor audits");
        vendors.MapGet("/", OfVendor).WithName("ListAuditsOfVendor").WithSummary("A vendor's audits").RequireAuthorization(Policies.Reader);
        vendors.MapPost("/", Start).WithName("StartVendorAudit")
            .WithSummary("Start an audit by hand under one of the vendor's signed agreements' audit rights (workflows/vendor-audit.json)")
            .RequireAuthorization(Policies.VendorEditor);

        var vendor = api.MapGroup("/vendor/audit-actions").WithTags("Vendor inbox");
        vendor.MapGet("/", OwnActions).WithName("ListMyRemediationActions")
            .WithSummary("With a vendor token: your audits' findings and their remediation actions, soonest due first").RequireAuthorization(Policies.VendorPortal);
        vendor.MapPost("/{id:guid}/updates", VendorUpdate).WithName("UpdateMyRemediationAction")
            .WithSummary("With a vendor token: add progress to a remediation action with evidence, optionally reporting it done")
            .WithDescription($"JSON {{\"text\": \"…\", \"done\": true}}, or multipart with 'text', 'done' and one 'file' part ({EvidenceTypes.Accepted}); a refused file refuses the whole update.")
            .Accepts<ActionUpdateBody>("application/json", "multipart/form-data").WithUploadLimit(UploadLimit.Document).DisableAntiforgery()
            .RequireAuthorization(Policies.VendorPortal);
        return api;
    }

    private static AuditActor Actor(HttpContext context) => new(context.User.UserName(), context.User.IsInRole(Roles.Admin));

    private static async Task<Ok<List<AuditDto>>> List(VendorAuditStore audits, CancellationToken cancellationToken) =>
        TypedResults.Ok((await audits.AllAsync(cancellationToken)).Select(a => AuditViews.Summary(a)).ToList());

    private static async Task<Results<Ok<List<AuditDto>>, NotFoundProblem>> OfVendor(Guid id, Data.Vendors.VendorStore vendors, VendorAuditStore audits,
        CancellationToken cancellationToken)
    {
        if (await vendors.GetAsync(id, cancellationToken) is null)
            return new NotFoundProblem($"No vendor has id {id}.");
        return TypedResults.Ok((await audits.OfVendorAsync(id, cancellationToken)).Select(a => AuditViews.Summary(a)).ToList());
    }

    private static async Task<Results<Ok<AuditDto>, NotFoundProblem>> Get(Guid id, AuditViews views, CancellationToken cancellationToken) =>
        await views.GetAsync(id, cancellationToken) is { } audit ? TypedResults.Ok(audit) : new NotFoundProblem($"No audit has id {id}.");

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> Document(Guid id, Guid documentId, VendorAuditStore audits, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (await audits.DocumentAsync(id, documentId, cancellationToken) is not { } document)
            return new NotFoundProblem($"Audit {id} has no document {documentId}.");
        context.Response.Headers.ETag = $"\"{document.Sha256}\"";
        return TypedResults.File(document.Content, Documents.Letters.NoticeLetter.ContentType, document.FileName);
    }

    private static async Task<FileContentHttpResult> RegisterCsv(Guid? vendorId, VendorAuditStore audits, CancellationToken cancellationToken) =>
        TypedResults.File(FindingsRegisterExport.Csv(await audits.RegisterAsync(vendorId, cancellationToken)), SpreadsheetExport.CsvMediaType + "; charset=utf-8",
            "findings.csv");

    private static async Task<FileContentHttpResult> RegisterXlsx(Guid? vendorId, VendorAuditStore audits, CancellationToken cancellationToken) =>
        TypedResults.File(FindingsRegisterExport.Xlsx(await audits.RegisterAsync(vendorId, cancellationToken)), SpreadsheetExport.XlsxMediaType, "findings.xlsx");

    private static async Task<Results<Created<AuditDto>, CommandFailure<ValidationProblem, NotFoundProblem>>> Start(Guid id, StartAuditBody body,
        StartVendorAudit start, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await start.StartAsync(context.User.UserName(), id, body.ToInput(), cancellationToken: cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem>.For(context, result);
        return TypedResults.Created($"/api/v1/audits/{result.Value!.Id}", AuditViews.Summary(result.Value));
    }

    private static async Task<Results<Ok<AuditDto>, CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>> Recompute(Guid id,
        AuditFindings findings, AuditViews views, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await findings.RecomputeAsync(Actor(context), id, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>.For(context, result);
        return TypedResults.Ok((await views.GetAsync(id, cancellationToken))!);
    }

    private static async Task<Results<Created<AuditDto>, CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>> Record(Guid id,
        FindingBody body, AuditFindings findings, AuditViews views, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await findings.RecordAsync(Actor(context), id, body.ToInput(), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>.For(context, result);
        return TypedResults.Created($"/api/v1/audits/{id}", (await views.GetAsync(id, cancellationToken))!);
    }

    private static async Task<(string? Text, bool Done, IReadOnlyList<IncomingFile> Files)?> ReadUpdateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return (form["text"].ToString(), bool.TryParse(form["done"].ToString(), out var done) && done,
                [.. form.Files.Select(f => new IncomingFile(f.FileName, f.OpenReadStream()))]);
        }
        if (request.HasJsonContentType())
        {
            var body = await request.ReadFromJsonAsync<ActionUpdateBody>(cancellationToken);
            return (body?.Text, body?.Done ?? false, []);
        }
        return null;
    }

    private static async Task<Results<Ok<AuditDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>, UnsupportedMediaTypeProblem>> StaffUpdate(
        Guid id, Guid findingId, HttpRequest request, AuditFindings findings, VendorAuditStore audits, AuditViews views, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (await audits.FindingAsync(findingId, cancellationToken) is not { } finding || finding.AuditId != id)
            return CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context,
                CommandResult<FindingRow>.NotFound($"Audit {id} has no finding {findingId}."));
        if (await ReadUpdateAsync(request, cancellationToken) is not { } update)
            return new UnsupportedMediaTypeProblem($"Send the update as application/json or multipart/form-data, not '{request.ContentType}'.");
        var result = await findings.UpdateActionAsync(EvidenceSender.Of(context.User), findingId, update.Text, update.Done, update.Files, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
        return TypedResults.Ok((await views.GetAsync(id, cancellationToken))!);
    }

    private static async Task<Results<Ok<AuditDto>, CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>> Verify(Guid id,
        Guid findingId, VerifyBody body, AuditFindings findings, AuditViews views, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await findings.VerifyAsync(Actor(context), id, findingId, body.Accept, body.Note, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>.For(context, result);
        return TypedResults.Ok((await views.GetAsync(id, cancellationToken))!);
    }

    private static async Task<Results<Ok<AuditDto>, CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>> AcceptRisk(Guid id,
        Guid findingId, AcceptRiskBody body, AuditFindings findings, AuditViews views, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await findings.AcceptRiskAsync(Actor(context), id, findingId, body.Reason, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>.For(context, result);
        return TypedResults.Ok((await views.GetAsync(id, cancellationToken))!);
    }

    private static async Task<Ok<List<FindingDto>>> OwnActions(VendorAuditStore audits, Vendors.VendorOwners owners, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var today = await owners.TodayAsync(time.GetUtcNow(), cancellationToken);
        var list = new List<FindingDto>();
        foreach (var audit in await audits.OfVendorAsync(context.User.VendorId()!.Value, cancellationToken))
        {
            var updates = await audits.UpdatesAsync(audit.Id, cancellationToken);
            list.AddRange((await audits.FindingsAsync(audit.Id, cancellationToken)).Select(f => FindingDto.From(audit, f, updates, today)));
        }
        return TypedResults.Ok(list.OrderBy(f => FindingStatus.IsSettled(f.Status)).ThenBy(f => f.ActionDueOn).ToList());
    }

    private static async Task<Results<Ok<FindingDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>, UnsupportedMediaTypeProblem>> VendorUpdate(
        Guid id, HttpRequest request, AuditFindings findings, VendorAuditStore audits, Vendors.VendorOwners owners, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (await ReadUpdateAsync(request, cancellationToken) is not { } update)
            return new UnsupportedMediaTypeProblem($"Send the update as application/json or multipart/form-data, not '{request.ContentType}'.");
        var result = await findings.UpdateActionAsync(EvidenceSender.Of(context.User), id, update.Text, update.Done, update.Files, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
        var audit = (await audits.GetAsync(result.Value!.AuditId, cancellationToken))!;
        return TypedResults.Ok(FindingDto.From(audit, result.Value, await audits.UpdatesAsync(audit.Id, cancellationToken),
            await owners.TodayAsync(time.GetUtcNow(), cancellationToken)));
    }
}
