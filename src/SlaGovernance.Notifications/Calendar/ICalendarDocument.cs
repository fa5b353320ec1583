using System.Globalization;
using System.Text;

namespace SlaGovernance.Notifications.Calendar;

/// <summary>An all-day event: <see cref="Date"/> is a local date (a key date in the agreement's zone), so it is written as a DATE value.</summary>
public sealed record AllDayEvent(string Uid, DateOnly Date, string Summary, string? Description = null, string? Category = null);

/// <summary>
/// RFC 5545 text: CRLF line ends, content lines folded at 75 octets without splitting a UTF-8 sequence, TEXT values with
/// backslash, semicolon, comma and line breaks escaped. Used by the calendar feed and, later, by reminder attachments.
/// </summary>
public static class ICalendarDocument
{
    public const string MediaType = "text/calendar";
    private const int MaxOctets = 75;

    public static string Write(string name, IEnumerable<AllDayEvent> events, DateTimeOffset stamp)
    {
        var text = new StringBuilder();
        void Line(string line) => AppendFolded(text, line);
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//SlaGovernance//Key dates//EN");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escape(name));
        var dtstamp = stamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        foreach (var e in events)
        {
            Line("BEGIN:VEVENT");
            Line("UID:" + Escape(e.Uid));
            Line("DTSTAMP:" + dtstamp);
            Line("DTSTART;VALUE=DATE:" + Date(e.Date));
            Line("DTEND;VALUE=DATE:" + Date(e.Date.AddDays(1)));
            Line("SUMMARY:" + Escape(e.Summary));
            if (!string.IsNullOrEmpty(e.Description))
                Line("DESCRIPTION:" + Escape(e.Description));
            if (!string.IsNullOrEmpty(e.Category))
                Line("CATEGORIES:" + Escape(e.Category));
            Line("TRANSP:TRANSPARENT");
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return text.ToString();
    }

    public static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Escapes a TEXT value (RFC 5545 3.3.11); any line break becomes \n, other control characters are dropped.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case ';': text.Append(@"\;"); break;
                case ',': text.Append(@"\,"); break;
                case '\r':
                    text.Append(@"\n");
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                        i++;
                    break;
                case '\n': text.Append(@"\n"); break;
                case '\t': text.Append(' '); break;
                default:
                    if (!char.IsControl(c))
                        text.Append(c);
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Appends one content line, folded so no physical line exceeds 75 octets (the CRLF not counted), continuing with a space.</summary>
    private static void AppendFolded(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = MaxOctets;
        for (var i = 0; i < line.Length; i++)
        {
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 1;
                limit = MaxOctets;
            }
            text.Append(line, i, length);
            octets += size;
            i += length - 1;
        }
        text.Append("\r\n");
    }
}
