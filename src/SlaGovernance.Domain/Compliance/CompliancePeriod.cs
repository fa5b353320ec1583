using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>The stretch of time an SLO is measured over: a calendar month or quarter in the agreement's zone, or a rolling window.</summary>
public sealed record CompliancePeriod
{
    private CompliancePeriod(Interval interval) => Interval = interval;

    public Interval Interval { get; }

    public Instant Start => Interval.Start;

    public Instant End => Interval.End;

    /// <summary>From local midnight on the first to local midnight on the next first, so a DST month is an hour shorter or longer.</summary>
    public static CompliancePeriod Month(YearMonth month, DateTimeZone zone) =>
        Between(month.OnDayOfMonth(1), month.PlusMonths(1).OnDayOfMonth(1), zone);

    public static CompliancePeriod Quarter(int year, int quarter, DateTimeZone zone)
    {
        if (quarter is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "A quarter is 1, 2, 3 or 4.");
        var first = new YearMonth(year, (quarter - 1) * 3 + 1);
        return Between(first.OnDayOfMonth(1), first.PlusMonths(3).OnDayOfMonth(1), zone);
    }

    /// <summary>The <paramref name="days"/> × 24 hours ending at <paramref name="end"/>, as error budgets are measured.</summary>
    public static CompliancePeriod Rolling(int days, Instant end)
    {
        if (days < 1)
            throw new ArgumentOutOfRangeException(nameof(days), days, "A rolling window is at least one day long.");
        return new CompliancePeriod(new Interval(end - Duration.FromDays(days), end));
    }

    /// <summary>Any stretch of time, for what-if evaluations over a span that is not a calendar month, quarter or rolling window.</summary>
    public static CompliancePeriod Of(Interval interval)
    {
        if (!interval.HasStart || !interval.HasEnd || interval.Duration <= Duration.Zero)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A compliance period has a start and a later end.");
        return new CompliancePeriod(interval);
    }

    public bool Contains(Instant instant) => Interval.Contains(instant);

    private static CompliancePeriod Between(LocalDate first, LocalDate next, DateTimeZone zone) =>
        new(new Interval(zone.AtStartOfDay(first).ToInstant(), zone.AtStartOfDay(next).ToInstant()));
}
