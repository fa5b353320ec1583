using System.Globalization;

namespace SlaGovernance.Domain.Changes;

/// <summary>How values read in an impact (invariant culture, so a stored impact reads the same on every node), and how effects add up.</summary>
internal static class ImpactWords
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string? Percent(decimal? value) => value is { } percent ? percent.ToString("0.####", Invariant) + "%" : null;

    public static string Amount(decimal value) => value.ToString("#,0.##", Invariant);

    public static string? Number(decimal? value) => value?.ToString("0.####", Invariant);

    public static string? Minutes(int? minutes) => minutes is { } m ? $"{m.ToString(Invariant)} min" : null;

    public static string? Seconds(int? seconds) => seconds is { } s ? $"{s.ToString(Invariant)} s" : null;

    public static string Days(int days) => $"{days.ToString(Invariant)} day{(days == 1 ? "" : "s")}";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    public static string? YesNo(bool? value) => value switch { true => "yes", false => "no", null => null };

    public static string? Lower(string? label) => label is { Length: > 0 } ? char.ToLowerInvariant(label[0]) + label[1..] : label;

    public static string Count(int count, string noun) => $"{count.ToString(Invariant)} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>Strengthened when the value moves the way that holds the vendor to more; changed when one side is not stated.</summary>
    public static ChangeEffect Direction(decimal? before, decimal? after, bool higherIsStronger)
    {
        if (before == after)
            return ChangeEffect.Unchanged;
        if (before is not { } was || after is not { } now)
            return ChangeEffect.Changed;
        return (now > was) == higherIsStronger ? ChangeEffect.Strengthened : ChangeEffect.Weakened;
    }

    /// <summary>The effect of several changes together: mixed when some strengthen and some weaken; changed when none has a direction.</summary>
    public static ChangeEffect Combine(IEnumerable<ChangeEffect> effects)
    {
        var list = effects.Where(e => e != ChangeEffect.Unchanged).ToList();
        var strengthens = list.Any(e => e is ChangeEffect.Strengthened or ChangeEffect.Mixed);
        var weakens = list.Any(e => e is ChangeEffect.Weakened or ChangeEffect.Mixed);
        return (strengthens, weakens) switch
        {
            (true, true) => ChangeEffect.Mixed,
            (true, false) => ChangeEffect.Strengthened,
            (false, true) => ChangeEffect.Weakened,
            _ => list.Count > 0 ? ChangeEffect.Changed : ChangeEffect.Unchanged,
        };
    }
}

/// <summary>The terms that changed, in the order compared; a term whose value reads the same before and after is left out.</summary>
internal sealed class TermChanges
{
    public List<TermChange> Items { get; } = [];

    public void Add(string term, string? before, string? after, ChangeEffect effect = ChangeEffect.Changed)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
            Items.Add(new TermChange(term, before, after, effect == ChangeEffect.Unchanged ? ChangeEffect.Changed : effect));
    }
}

/// <summary>Matches the items of two versions of a list that have no identity of their own (exclusions, clauses, maintenance windows).</summary>
internal static class Pairing
{
    /// <summary>
    /// Pairs each item after with at most one before, by the first rule that finds an unpaired one, trying every item with a rule
    /// before the next rule; items left over were added or removed. In the order after, then the removed in the order before.
    /// </summary>
    public static List<(T? Before, T? After)> Match<T>(IReadOnlyList<T?> before, IReadOnlyList<T?> after, params Func<T, T, bool>[] rules)
        where T : class
    {
        var (olds, news) = (before.OfType<T>().ToList(), after.OfType<T>().ToList());
        var partner = new int?[news.Count];
        var paired = new bool[olds.Count];
        foreach (var rule in rules)
        {
            for (var i = 0; i < news.Count; i++)
            {
                for (var j = 0; j < olds.Count && partner[i] is null; j++)
                {
                    if (!paired[j] && rule(olds[j], news[i]))
                        (partner[i], paired[j]) = (j, true);
                }
            }
        }
        var pairs = news.Select((now, i) => (partner[i] is { } j ? olds[j] : null, (T?)now)).ToList();
        pairs.AddRange(olds.Where((_, j) => !paired[j]).Select(was => ((T?)was, (T?)null)));
        return pairs;
    }
}
