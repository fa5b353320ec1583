using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>How fast the error budget burned over the last <paramref name="LookBack"/>; null when that stretch had no service time.</summary>
public sealed record BurnRate(Duration LookBack, decimal? Rate);
