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

/// <summary>
/// One part of a period governed by one version: that version's fee for the whole period, its credit cap, the part's share of
/// the period's length, and what its SLOs earned over the part.
/// </summary>
public sealed record CreditPart(Money PeriodFee, decimal CapPercent, decimal Share, IReadOnlyList<SloResult> Results)
{
    /// <summary>The fee this part accounts for: the period's fee under its version times its share.</summary>
    public Money Fee => new(PeriodFee.Amount * Share, PeriodFee.Currency);

    public decimal EarnedPercent => Results.Sum(r => r.CreditPercent);

    /// <summary>Each SLO's tier percentage of the part's fee, summed; uncapped.</summary>
    public Money Earned => Fee.PercentOf(EarnedPercent);
}

/// <summary>
/// The credit for a period split between versions (an amendment that came into force inside it): each part's credit is its
/// tiers' percentage times its version's fee times its share of the period, and one cap bounds the sum, the parts' caps
/// weighted the same way (each version's cap percentage of the fee billed under it). Percentages are of the period's fee,
/// the parts' fees summed.
/// </summary>
public sealed record SplitCredit(Money Fee, Money Earned, Money Cap, Money Amount, IReadOnlyList<CreditPart> Parts)
{
    public bool IsCapped => Amount.Amount < Earned.Amount;

    public decimal EarnedPercent => Percent(Earned);

    public decimal AppliedPercent => Percent(Amount);

    public decimal CapPercent => Percent(Cap);

    private decimal Percent(Money amount) => Fee.Amount == 0m ? 0m : amount.Amount * 100m / Fee.Amount;

    public static SplitCredit Calculate(IReadOnlyList<CreditPart> parts)
    {
        if (parts.Count == 0)
            throw new ArgumentException("A period has at least one part.", nameof(parts));
        if (parts.Any(p => p.CapPercent is < 0m or > 100m))
            throw new ArgumentOutOfRangeException(nameof(parts), "A monthly credit cap is a percentage of the fee from 0 to 100.");
        var fee = parts.Select(p => p.Fee).Aggregate((a, b) => a + b);
        var earned = parts.Select(p => p.Earned).Aggregate((a, b) => a + b);
        var cap = parts.Select(p => p.Fee.PercentOf(p.CapPercent)).Aggregate((a, b) => a + b);
        return new SplitCredit(fee, earned, cap, earned.Amount <= cap.Amount ? earned : cap, parts);
    }
}
