using static SlaGovernance.Domain.Changes.ImpactWords;

namespace SlaGovernance.Domain.Changes;

public sealed partial record ChangeImpact
{
    /// <summary>
    /// The impact in one line for inbox rows and emails, weakening first:
    /// "2 objectives weakened, 1 exclusion added, largest monthly credit 3,750 → 2,500 EUR".
    /// </summary>
    public string Summary()
    {
        var parts = new List<string>();
        void Counted(int count, string noun, string what)
        {
            if (count > 0)
                parts.Add($"{Count(count, noun)} {what}");
        }
        int Kept(ChangeEffect effect) => Objectives.Count(o => o.Change == ItemChange.Changed && o.Effect == effect);
        Counted(Kept(ChangeEffect.Weakened), "objective", "weakened");
        Counted(Kept(ChangeEffect.Mixed), "objective", "both weakened and strengthened");
        Counted(ObjectivesRemoved, "objective", "removed");
        Counted(Kept(ChangeEffect.Strengthened), "objective", "strengthened");
        Counted(ObjectivesAdded, "objective", "added");
        Counted(Kept(ChangeEffect.Changed), "objective", "re-measured or renamed");
        Counted(ExclusionsAdded, "exclusion", "added");
        Counted(ExclusionsReworded, "exclusion", "reworded");
        Counted(ExclusionsRemoved, "exclusion", "removed");
        if (MaintenanceWindows.Count > 0)
            parts.Add($"{Count(MaintenanceWindows.Count, "maintenance window")} {Words(Combine(MaintenanceWindows.Select(m => m.Effect)))}");
        var (largestBefore, largestAfter) = (Credits.LargestMonthlyCreditBefore, Credits.LargestMonthlyCreditAfter);
        if (largestBefore != largestAfter)
            parts.Add(largestBefore.Currency == largestAfter.Currency
                ? $"largest monthly credit {Amount(largestBefore.Amount)} → {Amount(largestAfter.Amount)} {largestAfter.Currency}"
                : $"largest monthly credit {Amount(largestBefore.Amount)} {largestBefore.Currency} → {Amount(largestAfter.Amount)} {largestAfter.Currency}");
        else if (Credits.IsChanged)
            parts.Add($"credit scheme {Words(Credits.Effect)}");
        if (Fees.MonthlyFeeBefore != Fees.MonthlyFeeAfter || Fees.CurrencyBefore != Fees.CurrencyAfter)
            parts.Add(Fees.CurrencyBefore == Fees.CurrencyAfter
                ? $"monthly fee {Amount(Fees.MonthlyFeeBefore)} → {Amount(Fees.MonthlyFeeAfter)} {Fees.CurrencyAfter}"
                : $"monthly fee {Amount(Fees.MonthlyFeeBefore)} {Fees.CurrencyBefore} → {Amount(Fees.MonthlyFeeAfter)} {Fees.CurrencyAfter}");
        else if (Fees.AnnualValueBefore != Fees.AnnualValueAfter)
            parts.Add($"annual value {Amount(Fees.AnnualValueBefore)} → {Amount(Fees.AnnualValueAfter)} {Fees.CurrencyAfter}");
        Terms(Term);
        if (AuditRights.Count > 0)
            parts.Add($"audit rights {Words(Combine(AuditRights.Select(t => t.Effect)))}");
        if (Exit.Count > 0)
            parts.Add($"exit terms {Words(Combine(Exit.Select(t => t.Effect)))}");
        Counted(Clauses.Count, "clause", "changed");
        Terms(Other);
        Terms(Administrative);
        var line = parts.Count == 0 ? "no change" : string.Join(", ", parts);
        return char.ToUpperInvariant(line[0]) + line[1..];

        void Terms(IReadOnlyList<TermChange> changes)
        {
            if (changes.Count > 0)
                parts.Add($"{string.Join(", ", changes.Select(t => t.Term).Distinct(StringComparer.Ordinal))} changed");
        }
    }

    private static string Words(ChangeEffect effect) => effect switch
    {
        ChangeEffect.Strengthened => "strengthened",
        ChangeEffect.Weakened => "weakened",
        ChangeEffect.Mixed => "strengthened and weakened",
        _ => "changed",
    };
}
