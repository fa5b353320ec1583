using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>
/// An availability objective's service-window time, measured time and downtime along one stretch, from outages or probe
/// samples, held as running totals so the maximum and downtime of any part of the stretch are read in logarithmic time:
/// what an error budget and its burn rates over many windows and instants need. The figures over a part are those
/// <see cref="AvailabilitySlo.Evaluate"/> or a <see cref="ProbeAccumulator"/> would give for it alone.
/// </summary>
public sealed class DowntimeTimeline
{
    private readonly AvailabilitySlo _slo;
    private readonly RunningTotal _window;
    private readonly RunningTotal _measured;
    private readonly RunningTotal _down;
    private readonly RunningTotal? _covered;

    private DowntimeTimeline(AvailabilitySlo slo, Interval span, IntervalSet down, IntervalSet? covered, IEnumerable<Exclusion> exclusions)
    {
        _slo = slo;
        Span = span;
        var time = MeasuredTime.For(span, slo.Window, exclusions, slo.ExcludedTime);
        _window = new RunningTotal(time.Window);
        _measured = new RunningTotal(time.Measured);
        _down = new RunningTotal(down.Intersect(time.Measured));
        _covered = covered is null ? null : new RunningTotal(covered.Intersect(time.Measured));
    }

    /// <summary>The stretch the timeline knows; parts outside it count as nothing.</summary>
    public Interval Span { get; }

    /// <summary>Overlapping outages count once; time no outage covers was up.</summary>
    public static DowntimeTimeline FromOutages(AvailabilitySlo slo, Interval span, IEnumerable<Interval> outages, IEnumerable<Exclusion> exclusions) =>
        new(slo, span, IntervalSet.From(outages), null, exclusions);

    /// <summary>
    /// Each sample covers the time from its instant to the next expected sample, or to the next sample if that comes sooner;
    /// time no sample covers is missing data, counted as the objective's <see cref="AvailabilitySlo.MissingData"/> says.
    /// </summary>
    public static DowntimeTimeline FromProbes(AvailabilitySlo slo, Interval span, IReadOnlyList<ProbeSample> samples, Duration expectedInterval,
        IEnumerable<Exclusion> exclusions)
    {
        if (expectedInterval <= Duration.Zero)
            throw new ArgumentOutOfRangeException(nameof(expectedInterval), expectedInterval, "The expected interval between probe samples must be positive.");
        var covered = new List<Interval>(samples.Count);
        var down = new List<Interval>();
        for (var i = 0; i < samples.Count; i++)
        {
            var at = samples[i].At;
            var end = at + expectedInterval;
            if (i + 1 < samples.Count && samples[i + 1].At < end)
                end = samples[i + 1].At;
            if (end <= at)
                continue;
            var cover = new Interval(at, end);
            covered.Add(cover);
            if (!samples[i].Up)
                down.Add(cover);
        }
        return new DowntimeTimeline(slo, span, IntervalSet.From(down), IntervalSet.From(covered), exclusions);
    }

    /// <summary>The maximum (the time attainment is a share of) and the downtime over <paramref name="part"/>.</summary>
    public (Duration Maximum, Duration Downtime) Over(Interval part)
    {
        long from = part.Start.ToUnixTimeTicks(), to = part.End.ToUnixTimeTicks();
        var measured = _measured.Between(from, to);
        var maximum = _slo.ExcludedTime == ExclusionTreatment.RemovedFromMaximum ? measured : _window.Between(from, to);
        var downtime = _down.Between(from, to);
        if (_covered is not null)
        {
            var missing = measured - _covered.Between(from, to);
            switch (_slo.MissingData)
            {
                case MissingDataPolicy.ExcludedAsUnknown:
                    maximum -= missing;
                    break;
                case MissingDataPolicy.CountedAsDown:
                    downtime += missing;
                    break;
            }
        }
        return (Duration.FromTicks(maximum), Duration.FromTicks(downtime));
    }

    /// <summary>
    /// How fast the budget burned over the <paramref name="lookBack"/> ending at <paramref name="end"/>: the share of that time
    /// lost, over the share the target allows (1 spends exactly the budget by the window's end). Null when the stretch had no
    /// maximum, or the target allows no failure.
    /// </summary>
    public decimal? BurnRate(Instant end, Duration lookBack)
    {
        var allowed = _slo.Target.AllowedFailureFraction;
        var (maximum, downtime) = Over(new Interval(end - lookBack, end));
        return allowed == 0m || maximum <= Duration.Zero ? null : (decimal)downtime.BclCompatibleTicks / maximum.BclCompatibleTicks / allowed;
    }

    /// <summary>
    /// The budget of <paramref name="window"/> (the downtime its target allows over the whole window), what was spent from its
    /// start up to <paramref name="at"/>, what remains, and the burn rate over each look-back ending at <paramref name="at"/>.
    /// </summary>
    public ErrorBudget BudgetAt(CompliancePeriod window, Instant at, params IEnumerable<Duration> lookBacks)
    {
        var allowed = _slo.Target.AllowedFailureFraction;
        var (whole, _) = Over(window.Interval);
        if (_covered is not null && _slo.MissingData == MissingDataPolicy.ExcludedAsUnknown)
        {
            // The budget is over the whole window, data or not: the part still to come has none yet.
            long from = window.Start.ToUnixTimeTicks(), to = window.End.ToUnixTimeTicks();
            whole = Duration.FromTicks(_slo.ExcludedTime == ExclusionTreatment.RemovedFromMaximum ? _measured.Between(from, to) : _window.Between(from, to));
        }
        var end = at < window.End ? at : window.End;
        var consumed = end > window.Start ? Over(new Interval(window.Start, end)).Downtime : Duration.Zero;
        var rates = lookBacks.Select(l => new BurnRate(l, BurnRate(at, l))).ToArray();
        if (allowed == 0m || whole <= Duration.Zero)
            return new ErrorBudget(HasBudget: false, Duration.Zero, consumed, Duration.Zero, rates);
        var budget = Duration.FromTicks((long)(whole.BclCompatibleTicks * allowed));
        return new ErrorBudget(HasBudget: true, budget, consumed, budget - consumed, rates);
    }

    /// <summary>A set of disjoint intervals in Unix ticks with the length of all before each, so its length up to any instant is a binary search away.</summary>
    private sealed class RunningTotal
    {
        private readonly long[] _starts;
        private readonly long[] _ends;
        private readonly long[] _before;

        public RunningTotal(IntervalSet set)
        {
            var intervals = set.Intervals;
            _starts = new long[intervals.Count];
            _ends = new long[intervals.Count];
            _before = new long[intervals.Count];
            long total = 0;
            for (var i = 0; i < intervals.Count; i++)
            {
                _starts[i] = intervals[i].Start.ToUnixTimeTicks();
                _ends[i] = intervals[i].End.ToUnixTimeTicks();
                _before[i] = total;
                total += _ends[i] - _starts[i];
            }
        }

        public long Between(long from, long to) => to <= from ? 0 : UpTo(to) - UpTo(from);

        private long UpTo(long instant)
        {
            // The last interval starting at or before the instant.
            var i = Array.BinarySearch(_starts, instant);
            i = i >= 0 ? i : ~i - 1;
            return i < 0 ? 0 : _before[i] + Math.Min(_ends[i], instant) - _starts[i];
        }
    }
}
