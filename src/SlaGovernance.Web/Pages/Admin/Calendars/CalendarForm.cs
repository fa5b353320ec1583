using SlaGovernance.Data.Calendars;
using SlaGovernance.Domain.Calendars;

namespace SlaGovernance.Web.Pages.Admin.Calendars;

/// <summary>The calendar form: hours one per line ("Monday 09:00-17:30"), holidays one date per line.</summary>
public sealed class CalendarForm
{
    public string? Name { get; set; }
    public string? TimeZone { get; set; } = "Europe/London";
    public string? Hours { get; set; } = "Monday 09:00-17:30\nTuesday 09:00-17:30\nWednesday 09:00-17:30\nThursday 09:00-17:30\nFriday 09:00-17:30";
    public string? Holidays { get; set; }
    public bool IsDefault { get; set; }

    public BusinessCalendarInput ToInput() => new(Name, TimeZone, BusinessCalendarRules.ParseHoursLines(Hours),
        (Holidays ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static CalendarForm From(BusinessCalendarRow row) => new()
    {
        Name = row.Name,
        TimeZone = row.TimeZone,
        Hours = BusinessCalendarRules.FormatHoursLines(row.Hours),
        Holidays = string.Join("\n", row.HolidayDates.Select(BusinessCalendarRules.FormatDate)),
        IsDefault = row.IsDefault,
    };
}
