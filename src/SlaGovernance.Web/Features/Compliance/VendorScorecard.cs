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

    /// <summary>
    /// From the latest revision of each period, each month counted once: a month's own report stands, and a quarter's report counts
    /// only when none of its three months was reported on its own (else its months would be counted twice).
    /// </summary>
    public static VendorScorecard From(IEnumerable<ComplianceReportRevision> latest, IReadOnlyDictionary<Guid, AgreementRow> agreements)
    {
        var rows = CountedOnce(latest).GroupBy(r => r.Row.AgreementId).Select(group =>
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

    /// <summary>The reports that count: every month's, and each quarter's whose months have no report of their own.</summary>
    public static IReadOnlyList<ComplianceReportRevision> CountedOnce(IEnumerable<ComplianceReportRevision> latest)
    {
        var all = latest.ToList();
        var months = all.Where(r => !IsQuarter(r.Row.Period)).Select(r => (r.Row.AgreementId, r.Row.Period)).ToHashSet();
        return [.. all.Where(r => !IsQuarter(r.Row.Period) || !MonthsOf(r.Row.Period).Any(m => months.Contains((r.Row.AgreementId, m))))];
    }

    private static bool IsQuarter(string period) => period.Length == 7 && period[4..6] == "-Q";

    /// <summary>"2026-Q1" → 2026-01, 2026-02, 2026-03.</summary>
    public static IEnumerable<string> MonthsOf(string quarter)
    {
        var year = quarter[..4];
        var first = (quarter[6] - '1') * 3 + 1;
        return Enumerable.Range(first, 3).Select(m => $"{year}-{m:00}");
    }
}

/// <summary>One month of a vendor's trend: the share of measured objectives met across its agreements' monthly reports.</summary>
public sealed record TrendMonth(string Month, int Met, int Measured)
{
    public decimal? MetPercent => Measured == 0 ? null : Math.Round(100m * Met / Measured, 1);
}

/// <summary>The last twelve months of a vendor's objectives met, as a table and an inline SVG bar chart.</summary>
public sealed record ScorecardTrend(IReadOnlyList<TrendMonth> Months)
{
    private const int Width = 640, Height = 220, Left = 56, Right = 12, Top = 16, Bottom = 40, FontSize = 14;

    /// <summary>The twelve months up to and including <paramref name="lastMonth"/> ("2026-03"), from monthly reports and quarters spread over their months.</summary>
    public static ScorecardTrend From(IEnumerable<ComplianceReportRevision> latest, DateOnly lastMonth)
    {
        var counted = VendorScorecard.CountedOnce(latest);
        var byMonth = new Dictionary<string, (int Met, int Measured)>(StringComparer.Ordinal);
        foreach (var report in counted)
        {
            var months = report.Row.Period.Contains("-Q", StringComparison.Ordinal) ? VendorScorecard.MonthsOf(report.Row.Period) : [report.Row.Period];
            var met = report.Report.Slos.Count(s => s.Outcome == SloOutcome.Met);
            var measured = report.Report.Slos.Count(s => s.Outcome != SloOutcome.NotApplicable);
            foreach (var month in months)
            {
                var (m, n) = byMonth.GetValueOrDefault(month);
                byMonth[month] = (m + met, n + measured);
            }
        }
        var first = new DateOnly(lastMonth.Year, lastMonth.Month, 1).AddMonths(-11);
        return new ScorecardTrend([.. Enumerable.Range(0, 12).Select(i => first.AddMonths(i).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .Select(month => byMonth.TryGetValue(month, out var v) ? new TrendMonth(month, v.Met, v.Measured) : new TrendMonth(month, 0, 0))]);
    }

    public string ToSvg(string id, string vendorName)
    {
        string N(double value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        string E(string text) => System.Net.WebUtility.HtmlEncode(text);
        double Y(decimal percent) => Top + (double)((100m - percent) / 100m) * (Height - Top - Bottom);
        var slot = (double)(Width - Left - Right) / Months.Count;
        var svg = new System.Text.StringBuilder();
        svg.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<svg class="trend-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<title id="{id}-title">{E(vendorName)}: objectives met per month, last 12 months</title>""");
        svg.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<desc id="{id}-desc">{E(string.Join("; ", Months.Select(Describe)))}. The table below the chart gives the same figures.</desc>""");
        foreach (var tick in new[] { 0m, 50m, 100m })
        {
            svg.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Width - Right}" y1="{N(Y(tick))}" y2="{N(Y(tick))}" stroke="#e1e6ec"/>""");
            svg.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{N(Y(tick) + 5)}" text-anchor="end" font-size="{FontSize}" fill="#333">{tick:0}%</text>""");
        }
        for (var i = 0; i < Months.Count; i++)
        {
            var month = Months[i];
            var x = Left + i * slot + slot * 0.15;
            if (month.MetPercent is { } percent)
            {
                var colour = percent >= 100m ? "#2e7d32" : percent >= 50m ? "#f9a825" : "#c62828";
                svg.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<rect x="{N(x)}" y="{N(Y(percent))}" width="{N(slot * 0.7)}" height="{N(Height - Bottom - Y(percent))}" fill="{colour}"><title>{E(Describe(month))}</title></rect>""");
            }
            if (i % 2 == 0 || Months.Count <= 6)
                svg.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<text x="{N(x + slot * 0.35)}" y="{Height - Bottom + 20}" text-anchor="middle" font-size="{FontSize}" fill="#333">{E(MonthLabel(month.Month))}</text>""");
        }
        svg.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Left}" y1="{Top}" y2="{Height - Bottom}" stroke="#555"/><line x1="{Left}" x2="{Width - Right}" y1="{Height - Bottom}" y2="{Height - Bottom}" stroke="#555"/>""");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>"2026-03" as people read it: "Mar 2026".</summary>
    public static string MonthLabel(string month) =>
        DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ToString("MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public static string Describe(TrendMonth month) => month.MetPercent is { } percent
        ? $"{MonthLabel(month.Month)}: {month.Met} of {month.Measured} objectives met ({percent.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}%)"
        : $"{MonthLabel(month.Month)}: no report";
}

/// <summary>The scorecard of a vendor, from the latest revision of each reported period of its agreements.</summary>
public sealed class VendorScorecards(ComplianceReports reports, AgreementStore agreements)
{
    public async Task<VendorScorecard> OfVendorAsync(Guid vendorId, CancellationToken cancellationToken = default) =>
        (await WithTrendAsync(vendorId, DateOnly.MinValue, cancellationToken)).Scorecard;

    /// <summary>The scorecard and the twelve months of trend ending with <paramref name="lastMonth"/>'s month.</summary>
    public async Task<(VendorScorecard Scorecard, ScorecardTrend Trend)> WithTrendAsync(Guid vendorId, DateOnly lastMonth,
        CancellationToken cancellationToken = default)
    {
        var latest = await reports.LatestOfVendorAsync(vendorId, cancellationToken);
        var rows = new Dictionary<Guid, AgreementRow>();
        foreach (var agreementId in latest.Select(r => r.Row.AgreementId).Distinct())
            if (await agreements.GetAsync(agreementId, cancellationToken) is { } row)
                rows[agreementId] = row;
        return (VendorScorecard.From(latest, rows), lastMonth == DateOnly.MinValue ? new ScorecardTrend([]) : ScorecardTrend.From(latest, lastMonth));
    }
}
