using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Compliance;
using SlaGovernance.Domain.Claims;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Web.Features.Compliance;

/// <summary>
/// What the earn-back term of the version governing a period makes of its credit, read from the latest reports of the periods
/// after it (see <see cref="EarnBackRule"/>); worked out when read, so a recomputed report counts at once.
/// </summary>
public sealed class EarnBacks(ComplianceReportStore reports, AgreementStore agreements)
{
    public async Task<EarnBackAssessment> OfAsync(Guid agreementId, string period, int agreementVersion, decimal credit, string currency,
        CancellationToken cancellationToken = default)
    {
        var term = (await agreements.GetVersionAsync(agreementId, agreementVersion, cancellationToken))?.Parsed.EarnBack;
        var following = new List<FollowingPeriod>();
        for (var (key, n) = (Next(period), 0); term is not null && credit > 0 && key is not null && n < term.Periods; key = Next(key), n++)
        {
            var latest = await reports.LatestAsync(agreementId, key, cancellationToken);
            following.Add(new FollowingPeriod(key, latest is null ? null : AllMet(ComplianceReport.FromJson(latest.Result))));
        }
        return EarnBackRule.Assess(term, credit, currency, following);
    }

    public Task<EarnBackAssessment> OfAsync(ComplianceReportRevision revision, CancellationToken cancellationToken = default) =>
        OfAsync(revision.Row.AgreementId, revision.Row.Period, revision.Report.AgreementVersion, revision.Report.CreditAmount, revision.Report.Currency,
            cancellationToken);

    /// <summary>A period counts towards an earn-back when no objective was missed and every objective had data.</summary>
    public static bool AllMet(ComplianceReport report) =>
        report.Slos.Count > 0 && report.Slos.All(s => s.Outcome != SloOutcome.Missed && s.DataCoveragePercent is not 0m);

    /// <summary>The period after a month (2027-04) or a quarter (2027-Q2); null for a key of neither form.</summary>
    public static string? Next(string period)
    {
        if (YearMonthPattern.Iso.Parse(period) is { Success: true } month)
            return YearMonthPattern.Iso.Format(month.Value.PlusMonths(1));
        if (period.Length == 7 && period[4..6] == "-Q" && int.TryParse(period[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && period[6] is >= '1' and <= '4')
            return period[6] == '4' ? $"{year + 1}-Q1" : $"{year}-Q{period[6] - '0' + 1}";
        return null;
    }
}
