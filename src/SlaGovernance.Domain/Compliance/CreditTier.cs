namespace SlaGovernance.Domain.Compliance;

/// <summary>Attainment below <paramref name="BelowPercent"/> earns <paramref name="CreditPercent"/> of the monthly fee.</summary>
public sealed record CreditTier(decimal BelowPercent, decimal CreditPercent);
