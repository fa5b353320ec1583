using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>
/// Hours of service on one weekday, local to the calendar's zone. An end at or before the start runs past midnight
/// into the next day, so 00:00–00:00 is the whole day and 22:00–06:00 is a night shift.
/// </summary>
public sealed record WorkingHours(IsoDayOfWeek Day, LocalTime Start, LocalTime End)
{
    internal bool RunsPastMidnight => End <= Start;
}
