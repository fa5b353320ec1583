using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Calendars;

public sealed record WorkingHoursInput(string? Day, string? Start, string? End);

/// <summary>What an administrator submits for a business calendar.</summary>
public sealed record BusinessCalendarInput(string? Name, string? TimeZone, IReadOnlyList<WorkingHoursInput>? Hours, IReadOnlyList<string>? Holidays);

public sealed record ValidBusinessCalendar(string Name, string TimeZone, IReadOnlyList<WorkingHours> Hours, IReadOnlyList<LocalDate> Holidays)
{
    public BusinessCalendar ToCalendar() => new(DateTimeZoneProviders.Tzdb[TimeZone], Hours, Holidays);
}

public static class BusinessCalendarRules
{
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    public static (ValidBusinessCalendar? Calendar, ValidationErrors Errors) Validate(BusinessCalendarInput input)
    {
        var errors = new ValidationErrors();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors.Add("name", "A calendar name is required.");
        else if (name.Length > 200)
            errors.Add("name", "The calendar name may be at most 200 characters.");
        UserAccountRules.ValidateTimeZone(input.TimeZone, errors);

        var hours = new List<WorkingHours>();
        var entries = input.Hours ?? [];
        if (entries.Count == 0)
            errors.Add("hours", "Give at least one day of working hours, e.g. Monday 09:00-17:30.");
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!Enum.TryParse<IsoDayOfWeek>(entry.Day?.Trim(), ignoreCase: true, out var day) || day == IsoDayOfWeek.None || int.TryParse(entry.Day, out _))
            {
                errors.Add($"hours[{i}].day", $"'{entry.Day}' is not a weekday; use Monday to Sunday.");
                continue;
            }
            var start = TimePattern.Parse(entry.Start?.Trim() ?? "");
            var end = TimePattern.Parse(entry.End?.Trim() ?? "");
            if (!start.Success)
                errors.Add($"hours[{i}].start", $"'{entry.Start}' is not a time of day in HH:mm form, e.g. 09:00.");
            if (!end.Success)
                errors.Add($"hours[{i}].end", $"'{entry.End}' is not a time of day in HH:mm form, e.g. 17:30.");
            if (start.Success && end.Success)
                hours.Add(new WorkingHours(day, start.Value, end.Value));
        }

        var holidays = new List<LocalDate>();
        var given = input.Holidays ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            var parsed = DatePattern.Parse(given[i]?.Trim() ?? "");
            if (!parsed.Success)
                errors.Add($"holidays[{i}]", $"'{given[i]}' is not a date in yyyy-MM-dd form.");
            else if (holidays.Contains(parsed.Value))
                errors.Add($"holidays[{i}]", $"{given[i]} is listed twice.");
            else
                holidays.Add(parsed.Value);
        }
        return errors.IsValid
            ? (new ValidBusinessCalendar(name!, input.TimeZone!.Trim(), hours, holidays.Order().ToList()), errors)
            : (null, errors);
    }

    /// <summary>"Monday 09:00-17:30" per line, as the form has it.</summary>
    public static IReadOnlyList<WorkingHoursInput> ParseHoursLines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var parts = line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var times = parts.Length > 1 ? parts[1].Split('-', 2, StringSplitOptions.TrimEntries) : [];
                return new WorkingHoursInput(parts.ElementAtOrDefault(0), times.ElementAtOrDefault(0), times.ElementAtOrDefault(1));
            })
            .ToList();

    public static string FormatHoursLines(IEnumerable<WorkingHours> hours) =>
        string.Join("\n", hours.OrderBy(h => h.Day == IsoDayOfWeek.Sunday ? 7 : (int)h.Day).ThenBy(h => h.Start)
            .Select(h => $"{h.Day} {TimePattern.Format(h.Start)}-{TimePattern.Format(h.End)}"));

    public static string FormatDate(LocalDate date) => DatePattern.Format(date);

    public static string FormatTime(LocalTime time) => TimePattern.Format(time);

    public static LocalTime ParseTime(string text) => TimePattern.Parse(text).GetValueOrThrow();

    public static LocalDate ParseDate(string text) => DatePattern.Parse(text).GetValueOrThrow();

    public static IsoDayOfWeek ParseDay(string text) => Enum.Parse<IsoDayOfWeek>(text, ignoreCase: true);

    public static string Describe(ValidBusinessCalendar calendar) => string.Create(CultureInfo.InvariantCulture,
        $"{calendar.Name} ({calendar.TimeZone}): {FormatHoursLines(calendar.Hours).Replace("\n", "; ", StringComparison.Ordinal)}; {calendar.Holidays.Count} holiday(s)");
}
