using SlaGovernance.Domain.Events;

namespace SlaGovernance.Domain.Calendars;

/// <summary>A business calendar was created or changed; when it is (or was) the default, business-day deadlines move.</summary>
public sealed record BusinessCalendarChanged(Guid CalendarId, bool IsDefault) : IDomainEvent
{
    public static string Type => "business-calendar.changed";
    public string SubjectId => CalendarId.ToString();
}
