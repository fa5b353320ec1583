using System.Globalization;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Compliance;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Features.Compliance;

/// <summary>What last month's archived compliance reports found: objectives missed, vendor figures that disagree, credits due.</summary>
public sealed class ComplianceAttention(ComplianceReportStore reports, AgreementStore agreements, TimeProvider time) : IAttentionSource
{
    public AttentionSection Section { get; } = new("last-period", "Last month: missed objectives, discrepancies and credits due", 50,
        "No archived report for last month found a missed objective, a discrepancy or a credit. Compute each agreement's report from its compliance page.");

    public bool AppliesTo(AttentionViewer viewer) =>
        viewer.IsIn(Roles.VendorManager) || viewer.IsIn(Roles.Procurement) || viewer.IsIn(Roles.Finance) || viewer.IsIn(Roles.Admin);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var period = time.GetUtcNow().AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var items = new List<AttentionItem>();
        foreach (var row in await reports.LatestOfPeriodAsync(period, cancellationToken))
        {
            var report = ComplianceReportRevision.From(row).Report;
            var title = (await agreements.GetAsync(row.AgreementId, cancellationToken))?.Title ?? "An agreement no longer stored";
            var link = $"/agreements/{row.AgreementId}/compliance?period={period}";
            foreach (var slo in report.Slos.Where(s => s.Outcome == SloOutcome.Missed))
                items.Add(new AttentionItem("missed-objective", $"{title}: {slo.Service} {slo.Metric} missed in {period}", null, false, link,
                    "Read the report and raise it with the vendor at the next service review.",
                    $"Attained {Percent(slo.AttainmentPercent)} against a target of {Percent(slo.TargetPercent)}."));
            foreach (var slo in report.Slos.Where(s => s.Discrepancy))
                items.Add(new AttentionItem("discrepancy", $"{title}: the vendor's figure for {slo.Service} {slo.Metric} differs in {period}", null, false, link,
                    "Compare the raw data with the vendor's figure and settle which stands.",
                    $"Measured {Percent(slo.AttainmentPercent)}, the vendor reported {Percent(slo.VendorReportedPercent)}."));
            if (report.CreditAmount > 0)
                items.Add(new AttentionItem("credit-due", $"{title}: a service credit is due for {period}", null, false, link,
                    "Claim the credit from the vendor against the next invoice.",
                    string.Create(CultureInfo.InvariantCulture, $"{report.CreditAmount:#,##0.00} {report.Currency} ({report.AppliedCreditPercent:0.##} % of the fee{(report.Capped ? ", capped" : "")}).")));
        }
        return items;
    }

    private static string Percent(decimal? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + " %" : "not measured";
}
