using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>A service window of weekly working hours in the calendar's own zone, less holiday dates.</summary>
public sealed class BusinessCalendar : ServiceWindow
{
    private readonly WorkingHours[][] _hoursByDay;
    private readonly HashSet<LocalDate> _holidays;

    public BusinessCalendar(DateTimeZone zone, IEnumerable<WorkingHours> hours, IEnumerable<LocalDate>? holidays = null)
    {
        Zone = zone;
        var all = hours.ToArray();
        foreach (var entry in all)
        {
            if (entry.Day == IsoDayOfWeek.None)
                throw new ArgumentException($"Working hours {entry.Start}–{entry.End} name no weekday; give Monday to Sunday.", nameof(hours));
        }
        _hoursByDay = Enumerable.Range(0, 8).Select(day => all.Where(h => (int)h.Day == day).ToArray()).ToArray();
        _holidays = [.. holidays ?? []];
    }

    public DateTimeZone Zone { get; }

    /// <summary>Mon–Fri with the same hours each day.</summary>
    public static BusinessCalendar Weekdays(DateTimeZone zone, LocalTime start, LocalTime end, IEnumerable<LocalDate>? holidays = null) =>
        new(zone, Enumerable.Range(1, 5).Select(day => new WorkingHours((IsoDayOfWeek)day, start, end)), holidays);

    public IReadOnlyCollection<LocalDate> Holidays => _holidays;

    public IEnumerable<WorkingHours> Hours => _hoursByDay.SelectMany(day => day);

    /// <summary>A day with working hours that is not a holiday.</summary>
    public bool IsBusinessDay(LocalDate date) => !_holidays.Contains(date) && _hoursByDay[(int)date.DayOfWeek].Length > 0;

    /// <summary>
    /// The business day <paramref name="days"/> business days after (or, negative, before) <paramref name="from"/>;
    /// <paramref name="from"/> itself is not counted, and zero gives <paramref name="from"/> unchanged.
    /// </summary>
    public LocalDate AddBusinessDays(LocalDate from, int days)
    {
        if (!Hours.Any())
            throw new InvalidOperationException("The calendar has no working hours, so no day is a business day.");
        var step = Math.Sign(days);
        var date = from;
        for (var left = Math.Abs(days); left > 0;)
        {
            date = date.PlusDays(step);
            if (IsBusinessDay(date))
                left--;
        }
        return date;
    }

    /// <summary>Close of business on the given business day, in the calendar's zone.</summary>
    public Instant CloseOfBusiness(LocalDate date)
    {
        var hours = _hoursByDay[(int)date.DayOfWeek];
        if (hours.Length == 0)
            throw new ArgumentException($"{date:uuuu-MM-dd} has no working hours in this calendar.", nameof(date));
        var last = hours.MaxBy(h => (h.RunsPastMidnight ? 1 : 0, h.End))!;
        var endDate = last.RunsPastMidnight ? date.PlusDays(1) : date;
        return (endDate + last.End).InZoneLeniently(Zone).ToInstant();
    }

    /// <summary>Due at close of business on the N-th business day after the day <paramref name="start"/> falls on locally.</summary>
    public Instant DueAfterBusinessDays(Instant start, int days) =>
        CloseOfBusiness(AddBusinessDays(start.InZone(Zone).Date, days));

    public override IntervalSet Within(Interval period)
    {
        var open = new List<Interval>();
        // Start a day early so a night shift that began the evening before the period is included.
        var last = period.End.InZone(Zone).Date;
        for (var date = period.Start.InZone(Zone).Date.PlusDays(-1); date <= last; date = date.PlusDays(1))
        {
            if (_holidays.Contains(date))
                continue;
            foreach (var hours in _hoursByDay[(int)date.DayOfWeek])
            {
                var start = (date + hours.Start).InZoneLeniently(Zone).ToInstant();
                var endDate = hours.RunsPastMidnight ? date.PlusDays(1) : date;
                var end = (endDate + hours.End).InZoneLeniently(Zone).ToInstant();
                if (start < end)
                    open.Add(new Interval(start, end));
            }
        }
        return IntervalSet.From(open).Clip(period);
    }
}
