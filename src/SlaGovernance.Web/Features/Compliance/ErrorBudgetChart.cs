using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using SlaGovernance.Data.Compliance;

namespace SlaGovernance.Web.Features.Compliance;

/// <summary>
/// One objective's error budget over its latest window as a server-rendered SVG: the budget left (minutes) at the end of each day
/// up to the data time, against the straight line that would spend it exactly by the window's end.
/// </summary>
public sealed record ErrorBudgetChart(ErrorBudgetRow Budget, IReadOnlyList<BudgetPoint> Points)
{
    private const int Width = 640, Height = 260, Left = 78, Right = 12, Top = 24, Bottom = 44, FontSize = 14;

    /// <summary>The latest window of each objective that has a budget.</summary>
    public static IReadOnlyList<ErrorBudgetChart> From(IEnumerable<ErrorBudgetRow> budgets) =>
        [.. budgets.Where(b => b.HasBudget).GroupBy(b => b.ObjectiveKey).Select(g => g.MaxBy(b => b.WindowStart)!)
            .Select(b => new ErrorBudgetChart(b, JsonSerializer.Deserialize<List<BudgetPoint>>(b.Points, JsonSerializerOptions.Web) ?? []))];

    public string Caption => string.Create(CultureInfo.InvariantCulture,
        $"{Budget.Service} availability: {ErrorBudgets.Minutes(Budget.RemainingMs)} of {ErrorBudgets.Minutes(Budget.BudgetMs)} budget minutes left " +
        $"({Budget.RemainingPercent:0.#} %) in the window {Budget.WindowStart:yyyy-MM-dd} to {Budget.WindowEnd:yyyy-MM-dd}, as of the data at {Budget.DataTime:yyyy-MM-dd HH:mm} UTC");

    public string ToSvg(string id)
    {
        var budget = Budget.BudgetMs / 60_000d;
        var lowest = Math.Min(0, Points.Count == 0 ? 0 : Points.Min(p => p.RemainingMs / 60_000d));
        var span = Math.Max(budget - lowest, 0.001);
        var start = Budget.WindowStart.ToUnixTimeSeconds();
        var length = Math.Max(1, Budget.WindowEnd.ToUnixTimeSeconds() - start);
        double X(DateTimeOffset at) => Left + (double)(at.ToUnixTimeSeconds() - start) / length * (Width - Left - Right);
        double Y(double minutes) => Top + (budget - minutes) / span * (Height - Top - Bottom);
        static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
        static string E(string text) => WebUtility.HtmlEncode(text);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg class="budget-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{E(Caption)}</title>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<desc id="{id}-desc">{E(string.Join("; ", Points.Select(p => $"{p.At:yyyy-MM-dd HH:mm}: {ErrorBudgets.Minutes(p.RemainingMs)} minutes left")))}. The table beside the chart gives the same figures.</desc>""");
        foreach (var tick in new[] { lowest, lowest + span / 2, budget }.Append(0).Distinct())
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Width - Right}" y1="{N(Y(tick))}" y2="{N(Y(tick))}" stroke="{(tick == 0 ? "#555" : "#e1e6ec")}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{N(Y(tick) + 5)}" text-anchor="end" font-size="{FontSize}" fill="#333">{N(tick)} min</text>""");
        }
        // Spending the budget evenly would reach zero exactly at the window's end.
        svg.Append(CultureInfo.InvariantCulture, $"""<line class="even-pace" x1="{Left}" y1="{N(Y(budget))}" x2="{Width - Right}" y2="{N(Y(0))}" stroke="#1565c0" stroke-dasharray="6 3" stroke-width="2"/>""");
        if (Points.Count > 0)
        {
            var path = string.Join(" ", new[] { $"{N(Left)},{N(Y(budget))}" }.Concat(Points.Select(p => $"{N(X(p.At))},{N(Y(p.RemainingMs / 60_000d))}")));
            var colour = Budget.RemainingMs <= 0 ? "#c62828" : "#2e7d32";
            svg.Append(CultureInfo.InvariantCulture, $"""<polyline class="remaining" points="{path}" fill="none" stroke="{colour}" stroke-width="3"/>""");
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="{Height - Bottom + 20}" font-size="{FontSize}" fill="#333">{Budget.WindowStart:yyyy-MM-dd}</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Width - Right}" y="{Height - Bottom + 20}" text-anchor="end" font-size="{FontSize}" fill="#333">{Budget.WindowEnd:yyyy-MM-dd}</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Left}" y1="{Top}" y2="{Height - Bottom}" stroke="#555"/>""");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
