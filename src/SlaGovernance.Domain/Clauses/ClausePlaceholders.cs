using System.Globalization;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Domain.Clauses;

/// <summary>
/// The <c>{{name}}</c> placeholders a library clause may use, filled from the agreement that uses it. Legal's text is checked
/// when it is published, so a rendered clause never shows a placeholder.
/// </summary>
public static class ClausePlaceholders
{
    private const string Open = "{{";
    private const string Close = "}}";
    private const string NotStated = "(not stated)";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Dictionary<string, Func<AgreementContent, string, string>> Values = new(StringComparer.Ordinal)
    {
        ["agreement.title"] = (c, _) => c.Title,
        ["agreement.category"] = (c, _) => c.Category is { Length: > 0 } category ? category : NotStated,
        ["provider"] = (_, provider) => provider,
        ["owner"] = (c, _) => c.Owner is { Length: > 0 } owner ? owner : NotStated,
        ["termStart"] = (c, _) => Date(c.TermStart),
        ["termEnd"] = (c, _) => Date(c.TermEnd),
        ["noticePeriod"] = (c, _) => c.Renewal?.NoticePeriod?.ToString() ?? NotStated,
        ["renewalTerm"] = (c, _) => c.Renewal is { AutoRenew: true, RenewalTerm: { } term } ? term.ToString() : NotStated,
        ["monthlyFee"] = (c, _) => c.MonthlyFee.ToString("N2", Invariant),
        ["annualValue"] = (c, _) => c.AnnualValue.ToString("N2", Invariant),
        ["currency"] = (c, _) => c.Currency,
        ["timeZone"] = (c, _) => c.TimeZone,
        ["creditCap"] = (c, _) => (c.Credits?.MonthlyCapPercent ?? 0m).ToString("0.####", Invariant) + "%",
        ["costCentre"] = (c, _) => c.CostCentre is { Length: > 0 } costCentre ? costCentre : NotStated,
    };

    /// <summary>Every placeholder name, as Legal writes it between double braces.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Values.Keys];

    /// <summary>What is wrong with the placeholders of a clause text, one message each; empty when it can be published.</summary>
    public static IReadOnlyList<string> Problems(string text)
    {
        var problems = new List<string>();
        foreach (var (start, name) in Placeholders(text))
        {
            if (name is null)
                problems.Add($"The '{Open}' at character {start + 1} is not closed with '{Close}'; write a placeholder as {Open}provider{Close}.");
            else if (!Values.ContainsKey(name))
                problems.Add($"{Open}{name}{Close} is not a placeholder; use one of {string.Join(", ", Names.Select(n => Open + n + Close))}.");
        }
        return problems;
    }

    /// <summary>The clause as it reads in one agreement: every placeholder replaced once, values never read as placeholders themselves.</summary>
    public static string Render(string text, AgreementContent content, string providerName)
    {
        var rendered = new System.Text.StringBuilder(text.Length + 64);
        var copied = 0;
        foreach (var (start, name) in Placeholders(text))
        {
            if (name is null || !Values.TryGetValue(name, out var value))
                throw new InvalidOperationException(
                    $"The clause text has {(name is null ? "an unclosed '{{'" : $"the unknown placeholder {Open}{name}{Close}")} at character {start + 1}; " +
                    "it should have been refused when it was published.");
            rendered.Append(text, copied, start - copied).Append(value(content, providerName));
            copied = text.IndexOf(Close, start + Open.Length, StringComparison.Ordinal) + Close.Length;
        }
        return rendered.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Each <c>{{</c> in the text with the trimmed name up to its <c>}}</c>, or a null name when it is not closed.</summary>
    private static IEnumerable<(int Start, string? Name)> Placeholders(string text)
    {
        var at = 0;
        while ((at = text.IndexOf(Open, at, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf(Close, at + Open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                yield return (at, null);
                yield break;
            }
            yield return (at, text[(at + Open.Length)..end].Trim());
            at = end + Close.Length;
        }
    }

    private static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Invariant);
}
