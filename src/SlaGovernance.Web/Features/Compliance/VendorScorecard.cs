using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Web.Features.Compliance;

/// <param name="Credits">Credits due in the agreement's own currency, over the reported periods (their latest revisions).</param>
public sealed record ScorecardAgreement(Guid AgreementId, string Title, string Currency, IReadOnlyList<string> Periods, int SlosMet, int SlosMissed,
    int SlosNotMeasured, int Discrepancies, decimal Credits);

/// <summary>A vendor's compliance across its agreements: credits per currency (never added across currencies) and SLOs met or missed.</summary>
public sealed record VendorScorecard(IReadOnlyList<ScorecardAgreement> Agreements, IReadOnlyList<Money> CreditsByCurrency)
{
    public int SlosMet => Agreements.Sum(a => a.SlosMet);
    public int SlosMissed => Agreements.Sum(a => a.SlosMissed);

    /// <summary>From the latest revision of each period; months and quarters both count, as each was computed on its own.</summary>
    public static VendorScorecard From(IEnumerable<ComplianceReportRevision> latest, IReadOnlyDictionary<Guid, AgreementRow> agreements)
    {
        var rows = latest.GroupBy(r => r.Row.AgreementId).Select(group =>
        {
            var agreement = agreements.GetValueOrDefault(group.Key);
            var slos = group.SelectMany(r => r.Report.Slos).ToList();
            return new ScorecardAgreement(group.Key, agreement?.Title ?? group.Key.ToString(), group.First().Report.Currency,
                [.. group.Select(r => r.Row.Period).Order(StringComparer.Ordinal)],
                slos.Count(s => s.Outcome == SloOutcome.Met), slos.Count(s => s.Outcome == SloOutcome.Missed),
                slos.Count(s => s.Outcome == SloOutcome.NotApplicable), slos.Count(s => s.Discrepancy), group.Sum(r => r.Report.CreditAmount));
        }).OrderBy(a => a.Title, StringComparer.CurrentCulture).ToList();
        return new VendorScorecard(rows, Money.TotalsByCurrency(rows.Select(a => new Money(a.Credits, a.Currency))));
    }
}

/// <summary>The scorecard of a vendor, from the latest revision of each reported period of its agreements.</summary>
public sealed class VendorScorecards(ComplianceReports reports, AgreementStore agreements)
{
    public async Task<VendorScorecard> OfVendorAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        var latest = await reports.LatestOfVendorAsync(vendorId, cancellationToken);
        var rows = new Dictionary<Guid, AgreementRow>();
        foreach (var agreementId in latest.Select(r => r.Row.AgreementId).Distinct())
            if (await agreements.GetAsync(agreementId, cancellationToken) is { } row)
                rows[agreementId] = row;
        return VendorScorecard.From(latest, rows);
    }
}
