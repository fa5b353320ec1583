using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>An availability objective: the share of the service window's time the service must be up.</summary>
public sealed record AvailabilitySlo(
    SloTarget Target,
    ServiceWindow Window,
    ExclusionTreatment ExcludedTime = ExclusionTreatment.CountsAsAvailable,
    MissingDataPolicy MissingData = MissingDataPolicy.ExcludedAsUnknown)
{
    /// <summary>Attainment from outage records: overlapping outages count once; excluded time is never downtime.</summary>
    public SloResult Evaluate(CompliancePeriod period, IEnumerable<Interval> outages, IEnumerable<Exclusion> exclusions)
    {
        var time = MeasuredTime.For(period.Interval, Window, exclusions, ExcludedTime);
        return Result(time, Downtime(time, IntervalSet.From(outages)));
    }

    /// <summary>
    /// Attainment and the error budget over the same period, the measured time and downtime worked out once for both
    /// (what <see cref="Evaluate"/> and <see cref="ErrorBudget"/> would each compute again).
    /// </summary>
    public (SloResult Result, ErrorBudget Budget) EvaluateWithBudget(CompliancePeriod period, IEnumerable<Interval> outages,
        IEnumerable<Exclusion> exclusions, params IEnumerable<Duration> lookBacks)
    {
        var lookBackList = CheckedLookBacks(lookBacks);
        var outageSet = IntervalSet.From(outages);
        var exclusionList = exclusions.ToArray();
        var time = MeasuredTime.For(period.Interval, Window, exclusionList, ExcludedTime);
        var downtime = Downtime(time, outageSet);
        return (Result(time, downtime), Budget(period, time, downtime, outageSet, exclusionList, lookBackList));
    }

    private SloResult Result(MeasuredTime time, Duration downtime) =>
        SloResult.For(Target, MeasuredTime.AttainmentPercent(time.Maximum, downtime), dataCoverage: null, time.Maximum, downtime, time.ExcludedByType);

    /// <summary>Starts a streaming evaluation of probe samples; feed it samples in time order, then ask for the result.</summary>
    public ProbeAccumulator StartProbeEvaluation(CompliancePeriod period, IEnumerable<Exclusion> exclusions, Duration expectedInterval) =>
        new(this, MeasuredTime.For(period.Interval, Window, exclusions, ExcludedTime), expectedInterval);

    /// <summary>
    /// The error budget over <paramref name="window"/>: the downtime the target allows there, how much is spent, and how
    /// fast it burns over each look-back ending at the window's end (1 means on pace to spend exactly the budget).
    /// </summary>
    public ErrorBudget ErrorBudget(CompliancePeriod window, IEnumerable<Interval> outages, IEnumerable<Exclusion> exclusions, params IEnumerable<Duration> lookBacks)
    {
        var lookBackList = CheckedLookBacks(lookBacks);
        var outageSet = IntervalSet.From(outages);
        var exclusionList = exclusions.ToArray();
        var time = MeasuredTime.For(window.Interval, Window, exclusionList, ExcludedTime);
        return Budget(window, time, Downtime(time, outageSet), outageSet, exclusionList, lookBackList);
    }

    private static Duration[] CheckedLookBacks(IEnumerable<Duration> lookBacks)
    {
        var lookBackList = lookBacks.ToArray();
        foreach (var lookBack in lookBackList)
        {
            if (lookBack <= Duration.Zero)
                throw new ArgumentOutOfRangeException(nameof(lookBacks), lookBack, "A burn-rate look-back must be a positive duration, such as 1 hour.");
        }
        return lookBackList;
    }

    private ErrorBudget Budget(CompliancePeriod window, MeasuredTime time, Duration consumed, IntervalSet outageSet, Exclusion[] exclusionList,
        Duration[] lookBackList)
    {
        var allowed = Target.AllowedFailureFraction;
        if (allowed == 0m || time.Maximum == Duration.Zero)
        {
            var noRates = lookBackList.Select(lookBack => new BurnRate(lookBack, null)).ToArray();
            return new ErrorBudget(HasBudget: false, Duration.Zero, consumed, Duration.Zero, noRates);
        }

        var budget = Duration.FromNanoseconds((long)(time.Maximum.ToInt64Nanoseconds() * allowed));
        var rates = lookBackList.Select(lookBack =>
        {
            var start = window.End - lookBack;
            var recent = MeasuredTime.For(new Interval(start < window.Start ? window.Start : start, window.End), Window, exclusionList, ExcludedTime);
            var maximum = recent.Maximum.ToInt64Nanoseconds();
            var downtime = Downtime(recent, outageSet).ToInt64Nanoseconds();
            return new BurnRate(lookBack, maximum == 0 ? null : (decimal)downtime / maximum / allowed);
        }).ToArray();
        return new ErrorBudget(HasBudget: true, budget, consumed, budget - consumed, rates);
    }

    private static Duration Downtime(MeasuredTime time, IntervalSet outages) => outages.Intersect(time.Measured).TotalDuration;
}
