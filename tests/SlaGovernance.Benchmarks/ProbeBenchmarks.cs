using NodaTime;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Benchmarks;

/// <summary>
/// Issue 6: a year of per-minute probe samples (525,600) for one SLO, calculation alone. Targets: at least 100 million
/// samples/s for 24x7 with exclusions, 20 million with a business calendar; a bare loop over the samples is the yardstick.
/// </summary>
public static class ProbeBenchmarks
{
    private const int YearOfMinutes = 525_600;

    public static IEnumerable<(Measure.Result Result, double SamplesPerSecond)> Run()
    {
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var year = CompliancePeriod.Rolling(365, Instant.FromUtc(2027, 1, 1, 0, 0));
        var samples = new ProbeSample[YearOfMinutes];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = new ProbeSample(year.Start + Duration.FromMinutes(i), up: i % 1_009 != 0, latencyMs: 40 + i % 50);
        List<Exclusion> exclusions =
        [
            .. new RecurringMaintenance(IsoDayOfWeek.Sunday, new LocalTime(2, 0), Duration.FromHours(2)).ExpandFor(year.Interval, london),
            new Exclusion(ExclusionType.ForceMajeure, new Interval(Instant.FromUtc(2026, 8, 14, 3, 0), Instant.FromUtc(2026, 8, 14, 8, 0))),
        ];
        var officeHours = BusinessCalendar.Weekdays(london, new LocalTime(8, 0), new LocalTime(18, 0),
            [new LocalDate(2026, 4, 3), new LocalDate(2026, 4, 6), new LocalDate(2026, 12, 25)]);
        var target = new SloTarget(99.9m, null);

        var upCount = 0;
        yield return Rate(Measure.Run("bare loop over the samples", () =>
        {
            var up = 0;
            foreach (ref readonly var sample in samples.AsSpan())
                up += sample.Up ? 1 : 0;
            upCount = up;
        }));
        yield return Rate(Measure.Run("24x7, exclusions removed from the maximum", () =>
        {
            var accumulator = new AvailabilitySlo(target, ServiceWindow.AlwaysOn, ExclusionTreatment.RemovedFromMaximum)
                .StartProbeEvaluation(year, exclusions, Duration.FromMinutes(1));
            accumulator.Add(samples);
            accumulator.Result();
        }));
        yield return Rate(Measure.Run("business calendar (London office hours, holidays)", () =>
        {
            var accumulator = new AvailabilitySlo(target, officeHours).StartProbeEvaluation(year, exclusions, Duration.FromMinutes(1));
            accumulator.Add(samples);
            accumulator.Result();
        }));
        GC.KeepAlive(upCount);
    }

    private static (Measure.Result, double) Rate(Measure.Result result) => (result, YearOfMinutes / result.Median.TotalSeconds);
}
