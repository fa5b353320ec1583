using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Compliance;

/// <summary>Service credit tiers, from the mildest (highest threshold) to the most severe.</summary>
public sealed class CreditScheme
{
    private CreditScheme(CreditTier[] tiers) => Tiers = tiers;

    public IReadOnlyList<CreditTier> Tiers { get; }

    /// <summary>Checks the tiers as entered: thresholds strictly decreasing, credits strictly increasing, both within 0–100.</summary>
    public static (CreditScheme? Scheme, ValidationErrors Errors) Create(IEnumerable<CreditTier> tiers)
    {
        var list = tiers.ToArray();
        var errors = new ValidationErrors();
        if (list.Length == 0)
            errors.Add("tiers", "A credit scheme needs at least one tier: a threshold below which a credit is owed.");
        for (var i = 0; i < list.Length; i++)
        {
            var tier = list[i];
            var field = $"tiers[{i}]";
            if (tier.BelowPercent is <= 0m or > 100m)
                errors.Add($"{field}.belowPercent", $"Tier {i + 1}: threshold {tier.BelowPercent}% must be above 0 and at most 100.");
            if (tier.CreditPercent is <= 0m or > 100m)
                errors.Add($"{field}.creditPercent", $"Tier {i + 1}: credit {tier.CreditPercent}% must be above 0 and at most 100.");
            if (i == 0)
                continue;
            var previous = list[i - 1];
            if (tier.BelowPercent >= previous.BelowPercent)
                errors.Add($"{field}.belowPercent",
                    $"Tier {i + 1}: threshold {tier.BelowPercent}% must be lower than tier {i}'s {previous.BelowPercent}%; list tiers from the highest threshold to the lowest.");
            if (tier.CreditPercent <= previous.CreditPercent)
                errors.Add($"{field}.creditPercent",
                    $"Tier {i + 1}: credit {tier.CreditPercent}% must be higher than tier {i}'s {previous.CreditPercent}%; a lower attainment earns a larger credit.");
        }
        return errors.IsValid ? (new CreditScheme(list), errors) : (null, errors);
    }

    /// <summary>The credit of the most severe tier whose threshold the attainment falls below; none when not applicable.</summary>
    public decimal CreditPercentFor(decimal? attainmentPercent)
    {
        if (attainmentPercent is not { } attainment)
            return 0m;
        var credit = 0m;
        foreach (var tier in Tiers)
        {
            if (attainment < tier.BelowPercent)
                credit = tier.CreditPercent;
        }
        return credit;
    }
}
