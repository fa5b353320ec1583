using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>Time the contract takes out of the downtime count, with the reason it allows.</summary>
public sealed record Exclusion(ExclusionType Type, Interval Interval);
