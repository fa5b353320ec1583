using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

/// <summary>
/// Property checks: for random minute-aligned calendars, outages, exclusions and samples, the engine agrees with a
/// naive minute-by-minute reference written here, over a DST month.
/// </summary>
public sealed class ProbeReferenceTests
{
    private static readonly CompliancePeriod March = Month(2026, 3, London);
    private static readonly int MarchMinutes = (int)March.Interval.Duration.TotalMinutes;

    private sealed record Scenario(
        Dictionary<IsoDayOfWeek, (LocalTime Start, LocalTime End)> Hours,
        HashSet<LocalDate> Holidays,
        bool AlwaysOn,
        List<Exclusion> Exclusions,
        List<Interval> Outages,
        List<ProbeSample> Samples,
        int ExpectedMinutes,
        ExclusionTreatment Treatment,
        MissingDataPolicy Policy)
    {
        public ServiceWindow Window => AlwaysOn
            ? ServiceWindow.AlwaysOn
            : new BusinessCalendar(London, Hours.Select(h => new WorkingHours(h.Key, h.Value.Start, h.Value.End)), Holidays);

        public AvailabilitySlo Slo => new(Target(99m), Window, Treatment, Policy);
    }

    [Fact]
    public void Probe_evaluation_matches_a_minute_by_minute_reference()
    {
        var random = new Random(743);
        for (var round = 0; round < 24; round++)
        {
            var scenario = Generate(random);
            var accumulator = scenario.Slo.StartProbeEvaluation(March, scenario.Exclusions, Duration.FromMinutes(scenario.ExpectedMinutes));
            var chunk = random.Next(1, 5_000);
            var samples = scenario.Samples.ToArray();
            for (var offset = 0; offset < samples.Length; offset += chunk)
                accumulator.Add(samples.AsSpan(offset, Math.Min(chunk, samples.Length - offset)));
            var actual = accumulator.Result();

            var expected = ProbeReference(scenario);
            var context = $"round {round}: {scenario.Policy}, {scenario.Treatment}, every {scenario.ExpectedMinutes} min, {(scenario.AlwaysOn ? "24x7" : "calendar")}";
            Assert.True(Duration.FromMinutes(expected.Maximum) == actual.Maximum, $"{context}: maximum {actual.Maximum.TotalMinutes} != {expected.Maximum}");
            Assert.True(Duration.FromMinutes(expected.Down) == actual.Downtime, $"{context}: downtime {actual.Downtime.TotalMinutes} != {expected.Down}");
            Assert.Equal(Ratio(expected.Maximum - expected.Down, expected.Maximum), actual.AttainmentPercent);
            Assert.Equal(Ratio(expected.Covered, expected.Window), actual.DataCoveragePercent);
            foreach (var type in Enum.GetValues<ExclusionType>())
                Assert.Equal(Duration.FromMinutes(expected.ExcludedByType[type]), actual.Excluded[type]);
        }
    }

    [Fact]
    public void Outage_evaluation_matches_a_minute_by_minute_reference()
    {
        var random = new Random(44_580);
        for (var round = 0; round < 24; round++)
        {
            var scenario = Generate(random);
            var actual = scenario.Slo.Evaluate(March, scenario.Outages, scenario.Exclusions);

            long window = 0, excluded = 0, down = 0;
            foreach (var minute in Minutes())
            {
                if (!InWindow(scenario, minute))
                    continue;
                window++;
                if (scenario.Exclusions.Any(e => e.Interval.Contains(minute)))
                    excluded++;
                else if (scenario.Outages.Any(o => o.Contains(minute)))
                    down++;
            }
            var maximum = scenario.Treatment == ExclusionTreatment.RemovedFromMaximum ? window - excluded : window;
            Assert.Equal(Duration.FromMinutes(maximum), actual.Maximum);
            Assert.Equal(Duration.FromMinutes(down), actual.Downtime);
            Assert.Equal(Ratio(maximum - down, maximum), actual.AttainmentPercent);
        }
    }

    private static (long Maximum, long Down, long Covered, long Window, Dictionary<ExclusionType, long> ExcludedByType) ProbeReference(Scenario scenario)
    {
        long window = 0, excluded = 0, covered = 0, measured = 0, down = 0, missing = 0;
        var byType = Enum.GetValues<ExclusionType>().ToDictionary(t => t, _ => 0L);
        var next = 0;
        ProbeSample? latest = null;
        foreach (var minute in Minutes())
        {
            while (next < scenario.Samples.Count && scenario.Samples[next].At <= minute)
                latest = scenario.Samples[next++];
            if (!InWindow(scenario, minute))
                continue;
            window++;
            var isCovered = latest is { } sample && minute < sample.At + Duration.FromMinutes(scenario.ExpectedMinutes);
            if (isCovered)
                covered++;
            var exclusion = scenario.Exclusions.Where(e => e.Interval.Contains(minute)).OrderBy(e => e.Type).FirstOrDefault();
            if (exclusion is not null)
            {
                excluded++;
                byType[exclusion.Type]++;
                continue;
            }
            if (!isCovered)
                missing++;
            else
            {
                measured++;
                if (!latest!.Value.Up)
                    down++;
            }
        }
        var maximum = scenario.Treatment == ExclusionTreatment.RemovedFromMaximum ? window - excluded : window;
        switch (scenario.Policy)
        {
            case MissingDataPolicy.ExcludedAsUnknown: maximum -= missing; break;
            case MissingDataPolicy.CountedAsDown: down += missing; break;
        }
        return (maximum, down, covered, window, byType);
    }

    private static IEnumerable<Instant> Minutes() => Enumerable.Range(0, MarchMinutes).Select(i => March.Start + Duration.FromMinutes(i));

    private static bool InWindow(Scenario scenario, Instant minute)
    {
        if (scenario.AlwaysOn)
            return true;
        var local = minute.InZone(London).LocalDateTime;
        return !scenario.Holidays.Contains(local.Date)
            && scenario.Hours.TryGetValue(local.DayOfWeek, out var hours)
            && local.TimeOfDay >= hours.Start && local.TimeOfDay < hours.End;
    }

    private static decimal? Ratio(long part, long whole) => whole == 0 ? null : part * 100m / whole;

    private static Scenario Generate(Random random)
    {
        var hours = new Dictionary<IsoDayOfWeek, (LocalTime, LocalTime)>();
        foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None && random.Next(4) > 0))
        {
            var start = new LocalTime(6, 0).PlusMinutes(random.Next(0, 240));
            hours[day] = (start, start.PlusMinutes(random.Next(60, 600)));
        }
        var holidays = Enumerable.Range(0, random.Next(0, 4)).Select(_ => new LocalDate(2026, 3, random.Next(1, 32))).ToHashSet();

        Interval RandomSpan(int maxMinutes)
        {
            var start = March.Start + Duration.FromMinutes(random.Next(-600, MarchMinutes + 600));
            return new Interval(start, start + Duration.FromMinutes(random.Next(1, maxMinutes)));
        }
        var exclusions = Enumerable.Range(0, random.Next(0, 12))
            .Select(_ => new Exclusion((ExclusionType)random.Next(0, 5), RandomSpan(900)))
            .ToList();
        var outages = Enumerable.Range(0, random.Next(0, 30)).Select(_ => RandomSpan(400)).ToList();

        var expected = new[] { 1, 2, 5 }[random.Next(3)];
        var samples = new List<ProbeSample>();
        var at = March.Start - Duration.FromMinutes(random.Next(0, 30));
        var end = March.End + Duration.FromMinutes(30);
        while (at < end)
        {
            var up = !outages.Any(o => o.Contains(at)) && random.Next(100) > 0;
            samples.Add(new ProbeSample(at, up));
            var step = random.Next(1_000) switch
            {
                < 10 => 0,                                  // a duplicate timestamp
                < 40 => random.Next(1, expected + 1),       // early (or on time)
                < 43 => expected + random.Next(1, 120),     // a gap
                _ => expected,
            };
            at += Duration.FromMinutes(step);
        }
        return new Scenario(
            hours, holidays, AlwaysOn: random.Next(3) == 0, exclusions, outages, samples, expected,
            (ExclusionTreatment)random.Next(2), (MissingDataPolicy)random.Next(3));
    }
}
