using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IcsCalendar = Ical.Net.Calendar;

namespace SlaGovernance.Notifications.Calendar;

/// <summary>An all-day event: <see cref="Date"/> is a local date (a key date in the agreement's zone), so it is written as a DATE value.</summary>
public sealed record AllDayEvent(string Uid, DateOnly Date, string Summary, string? Description = null, string? Category = null);

/// <summary>
/// A published iCalendar (RFC 5545) of all-day events, written by Ical.Net: the calendar feed and the deadlines attached to
/// workflow emails. An event keeps the UID it is given, so a calendar that loads the file again updates the event it has.
/// </summary>
public static class CalendarFile
{
    public const string MediaType = "text/calendar";
    private const int MaxOctets = 75;

    public static string Write(string name, IEnumerable<AllDayEvent> events, DateTimeOffset stamp)
    {
        var calendar = new IcsCalendar { ProductId = "-//SlaGovernance//Key dates//EN", Method = "PUBLISH", Scale = "GREGORIAN" };
        calendar.AddProperty("X-WR-CALNAME", Plain(name));
        var utc = stamp.UtcDateTime;
        var dtstamp = new CalDateTime(new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, DateTimeKind.Utc));
        foreach (var e in events)
        {
            var item = new CalendarEvent
            {
                Uid = e.Uid,
                DtStamp = dtstamp,
                DtStart = new CalDateTime(e.Date),
                DtEnd = new CalDateTime(e.Date.AddDays(1)),
                Summary = Plain(e.Summary),
                Transparency = "TRANSPARENT",
            };
            if (!string.IsNullOrEmpty(e.Description))
                item.Description = Plain(e.Description);
            if (!string.IsNullOrEmpty(e.Category))
                item.Categories = [Plain(e.Category)];
            calendar.Events.Add(item);
        }
        return Refold(new CalendarSerializer().SerializeToString(calendar)!);
    }

    /// <summary>A tab becomes a space and other control characters but line breaks are dropped: Ical.Net writes a tab its own reader refuses.</summary>
    private static string Plain(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == '\t')
                text.Append(' ');
            else if (!char.IsControl(c) || c is '\r' or '\n')
                text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>
    /// Folds every content line at 75 octets between whole characters: Ical.Net 5.2.4 counts octets but may fold between the two
    /// halves of a surrogate pair, which a reader then decodes as two replacement characters instead of the emoji.
    /// </summary>
    private static string Refold(string serialized)
    {
        var text = new StringBuilder(serialized.Length + serialized.Length / 64);
        foreach (var line in serialized.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var octets = 0;
            for (var i = 0; i < line.Length; i++)
            {
                var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
                var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
                if (octets + size > MaxOctets)
                {
                    text.Append("\r\n ");
                    octets = 1;
                }
                text.Append(line, i, length);
                octets += size;
                i += length - 1;
            }
            text.Append("\r\n");
        }
        return text.ToString();
    }
}
