using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>
/// One synthetic-monitoring result. Stored as 16 bytes (Unix ticks, latency, status) so a year of per-minute
/// samples streams through the evaluator without touching NodaTime per sample.
/// </summary>
public readonly record struct ProbeSample
{
    private const int NoLatency = -1;
    private readonly int _latencyMs;

    public ProbeSample(Instant at, bool up, int? latencyMs = null)
    {
        if (latencyMs < 0)
            throw new ArgumentOutOfRangeException(nameof(latencyMs), latencyMs, "A probe latency is zero or more milliseconds.");
        UnixTicks = at.ToUnixTimeTicks();
        _latencyMs = latencyMs ?? NoLatency;
        Up = up;
    }

    public Instant At => Instant.FromUnixTimeTicks(UnixTicks);

    public bool Up { get; }

    public int? LatencyMs => _latencyMs == NoLatency ? null : _latencyMs;

    internal long UnixTicks { get; }
}
