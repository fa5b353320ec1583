using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class ProbeAvailabilityTests
{
    private static readonly CompliancePeriod June = Month(2026, 6, DateTimeZone.Utc); // 30 x 1,440 = 43,200 minutes
    private static readonly Duration OneMinute = Duration.FromMinutes(1);

    private static AvailabilitySlo Slo(
        MissingDataPolicy missingData = MissingDataPolicy.ExcludedAsUnknown,
        ExclusionTreatment treatment = ExclusionTreatment.CountsAsAvailable,
        ServiceWindow? window = null) =>
        new(Target(99.9m), window ?? ServiceWindow.AlwaysOn, treatment, missingData);

    /// <summary>One sample a minute from <paramref name="start"/>; minutes for which <paramref name="skip"/> holds send none.</summary>
    private static ProbeSample[] EveryMinute(Instant start, int count, Func<int, bool>? down = null, Func<int, bool>? skip = null)
    {
        var samples = new List<ProbeSample>(count);
        for (var i = 0; i < count; i++)
        {
            if (skip?.Invoke(i) != true)
                samples.Add(new ProbeSample(start + Duration.FromMinutes(i), up: down?.Invoke(i) != true, latencyMs: 80));
        }
        return [.. samples];
    }

    private static SloResult Run(AvailabilitySlo slo, CompliancePeriod period, IEnumerable<ProbeSample> samples, params Exclusion[] exclusions)
    {
        var accumulator = slo.StartProbeEvaluation(period, exclusions, OneMinute);
        accumulator.Add(samples);
        return accumulator.Result();
    }

    [Fact]
    public void A_sample_every_minute_all_up_is_full_attainment_and_full_coverage()
    {
        var result = Run(Slo(), June, EveryMinute(June.Start, 43_200));
        Assert.Equal(100m, result.AttainmentPercent);
        Assert.Equal(100m, result.DataCoveragePercent);
        Assert.Equal(Duration.FromMinutes(43_200), result.Maximum);
    }

    [Fact]
    public void Each_down_sample_counts_its_expected_interval_as_downtime()
    {
        var result = Run(Slo(), June, EveryMinute(June.Start, 43_200, down: i => i is >= 600 and < 630));
        // 30 down samples x 1 minute; (43,200 - 30) / 43,200
        Assert.Equal(Duration.FromMinutes(30), result.Downtime);
        Assert.Equal(43_170m * 100m / 43_200m, result.AttainmentPercent);
    }

    [Theory]
    [InlineData(MissingDataPolicy.ExcludedAsUnknown, 43_140, 0)] // the 60 unknown minutes leave the maximum
    [InlineData(MissingDataPolicy.CountedAsDown, 43_200, 60)]    // the 60 unknown minutes are downtime
    [InlineData(MissingDataPolicy.CountedAsUp, 43_200, 0)]       // the 60 unknown minutes are uptime
    public void A_gap_in_the_samples_is_judged_by_the_missing_data_policy(MissingDataPolicy policy, int maximumMinutes, int downtimeMinutes)
    {
        var result = Run(Slo(policy), June, EveryMinute(June.Start, 43_200, skip: i => i is >= 1_000 and < 1_060));

        Assert.Equal(Duration.FromMinutes(maximumMinutes), result.Maximum);
        Assert.Equal(Duration.FromMinutes(downtimeMinutes), result.Downtime);
        Assert.Equal((decimal)(maximumMinutes - downtimeMinutes) * 100m / maximumMinutes, result.AttainmentPercent);
        // coverage does not depend on the policy: (43,200 - 60) / 43,200
        Assert.Equal(43_140m * 100m / 43_200m, result.DataCoveragePercent);
    }

    [Fact]
    public void Time_before_the_first_sample_and_after_the_last_is_missing()
    {
        var samples = EveryMinute(June.Start + Duration.FromHours(12), 43_200 - 1_440);
        var result = Run(Slo(MissingDataPolicy.CountedAsDown), June, samples);
        // 720 minutes before the first sample + 720 after the last one's minute
        Assert.Equal(Duration.FromMinutes(1_440), result.Downtime);
        Assert.Equal(41_760m * 100m / 43_200m, result.DataCoveragePercent);
    }

    [Fact]
    public void A_sample_covers_only_until_the_next_one_when_that_comes_early()
    {
        var start = June.Start + Duration.FromDays(3);
        ProbeSample[] samples =
        [
            .. EveryMinute(June.Start, 3 * 1_440),
            new(start, up: false),
            new(start + Duration.FromSeconds(30), up: true),
            .. EveryMinute(start + Duration.FromSeconds(90), 43_200 - 3 * 1_440 - 1),
        ];
        var result = Run(Slo(MissingDataPolicy.CountedAsDown), June, samples);
        // the down sample covers 30 s, not its full minute; the samples cover the whole month, so nothing else is down
        Assert.Equal(Duration.FromSeconds(30), result.Downtime);
        Assert.Equal(100m, result.DataCoveragePercent);
    }

    [Fact]
    public void Samples_outside_the_period_are_ignored()
    {
        var samples = EveryMinute(June.Start - Duration.FromDays(1), 45_000, down: i => i < 1_440 || i >= 1_440 + 43_200);
        var result = Run(Slo(), June, samples);
        Assert.Equal(Duration.Zero, result.Downtime);
        Assert.Equal(100m, result.DataCoveragePercent);
    }

    [Fact]
    public void Down_samples_inside_an_exclusion_are_not_downtime()
    {
        var maintenance = new Exclusion(ExclusionType.ScheduledMaintenance, Span(Utc(2026, 6, 1, 2), 60)); // minutes 120-179
        var samples = EveryMinute(June.Start, 43_200, down: i => i is >= 150 and < 200);

        var available = Run(Slo(), June, samples, maintenance);
        // down 150-199, of which 150-179 is maintenance: 20 minutes remain; maximum stays 43,200
        Assert.Equal(Duration.FromMinutes(20), available.Downtime);
        Assert.Equal(43_180m * 100m / 43_200m, available.AttainmentPercent);
        Assert.Equal(Duration.FromMinutes(60), available.Excluded[ExclusionType.ScheduledMaintenance]);

        var removed = Run(Slo(treatment: ExclusionTreatment.RemovedFromMaximum), June, samples, maintenance);
        // maximum 43,200 - 60 = 43,140: (43,140 - 20) / 43,140
        Assert.Equal(Duration.FromMinutes(43_140), removed.Maximum);
        Assert.Equal(43_120m * 100m / 43_140m, removed.AttainmentPercent);
    }

    [Fact]
    public void Missing_data_inside_an_exclusion_is_not_unknown_time()
    {
        var maintenance = new Exclusion(ExclusionType.ScheduledMaintenance, Span(Utc(2026, 6, 1, 2), 60)); // minutes 120-179
        var samples = EveryMinute(June.Start, 43_200, skip: i => i is >= 120 and < 180);

        var result = Run(Slo(MissingDataPolicy.CountedAsDown), June, samples, maintenance);

        // excluded time counts as available however it was observed, but coverage still shows the gap: (43,200 - 60) / 43,200
        Assert.Equal(Duration.Zero, result.Downtime);
        Assert.Equal(100m, result.AttainmentPercent);
        Assert.Equal(43_140m * 100m / 43_200m, result.DataCoveragePercent);
    }

    [Fact]
    public void With_a_business_calendar_only_samples_in_working_hours_count()
    {
        var april = Month(2026, 4, London);
        var tuesday1730 = (int)(Local(London, 2026, 4, 7, 17, 30) - april.Start).TotalMinutes;
        var saturday10 = (int)(Local(London, 2026, 4, 11, 10) - april.Start).TotalMinutes;
        var samples = EveryMinute(april.Start, 43_200, down: i => (i >= tuesday1730 && i < tuesday1730 + 60) || (i >= saturday10 && i < saturday10 + 120));

        var result = Run(Slo(window: LondonOfficeHours), april, samples);

        // 20 working days x 600 = 12,000 minutes; Tue 17:30-18:30 down has 30 minutes in hours; Saturday none
        Assert.Equal(Duration.FromMinutes(12_000), result.Maximum);
        Assert.Equal(Duration.FromMinutes(30), result.Downtime);
        Assert.Equal(100m, result.DataCoveragePercent);
    }

    [Fact]
    public void Probe_coverage_of_a_DST_month_is_against_its_743_hours()
    {
        var march = Month(2026, 3, London);
        var samples = EveryMinute(march.Start, 44_580, skip: i => i % 10 == 0);
        var result = Run(Slo(), march, samples);
        // one minute in ten unsampled: 44,580 x 9/10 = 40,122 covered minutes
        Assert.Equal(40_122m * 100m / 44_580m, result.DataCoveragePercent);
        Assert.Equal(Duration.FromMinutes(40_122), result.Maximum);
    }

    [Fact]
    public void A_period_with_no_service_time_reports_neither_attainment_nor_coverage()
    {
        var shutDown = BusinessCalendar.Weekdays(London, new LocalTime(8, 0), new LocalTime(18, 0), Enumerable.Range(1, 30).Select(d => new LocalDate(2026, 4, d)));
        var april = Month(2026, 4, London);
        var result = Run(Slo(window: shutDown), april, EveryMinute(april.Start, 43_200));
        Assert.Equal(SloOutcome.NotApplicable, result.Outcome);
        Assert.Null(result.AttainmentPercent);
        Assert.Null(result.DataCoveragePercent);
    }

    [Fact]
    public void No_samples_at_all_is_zero_coverage()
    {
        var unknown = Run(Slo(), June, []);
        Assert.Equal(0m, unknown.DataCoveragePercent);
        Assert.Equal(SloOutcome.NotApplicable, unknown.Outcome);

        var down = Run(Slo(MissingDataPolicy.CountedAsDown), June, []);
        Assert.Equal(0m, down.AttainmentPercent);
    }

    [Fact]
    public void Samples_fed_in_chunks_or_as_a_sequence_give_the_same_result_as_all_at_once()
    {
        var samples = EveryMinute(June.Start, 43_200, down: i => i % 97 == 0, skip: i => i % 89 == 0);
        var whole = Run(Slo(MissingDataPolicy.CountedAsDown), June, samples);

        var chunked = Slo(MissingDataPolicy.CountedAsDown).StartProbeEvaluation(June, [], OneMinute);
        for (var offset = 0; offset < samples.Length; offset += 1_000)
            chunked.Add(samples.AsSpan(offset..Math.Min(samples.Length, offset + 1_000)));

        var streamed = Run(Slo(MissingDataPolicy.CountedAsDown), June, samples.Select(s => s));

        // the excluded-time dictionaries are distinct instances, so compare the rest
        Assert.Equal(whole, chunked.Result() with { Excluded = whole.Excluded });
        Assert.Equal(whole, streamed with { Excluded = whole.Excluded });
    }

    [Fact]
    public void The_result_can_be_read_midway_and_samples_added_after()
    {
        var samples = EveryMinute(June.Start, 43_200);
        var accumulator = Slo(MissingDataPolicy.CountedAsDown).StartProbeEvaluation(June, [], OneMinute);
        accumulator.Add(samples.AsSpan(0, 21_600));
        // half the month sampled: 21,600 of 43,200 minutes
        Assert.Equal(50m, accumulator.Result().DataCoveragePercent);
        accumulator.Add(samples.AsSpan(21_600));
        Assert.Equal(100m, accumulator.Result().DataCoveragePercent);
    }

    [Fact]
    public void Samples_out_of_time_order_are_refused()
    {
        var accumulator = Slo().StartProbeEvaluation(June, [], OneMinute);
        var error = Assert.Throws<ArgumentException>(() => accumulator.Add([new ProbeSample(Utc(2026, 6, 2), true), new ProbeSample(Utc(2026, 6, 1), true)]));
        Assert.Contains("time order", error.Message);
    }

    [Fact]
    public void A_sample_keeps_its_instant_status_and_latency()
    {
        var sample = new ProbeSample(Utc(2026, 6, 1, 12), up: false, latencyMs: 250);
        Assert.Equal(Utc(2026, 6, 1, 12), sample.At);
        Assert.False(sample.Up);
        Assert.Equal(250, sample.LatencyMs);
        Assert.Null(new ProbeSample(Utc(2026, 6, 1), up: true).LatencyMs);
    }
}
