namespace SlaGovernance.Domain.Compliance;

/// <summary>The service credit owed for a month across all of an agreement's SLOs, limited by the agreement's cap.</summary>
public sealed record MonthlyCredit(decimal EarnedPercent, decimal AppliedPercent, Money Amount)
{
    public bool IsCapped => AppliedPercent < EarnedPercent;

    public static MonthlyCredit Calculate(Money monthlyFee, decimal capPercent, IEnumerable<SloResult> results)
    {
        if (capPercent is < 0m or > 100m)
            throw new ArgumentOutOfRangeException(nameof(capPercent), capPercent, $"The monthly credit cap is a percentage of the fee from 0 to 100; {capPercent} is not.");
        var earned = results.Sum(r => r.CreditPercent);
        var applied = Math.Min(earned, capPercent);
        return new MonthlyCredit(earned, applied, monthlyFee.PercentOf(applied));
    }
}
