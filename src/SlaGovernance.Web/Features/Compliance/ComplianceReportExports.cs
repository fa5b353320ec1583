using SlaGovernance.Web.Features.Exports;
using ExclusionType = SlaGovernance.Domain.Compliance.ExclusionType;

namespace SlaGovernance.Web.Features.Compliance;

/// <summary>One revision of a compliance report as CSV (one row per SLO, then the credit across SLOs) and as XLSX.</summary>
public static class ComplianceReportExports
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Period", "Revision", "Service", "Metric", "Source", "Target %", "Attainment %", "Outcome", "Data coverage %", "Maximum minutes",
        "Downtime minutes", .. Enum.GetValues<ExclusionType>().Select(t => $"Excluded minutes: {t}"), "Pending tickets", "Credit %",
        "Vendor reported %", "Vendor difference (points)", "Discrepancy", "Credit amount", "Currency", "Note",
        "Terms version", "Part from", "Part until",
    ];

    public static readonly IReadOnlyList<string> SummaryColumns =
        ["Agreement", "Period", "Revision", "Reason", "Computed by", "Computed at", "Inputs SHA-256", "Terms version", "Terms SHA-256", "Time zone"];

    /// <summary>Percentages keep six decimals (compared unrounded, shown rounded); XLSX cells hold them as numbers.</summary>
    private static double? Percent(decimal? value) => value is { } v ? (double)decimal.Round(v, 6) : null;

    private static IEnumerable<object?[]> Rows(ComplianceReportRevision revision)
    {
        var report = revision.Report;
        foreach (var slo in report.Slos)
            yield return
            [
                report.Period, revision.Row.Revision, slo.Service, slo.Metric, slo.Source, Percent(slo.TargetPercent), Percent(slo.AttainmentPercent),
                slo.Outcome.ToString(), Percent(slo.DataCoveragePercent), slo.MaximumMinutes, slo.DowntimeMinutes,
                .. Enum.GetValues<ExclusionType>().Select(t => (object?)slo.ExcludedMinutes.GetValueOrDefault(t)), slo.PendingTickets,
                Percent(slo.CreditPercent), Percent(slo.VendorReportedPercent), Percent(slo.VendorDifferencePoints), slo.Discrepancy ? "yes" : "no",
                null, null, slo.Note, .. PartOf(report, slo.Part),
            ];
        yield return
        [
            report.Period, revision.Row.Revision, "All SLOs", "Credit", report.Capped ? $"capped at {report.CapPercent}% of the fee" : "not capped",
            null, null, null, null, null, null, .. Enum.GetValues<ExclusionType>().Select(_ => (object?)null), null,
            Percent(report.AppliedCreditPercent), null, null, null, report.CreditAmount, report.Currency, null, .. PartOf(report, null),
        ];
        foreach (var part in report.Parts ?? [])
            yield return
            [
                report.Period, revision.Row.Revision, $"Part {part.Number}", "Credit", $"{decimal.Round(part.Share * 100m, 4)}% of the period",
                null, null, null, null, null, null, .. Enum.GetValues<ExclusionType>().Select(_ => (object?)null), null,
                Percent(part.EarnedCreditPercent), null, null, null, part.EarnedCreditAmount, report.Currency,
                $"before the one cap over the parts; fee under version {part.AgreementVersion}: {part.PeriodFee} {report.Currency}", .. PartOf(report, part.Number),
            ];
    }

    /// <summary>The version an SLO row was measured against, and for a period split between versions, the part's stretch.</summary>
    private static object?[] PartOf(ComplianceReport report, int? number) =>
        report.Parts?.FirstOrDefault(p => p.Number == number) is { } part
            ? [part.AgreementVersion, part.Start.ToString("u"), part.End.ToString("u")]
            : [report.AgreementVersion, null, null];

    private static IEnumerable<object?[]> Summary(string agreementTitle, ComplianceReportRevision revision)
    {
        var row = revision.Row;
        yield return
        [
            agreementTitle, row.Period, row.Revision, row.Reason, row.ComputedBy, row.ComputedAt.ToString("u"), row.InputsSha256,
            revision.Report.AgreementVersion, revision.Report.TermsHash, revision.Report.TimeZone,
        ];
    }

    public static string Csv(ComplianceReportRevision revision) => SpreadsheetExport.Csv(Columns, Rows(revision));

    public static byte[] Xlsx(string agreementTitle, ComplianceReportRevision revision) =>
        SpreadsheetExport.Xlsx(new ExportSheet("SLOs", Columns, Rows(revision)), new ExportSheet("Report", SummaryColumns, Summary(agreementTitle, revision)));

    public static string FileName(ComplianceReportRevision revision, string extension) =>
        $"compliance-{revision.Row.Period}-r{revision.Row.Revision}.{extension}";
}
