using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Claims;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Claims;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Web.Features.Exports;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Claims;

public sealed record OpenCreditClaimBody
{
    /// <summary>The period claimed for, such as 2026-03; its latest report revision grounds the claim.</summary>
    public string? Period { get; init; }

    /// <summary>The objectives claimed for ("Service Metric" as the report names them); absent, every objective that earned credit.</summary>
    public IReadOnlyList<string>? Objectives { get; init; }

    /// <summary>The amount; absent, the report's capped credit less what the period's other claims hold.</summary>
    public decimal? Amount { get; init; }
}

public sealed record SettlementBody
{
    public string? CreditNote { get; init; }
    public decimal? Amount { get; init; }
    public DateOnly? SettledOn { get; init; }
}

public sealed record CreditSettlementDto(string CreditNote, decimal Amount, DateOnly SettledOn, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record CreditClaimDto(Guid Id, string Reference, Guid AgreementId, string AgreementTitle, string? VendorName, string Period, int ReportRevision,
    IReadOnlyList<ClaimGround> Grounds, decimal Amount, string Currency, string Status, string StatusLabel, DateOnly ClaimDeadline, decimal Settled,
    decimal Outstanding, string? VendorResponse, string? VendorComment, string? LegalOutcome, string RequestedBy, DateTimeOffset RequestedAt,
    IReadOnlyList<CreditSettlementDto> Settlements, EarnBackAssessment? EarnBack)
{
    public static CreditClaimDto From(CreditClaimView view)
    {
        var c = view.Claim;
        return new(c.Id, c.Reference, c.AgreementId, view.AgreementTitle, view.VendorName, c.Period, c.ReportRevision, c.ParsedGrounds, c.Amount, c.Currency,
            c.Status, CreditClaimStatus.Label(c.Status), c.ClaimDeadline, view.Settled, view.Outstanding, c.VendorResponse, c.VendorComment, c.LegalOutcome,
            c.RequestedBy, c.RequestedAt, [.. view.Settlements.Select(s => new CreditSettlementDto(s.CreditNote, s.Amount, s.SettledOn, s.RecordedBy, s.RecordedAt))],
            view.EarnBack);
    }
}

public sealed record CreditClaimListDto(Guid Id, string Reference, Guid AgreementId, string AgreementTitle, string? VendorName, string Period, decimal Amount,
    decimal Settled, decimal Outstanding, string Currency, string Status, string StatusLabel, DateOnly ClaimDeadline)
{
    public static CreditClaimListDto From(CreditClaimListRow r) => new(r.Id, r.Reference, r.AgreementId, r.AgreementTitle, r.VendorName, r.Period, r.Amount,
        r.Settled, r.Outstanding, r.Currency, r.Status, CreditClaimStatus.Label(r.Status), r.ClaimDeadline);
}

/// <summary>Totals of claims per vendor, year and currency: claimed, settled and outstanding.</summary>
public sealed record ClaimTotalDto(string? VendorName, string Year, string Currency, decimal Claimed, decimal Settled, decimal Outstanding)
{
    public static IReadOnlyList<ClaimTotalDto> Of(IEnumerable<CreditClaimListRow> rows) =>
        [.. rows.Where(r => CreditClaimStatus.Counts(r.Status)).GroupBy(r => (r.VendorName, Year: r.Period[..4], r.Currency))
            .OrderBy(g => g.Key.VendorName, StringComparer.Ordinal).ThenBy(g => g.Key.Year, StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => new ClaimTotalDto(g.Key.VendorName, g.Key.Year, g.Key.Currency, g.Sum(r => r.Amount), g.Sum(r => r.Settled), g.Sum(r => r.Outstanding)))];
}

/// <summary>Task lines naming a claim or a close: the agreement, the vendor, and what is at stake.</summary>
public sealed class ClaimTaskSummary(CreditClaimStore claims, AgreementStore agreements, VendorStore vendors) : IWorkflowSubjectSummary
{
    public string SubjectType => CreditClaims.SubjectType;

    public async Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subject.Id, out var id) || await claims.GetAsync(id, cancellationToken) is not { } claim
            || await agreements.GetAsync(claim.AgreementId, cancellationToken) is not { } agreement)
            return null;
        var vendor = agreement.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.Name : null;
        return string.Join(" · ", new[] { agreement.Title, vendor, $"{claim.Reference}, {CreditClaims.Money(claim.Amount, claim.Currency)} for {claim.Period}" }
            .Where(p => p is not null));
    }
}

public sealed class CloseTaskSummary(AgreementStore agreements, VendorStore vendors) : IWorkflowSubjectSummary
{
    public string SubjectType => ComplianceCloses.SubjectType;

    public async Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken)
    {
        var (agreementId, period) = ComplianceCloses.Parse(subject.Id);
        if (await agreements.GetAsync(agreementId, cancellationToken) is not { } agreement)
            return null;
        var vendor = agreement.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.Name : null;
        var review = subject.FieldValue("reviewSummary") is string { Length: > 0 } found ? $": {found}; credit due {subject.FieldValue("creditDue")}" : "";
        return string.Join(" · ", new[] { agreement.Title, vendor, $"month-end close of {period}{review}" }.Where(p => p is not null));
    }
}

/// <summary>Month-end closes, breach reviews and credit claims (issue 20), registered and mapped together.</summary>
public static class ClaimsFeature
{
    public static WebApplicationBuilder AddClaims(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ComplianceCloseOptions>(builder.Configuration.GetSection("ComplianceClose"));
        services.AddSingleton<CreditClaims>();
        services.AddSingleton<ComplianceCloses>();
        services.AddHostedService<ComplianceCloseSweep>();
        services.AddSingleton<IWorkflowAction, CreditClaimSendAction>();
        services.AddSingleton<IWorkflowAction, CreditClaimAnswerAction>();
        services.AddSingleton<IWorkflowAction>(p => ActivatorUtilities.CreateInstance<CreditClaimLegalAction>(p, true));
        services.AddSingleton<IWorkflowAction>(p => ActivatorUtilities.CreateInstance<CreditClaimLegalAction>(p, false));
        services.AddSingleton<IWorkflowAction, ComplianceCloseCheckAction>();
        services.AddSingleton<IWorkflowAction, ComplianceCloseComputeAction>();
        foreach (var outcome in new[] { "claim", "waive", "dispute" })
            services.AddSingleton<IWorkflowAction>(p => ActivatorUtilities.CreateInstance<ComplianceCloseOutcomeAction>(p, outcome));
        services.AddSingleton<SlaGovernance.Data.Events.IDomainEventSubscriber, ClaimsFollowVendorAnswers>();
        services.AddSingleton<IWorkflowSubjectSummary, ClaimTaskSummary>();
        services.AddSingleton<IWorkflowSubjectSummary, CloseTaskSummary>();
        services.AddAttentionSource<ClaimsAttention>();
        return builder;
    }

    public static RouteGroupBuilder MapClaimsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/agreements/{id:guid}/credit-claims", OpenAsync).WithTags("Credit claims").WithName("OpenCreditClaim")
            .WithSummary("Claim a period's service credits from its latest report: the objectives that earned credit (or those named), for the report's " +
                "capped credit less the period's other claims (or the amount given); starts workflows/credit-claim.json, which sends the letter")
            .RequireAuthorization(Policies.ComplianceReporter);
        api.MapGet("/agreements/{id:guid}/credit-claims", OfAgreementAsync).WithTags("Credit claims").WithName("ListAgreementCreditClaims")
            .WithSummary("An agreement's credit claims, newest first").RequireAuthorization(Policies.Reader);
        api.MapGet("/credit-claims", RegisterAsync).WithTags("Credit claims").WithName("ListCreditClaims")
            .WithSummary("The claims register, filterable by vendor and status").RequireAuthorization(Policies.Reader);
        api.MapGet("/credit-claims/totals", TotalsAsync).WithTags("Credit claims").WithName("CreditClaimTotals")
            .WithSummary("Claimed, settled and outstanding per vendor, year and currency").RequireAuthorization(Policies.Reader);
        api.MapGet("/credit-claims.csv", CsvAsync).WithTags("Credit claims").WithName("ExportCreditClaimsCsv").WithSummary("The claims register as CSV")
            .RequireAuthorization(Policies.Reader).ProducesFile(SpreadsheetExport.CsvMediaType);
        api.MapGet("/credit-claims.xlsx", XlsxAsync).WithTags("Credit claims").WithName("ExportCreditClaimsXlsx").WithSummary("The claims register as XLSX")
            .RequireAuthorization(Policies.Reader).ProducesFile(SpreadsheetExport.XlsxMediaType);
        api.MapGet("/credit-claims/{id:guid}", GetAsync).WithTags("Credit claims").WithName("GetCreditClaim")
            .WithSummary("One claim with its grounds, the vendor's answer and the credit notes recorded").RequireAuthorization(Policies.Reader);
        api.MapGet("/credit-claims/{id:guid}/letter", LetterAsync).WithTags("Credit claims").WithName("GetCreditClaimLetter")
            .WithSummary("The claim letter sent to the vendor (.docx)").RequireAuthorization(Policies.Reader)
            .ProducesFile(SlaGovernance.Documents.Letters.NoticeLetter.ContentType);
        api.MapPost("/credit-claims/{id:guid}/settlements", SettleAsync).WithTags("Credit claims").WithName("RecordCreditSettlement")
            .WithSummary("Finance records a credit note against a claim (partial settlements allowed, never above what is outstanding)")
            .RequireAuthorization(Policies.Reader);
        return api;
    }

    private static async Task<Results<Created<CreditClaimDto>, CommandFailure<ValidationProblem, NotFoundProblem>>> OpenAsync(Guid id, OpenCreditClaimBody body,
        CreditClaims claims, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await claims.OpenAsync(context.User.UserName(), id, new CreditClaimInput(body.Period, body.Objectives, body.Amount), cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Created($"/api/v1/credit-claims/{result.Value!.Claim.Id}", CreditClaimDto.From(result.Value))
            : CommandFailure<ValidationProblem, NotFoundProblem>.For(context, result);
    }

    private static async Task<Ok<List<CreditClaimListDto>>> OfAgreementAsync(Guid id, CreditClaimStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(id, null, null, cancellationToken)).Select(CreditClaimListDto.From).ToList());

    private static async Task<Ok<List<CreditClaimListDto>>> RegisterAsync(Guid? vendorId, string? status, CreditClaimStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(null, vendorId, string.IsNullOrWhiteSpace(status) ? null : status, cancellationToken))
            .Select(CreditClaimListDto.From).ToList());

    private static async Task<Ok<IReadOnlyList<ClaimTotalDto>>> TotalsAsync(CreditClaimStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(ClaimTotalDto.Of(await store.ListAsync(null, null, null, cancellationToken)));

    private static readonly string[] Columns =
        ["Claim", "Agreement", "Vendor", "Period", "Amount", "Settled", "Outstanding", "Currency", "Status", "Claim deadline"];

    private static IEnumerable<object?[]> Rows(IEnumerable<CreditClaimListRow> rows) => rows.Select(r => new object?[]
    {
        r.Reference, r.AgreementTitle, r.VendorName, r.Period, r.Amount, r.Settled, r.Outstanding, r.Currency, CreditClaimStatus.Label(r.Status),
        r.ClaimDeadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    });

    private static async Task<FileContentHttpResult> CsvAsync(CreditClaimStore store, CancellationToken cancellationToken) =>
        TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(SpreadsheetExport.Csv(Columns,
            Rows(await store.ListAsync(null, null, null, cancellationToken))))).ToArray(), SpreadsheetExport.CsvMediaType + "; charset=utf-8", "credit-claims.csv");

    private static async Task<FileContentHttpResult> XlsxAsync(CreditClaimStore store, CancellationToken cancellationToken) =>
        TypedResults.File(SpreadsheetExport.Xlsx(new ExportSheet("Claims", Columns, Rows(await store.ListAsync(null, null, null, cancellationToken)))),
            SpreadsheetExport.XlsxMediaType, "credit-claims.xlsx");

    private static async Task<Results<Ok<CreditClaimDto>, NotFoundProblem>> GetAsync(Guid id, CreditClaims claims, CancellationToken cancellationToken) =>
        await claims.ViewAsync(id, cancellationToken) is { } view ? TypedResults.Ok(CreditClaimDto.From(view)) : new NotFoundProblem($"No credit claim has id {id}.");

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> LetterAsync(Guid id, CreditClaimStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { Letter: { } letter } claim
            ? TypedResults.File(letter, SlaGovernance.Documents.Letters.NoticeLetter.ContentType, $"credit-claim-{claim.Reference}-{claim.Period}.docx")
            : new NotFoundProblem($"Credit claim {id} has no letter yet; it is written when the claim is sent.");

    private static async Task<Results<Ok<CreditClaimDto>, CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>> SettleAsync(Guid id,
        SettlementBody body, CreditClaims claims, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await claims.SettleAsync(context.User.UserName(), context.User.Roles(), id, body.CreditNote, body.Amount, body.SettledOn, cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(CreditClaimDto.From(result.Value!))
            : CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>.For(context, result);
    }
}
