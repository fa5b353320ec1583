namespace SlaGovernance.Domain.Compliance;

/// <summary>The attainment an SLO promises, as a percentage, and the credits owed when it falls short.</summary>
public sealed record SloTarget
{
    public SloTarget(decimal percent, CreditScheme? credits = null)
    {
        if (percent is <= 0m or > 100m)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, $"An SLO target is a percentage above 0 and at most 100; {percent} is not.");
        Percent = percent;
        Credits = credits;
    }

    public decimal Percent { get; }

    public CreditScheme? Credits { get; }

    /// <summary>The allowed share of bad time or events: 0.001 for 99.9%, zero for 100%.</summary>
    internal decimal AllowedFailureFraction => (100m - Percent) / 100m;
}
