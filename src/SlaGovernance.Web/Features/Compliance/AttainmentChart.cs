using System.Globalization;
using System.Net;
using System.Text;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Wording;

namespace SlaGovernance.Web.Features.Compliance;

/// <summary>One SLO's attainment in one month, from the latest revision of that month's report.</summary>
public sealed record AttainmentPoint(string Month, decimal? AttainmentPercent, SloOutcome Outcome);

/// <summary>One SLO's monthly attainment against its target, drawn as a server-rendered SVG bar chart with a title and description.</summary>
public sealed record AttainmentChart(string Slo, decimal TargetPercent, IReadOnlyList<AttainmentPoint> Points)
{
    // Labels are 14 units high in a 640-unit-wide drawing, so they stay legible when a phone scales the chart to its width.
    private const int Width = 640, Height = 260, Left = 78, Right = 12, Top = 24, Bottom = 44, FontSize = 14;

    /// <summary>The charts of every SLO across the agreement's monthly reports (quarters are left out: they would be counted twice).</summary>
    public static IReadOnlyList<AttainmentChart> From(IEnumerable<ComplianceReportRevision> latestMonthly) =>
        [.. latestMonthly.OrderBy(r => r.Row.Period, StringComparer.Ordinal)
            .SelectMany(r => r.Report.Slos.Select(slo => (Period: Label(r.Row.Period, r.Report, slo), Slo: slo)))
            .GroupBy(p => (p.Slo.Service, p.Slo.Metric))
            .Select(g => new AttainmentChart($"{g.Key.Service} {EnumLabels.Label<MetricKind>(g.Key.Metric).ToLowerInvariant()}", g.Last().Slo.TargetPercent,
                [.. g.Select(p => new AttainmentPoint(p.Period, p.Slo.AttainmentPercent, p.Slo.Outcome))]))];

    /// <summary>A month, or for a month split between versions, the month and the version of the part.</summary>
    private static string Label(string period, ComplianceReport report, ReportSlo slo) =>
        report.Parts?.FirstOrDefault(p => p.Number == slo.Part) is { } part ? $"{period} (v{part.AgreementVersion})" : period;

    /// <summary>The lowest value on the axis: a little under the lowest of the target and the attainments, so a miss is visible.</summary>
    private decimal Floor()
    {
        var lowest = Points.Where(p => p.AttainmentPercent is not null).Select(p => p.AttainmentPercent!.Value).Append(TargetPercent).Min();
        var span = Math.Max(100m - lowest, 0.1m);
        return Math.Max(0m, lowest - span * 0.25m);
    }

    public string ToSvg(string id)
    {
        var floor = Floor();
        double Y(decimal percent) => Top + (double)((100m - percent) / (100m - floor)) * (Height - Top - Bottom);
        string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
        string E(string text) => WebUtility.HtmlEncode(text);
        var slot = (double)(Width - Left - Right) / Math.Max(1, Points.Count);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg class="attainment-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{E(Slo)}: attainment per month against the {TargetPercent:0.00}% target</title>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<desc id="{id}-desc">{E(string.Join("; ", Points.Select(p => $"{p.Month}: {Describe(p)}")))}. The table beside the chart gives the same figures.</desc>""");
        foreach (var tick in new[] { floor, floor + (100m - floor) / 4, (floor + 100m) / 2, floor + (100m - floor) * 3 / 4, 100m })
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Width - Right}" y1="{N(Y(tick))}" y2="{N(Y(tick))}" stroke="#e1e6ec"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{N(Y(tick) + 5)}" text-anchor="end" font-size="{FontSize}" fill="#333">{tick:0.00}%</text>""");
        }
        for (var i = 0; i < Points.Count; i++)
        {
            var point = Points[i];
            var x = Left + i * slot + slot * 0.2;
            if (point.AttainmentPercent is { } value)
            {
                var y = Y(value);
                var colour = point.Outcome == SloOutcome.Met ? "#2e7d32" : "#c62828";
                svg.Append(CultureInfo.InvariantCulture, $"""<rect class="{point.Outcome.ToString().ToLowerInvariant()}" x="{N(x)}" y="{N(y)}" width="{N(slot * 0.6)}" height="{N(Height - Bottom - y)}" fill="{colour}"><title>{E(point.Month)}: {Describe(point)}</title></rect>""");
            }
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(x + slot * 0.3)}" y="{Height - Bottom + 20}" text-anchor="middle" font-size="{FontSize}" fill="#333">{E(point.Month)}</text>""");
        }
        var target = Y(TargetPercent);
        svg.Append(CultureInfo.InvariantCulture, $"""<line class="target" x1="{Left}" x2="{Width - Right}" y1="{N(target)}" y2="{N(target)}" stroke="#1565c0" stroke-dasharray="6 3" stroke-width="2"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Width - Right}" y="{N(target - 4)}" text-anchor="end" font-size="{FontSize}" fill="#1565c0">target {TargetPercent:0.00}%</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Left}" y1="{Top}" y2="{Height - Bottom}" stroke="#555"/><line x1="{Left}" x2="{Width - Right}" y1="{Height - Bottom}" y2="{Height - Bottom}" stroke="#555"/>""");
        svg.Append("</svg>");
        return svg.ToString();
    }

    public static string Describe(AttainmentPoint point) =>
        point.AttainmentPercent is { } value ? $"{value.ToString("0.00", CultureInfo.InvariantCulture)}% ({point.Outcome.Label().ToLowerInvariant()})" : "not measured";
}
