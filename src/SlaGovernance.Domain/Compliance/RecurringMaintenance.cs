using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>
/// A weekly maintenance window that starts at the same local time each week in the agreement's zone, so its UTC start
/// moves with DST; its length is elapsed time.
/// </summary>
public sealed record RecurringMaintenance(IsoDayOfWeek Day, LocalTime Start, Duration Length)
{
    /// <summary>Every occurrence that overlaps <paramref name="period"/>, clipped to it, as scheduled-maintenance exclusions.</summary>
    public IReadOnlyList<Exclusion> ExpandFor(Interval period, DateTimeZone zone)
    {
        if (Day == IsoDayOfWeek.None)
            throw new InvalidOperationException("A recurring maintenance window needs a weekday, Monday to Sunday.");
        if (Length <= Duration.Zero)
            throw new InvalidOperationException($"A recurring maintenance window needs a positive length; it has {Length}.");

        var occurrences = new List<Interval>();
        var lookBackDays = (int)Math.Ceiling(Length.TotalDays) + 1;
        var last = period.End.InZone(zone).Date;
        for (var date = period.Start.InZone(zone).Date.PlusDays(-lookBackDays); date <= last; date = date.PlusDays(1))
        {
            if (date.DayOfWeek != Day)
                continue;
            var start = (date + Start).InZoneLeniently(zone).ToInstant();
            occurrences.Add(new Interval(start, start + Length));
        }
        return [.. IntervalSet.From(occurrences).Clip(period).Intervals.Select(i => new Exclusion(ExclusionType.ScheduledMaintenance, i))];
    }
}
