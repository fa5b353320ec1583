using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Compliance;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Exports;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Compliance;

using ComputeFailure = CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>;

public sealed record ComputeReportRequest
{
    /// <summary>A month (2026-03) or a quarter (2026-Q1).</summary>
    [Required]
    public string? Period { get; init; }

    /// <summary>Why a new revision is wanted although nothing changed; absent, the latest revision answers when the inputs are the same.</summary>
    public string? Reason { get; init; }

    /// <summary>The instant to judge open tickets at (pending or breached), neither in the future nor before the period; absent, now.</summary>
    public DateTimeOffset? AsOf { get; init; }
}

public sealed record ComplianceReportDto(Guid Id, Guid AgreementId, string Period, int Revision, int AgreementVersion, string InputsSha256, string Inputs,
    string Reason, string ComputedBy, DateTimeOffset ComputedAt, ComplianceReport Report, Domain.Claims.EarnBackAssessment? EarnBack = null)
{
    public static ComplianceReportDto From(ComplianceReportRevision revision, Domain.Claims.EarnBackAssessment? earnBack = null)
    {
        var row = revision.Row;
        return new(row.Id, row.AgreementId, row.Period, row.Revision, row.VersionNumber, row.InputsSha256, row.Inputs, row.Reason, row.ComputedBy,
            row.ComputedAt, revision.Report, earnBack);
    }
}

public sealed record ComplianceReportSummaryDto(Guid Id, string Period, int Revision, string Reason, string ComputedBy, DateTimeOffset ComputedAt,
    string InputsSha256, int SlosMet, int SlosMissed, int Discrepancies, decimal CreditAmount, string Currency)
{
    public static ComplianceReportSummaryDto From(ComplianceReportRevision revision)
    {
        var (row, report) = (revision.Row, revision.Report);
        return new(row.Id, row.Period, row.Revision, row.Reason, row.ComputedBy, row.ComputedAt, row.InputsSha256,
            report.Slos.Count(s => s.Outcome == Domain.Compliance.SloOutcome.Met), report.Slos.Count(s => s.Outcome == Domain.Compliance.SloOutcome.Missed),
            report.Slos.Count(s => s.Discrepancy), report.CreditAmount, report.Currency);
    }
}

public static class ComplianceReportsApi
{
    public static RouteGroupBuilder MapComplianceReportsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/agreements/{id:guid}/compliance/reports").WithTags("Compliance");
        group.MapPost("", Compute).WithName("ComputeComplianceReport").RequireAuthorization(Policies.ComplianceReporter)
            .WithSummary("Compute the agreement's compliance report for a month (2026-03) or quarter (2026-Q1) from its stored raw data")
            .WithDescription("Measured against the signed version governing the period (in force at its start)'s SLOs, in the agreement's zone, with accepted exclusions and the recurring " +
                             "maintenance windows. A new revision is archived when the inputs (the uploads with rows in the period, exclusion decisions, " +
                             "the terms) changed since the latest revision, or when a reason is given; otherwise the latest revision answers (200). " +
                             "Revisions are never changed. Vendor figures differing by more than Compliance:DiscrepancyTolerancePoints are flagged.");
        group.MapGet("", List).WithName("ListComplianceReports").WithSummary("Every revision of every period, newest first")
            .RequireAuthorization(Policies.Reader);
        group.MapGet("/{period}/revisions/{revision:int}", Get).WithName("GetComplianceReport").WithSummary("One revision of a period's report, with what the agreement's earn-back term makes of its credit")
            .RequireAuthorization(Policies.Reader);
        group.MapGet("/{period}/revisions/{revision:int}/export.csv", Csv).WithName("ExportComplianceReportCsv")
            .WithSummary("One revision as CSV: a row per SLO and a row for the credit across SLOs").RequireAuthorization(Policies.Reader)
            .ProducesFile(SpreadsheetExport.CsvMediaType);
        group.MapGet("/{period}/revisions/{revision:int}/export.xlsx", Xlsx).WithName("ExportComplianceReportXlsx")
            .WithSummary("One revision as XLSX: the SLO sheet and the report's provenance").RequireAuthorization(Policies.Reader)
            .ProducesFile(SpreadsheetExport.XlsxMediaType);
        api.MapGet("/vendors/{id:guid}/compliance/scorecard", Scorecard).WithTags("Compliance").WithName("GetVendorScorecard")
            .WithSummary("The vendor's compliance across its agreements: SLOs met and missed, credits per currency").RequireAuthorization(Policies.Reader);
        return api;
    }

    private static async Task<Results<Created<ComplianceReportDto>, Ok<ComplianceReportDto>, ComputeFailure>> Compute(Guid id,
        ComputeReportRequest request, ComplianceReports reports, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await reports.ComputeAsync(id, request.Period, request.Reason, context.User.UserName(), request.AsOf, cancellationToken: cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return ComputeFailure.For(context, result);
        var dto = ComplianceReportDto.From(result.Value!.Revision);
        return result.Value.Created
            ? TypedResults.Created($"/api/v1/agreements/{id}/compliance/reports/{dto.Period}/revisions/{dto.Revision}", dto)
            : TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<List<ComplianceReportSummaryDto>>, NotFoundProblem>> List(Guid id, AgreementStore agreements,
        ComplianceReports reports, CancellationToken cancellationToken)
    {
        if (await agreements.GetAsync(id, cancellationToken) is null)
            return new NotFoundProblem($"No agreement has id {id}.");
        return TypedResults.Ok((await reports.RevisionsAsync(id, cancellationToken)).Select(r => ComplianceReportSummaryDto.From(ComplianceReportRevision.From(r)))
            .ToList());
    }

    private static async Task<Results<Ok<ComplianceReportDto>, NotFoundProblem>> Get(Guid id, string period, int revision, ComplianceReports reports,
        EarnBacks earnBacks, CancellationToken cancellationToken) =>
        await reports.RevisionAsync(id, period, revision, cancellationToken) is { } found
            ? TypedResults.Ok(ComplianceReportDto.From(found, await earnBacks.OfAsync(found, cancellationToken)))
            : NoRevision(id, period, revision);

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> Csv(Guid id, string period, int revision, ComplianceReports reports,
        CancellationToken cancellationToken) =>
        await reports.RevisionAsync(id, period, revision, cancellationToken) is { } found
            ? TypedResults.File(SpreadsheetExport.CsvBytes(ComplianceReportExports.Csv(found)), SpreadsheetExport.CsvMediaType + "; charset=utf-8",
                ComplianceReportExports.FileName(found, "csv"))
            : NoRevision(id, period, revision);

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> Xlsx(Guid id, string period, int revision, ComplianceReports reports,
        AgreementStore agreements, CancellationToken cancellationToken)
    {
        if (await reports.RevisionAsync(id, period, revision, cancellationToken) is not { } found)
            return NoRevision(id, period, revision);
        var title = (await agreements.GetAsync(id, cancellationToken))?.Title ?? id.ToString();
        return TypedResults.File(ComplianceReportExports.Xlsx(title, found), SpreadsheetExport.XlsxMediaType, ComplianceReportExports.FileName(found, "xlsx"));
    }

    private static async Task<Results<Ok<VendorScorecard>, NotFoundProblem>> Scorecard(Guid id, VendorStore vendors, VendorScorecards scorecards,
        CancellationToken cancellationToken)
    {
        if (await vendors.GetAsync(id, cancellationToken) is null)
            return new NotFoundProblem($"No vendor has id {id}.");
        return TypedResults.Ok(await scorecards.OfVendorAsync(id, cancellationToken));
    }

    private static NotFoundProblem NoRevision(Guid id, string period, int revision) =>
        new($"Agreement {id} has no revision {revision} of a report for '{period}'.");
}
