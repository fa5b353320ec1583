using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

/// <summary>
/// A year of per-minute samples streams through without allocating; its speed is measured in
/// tests/SlaGovernance.Benchmarks, not here.
/// </summary>
public sealed class ProbeStreamingTests
{
    private const int YearOfMinutes = 525_600;
    private static readonly CompliancePeriod Year = CompliancePeriod.Rolling(365, Utc(2027, 1, 1));
    private static readonly ProbeSample[] Samples = YearOfSamples();

    private static ProbeSample[] YearOfSamples()
    {
        var samples = new ProbeSample[YearOfMinutes];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = new ProbeSample(Year.Start + Duration.FromMinutes(i), up: i % 1_009 != 0, latencyMs: 40 + i % 50);
        return samples;
    }

    private static List<Exclusion> Exclusions() =>
    [
        .. new RecurringMaintenance(IsoDayOfWeek.Sunday, new LocalTime(2, 0), Duration.FromHours(2)).ExpandFor(Year.Interval, London),
        new Exclusion(ExclusionType.ForceMajeure, Span(Utc(2026, 8, 14, 3), 300)),
    ];

    [Fact]
    public void Adding_samples_allocates_nothing()
    {
        // Warmed up over the same chunks first, so what the JIT does on a first or on-stack-replaced call is not counted as the adding.
        var warmUp = new AvailabilitySlo(Target(99.9m), LondonOfficeHours).StartProbeEvaluation(Year, Exclusions(), Duration.FromMinutes(1));
        for (var offset = 0; offset < Samples.Length; offset += 50_000)
            warmUp.Add(Samples.AsSpan(offset, Math.Min(50_000, Samples.Length - offset)));
        var accumulator = new AvailabilitySlo(Target(99.9m), LondonOfficeHours).StartProbeEvaluation(Year, Exclusions(), Duration.FromMinutes(1));
        accumulator.Add(Samples.AsSpan(0, 10));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var offset = 10; offset < Samples.Length; offset += 50_000)
            accumulator.Add(Samples.AsSpan(offset, Math.Min(50_000, Samples.Length - offset)));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
