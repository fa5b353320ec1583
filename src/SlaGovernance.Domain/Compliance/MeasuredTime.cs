using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>The service-window time of one stretch, split into excluded and measured time.</summary>
internal sealed class MeasuredTime
{
    private MeasuredTime(IntervalSet window, IntervalSet excluded, IReadOnlyDictionary<ExclusionType, Duration> excludedByType, Duration maximum)
    {
        Window = window;
        Excluded = excluded;
        ExcludedByType = excludedByType;
        Measured = window.Subtract(excluded);
        Maximum = maximum;
    }

    public IntervalSet Window { get; }

    /// <summary>Excluded time inside the window.</summary>
    public IntervalSet Excluded { get; }

    public IReadOnlyDictionary<ExclusionType, Duration> ExcludedByType { get; }

    /// <summary>Window time that is neither excluded nor outside the window: where downtime counts.</summary>
    public IntervalSet Measured { get; }

    public Duration Maximum { get; }

    public static MeasuredTime For(Interval stretch, ServiceWindow window, IEnumerable<Exclusion> exclusions, ExclusionTreatment treatment)
    {
        var inWindow = window.Within(stretch);
        var byType = exclusions.ToLookup(e => e.Type, e => e.Interval);
        var excluded = IntervalSet.Empty;
        var excludedByType = new Dictionary<ExclusionType, Duration>();
        foreach (var type in Enum.GetValues<ExclusionType>())
        {
            // Overlapping time goes to the first type only, so the types add up to the total excluded.
            var own = IntervalSet.From(byType[type]).Intersect(inWindow).Subtract(excluded);
            excludedByType[type] = own.TotalDuration;
            excluded = excluded.Union(own);
        }
        var maximum = treatment == ExclusionTreatment.RemovedFromMaximum
            ? inWindow.TotalDuration - excluded.TotalDuration
            : inWindow.TotalDuration;
        return new MeasuredTime(inWindow, excluded, excludedByType, maximum);
    }

    /// <summary>Attainment as a percentage of the maximum, or null when there is no maximum to divide by.</summary>
    public static decimal? AttainmentPercent(Duration maximum, Duration downtime)
    {
        var max = maximum.ToInt64Nanoseconds();
        return max <= 0 ? null : (max - downtime.ToInt64Nanoseconds()) * 100m / max;
    }
}
