using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>How many events happened in the measurement interval that starts at <paramref name="IntervalStart"/>.</summary>
public sealed record EventCount(Instant IntervalStart, long Count);
