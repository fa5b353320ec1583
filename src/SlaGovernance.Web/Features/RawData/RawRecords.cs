using System.Buffers.Text;
using System.Globalization;
using System.Text;
using NodaTime;

namespace SlaGovernance.Web.Features.RawData;

/// <summary>Why one row (or the file's header, row 0) was refused: the row number, the column and what to do about it.</summary>
public sealed record RowError(long Row, string Column, string Reason)
{
    /// <summary>The key of the field in problem details, e.g. <c>row 12: timestamp</c>.</summary>
    public string Field => Column.Length == 0 ? $"row {Row}" : $"row {Row}: {Column}";
}

/// <summary>The refused rows of one file, up to a limit, after which reading stops.</summary>
public sealed class RowErrors
{
    public const int Limit = 50;
    private readonly List<RowError> _errors = [];

    public IReadOnlyList<RowError> All => _errors;
    public bool Any => _errors.Count > 0;
    public bool Full => _errors.Count >= Limit;

    public void Add(long row, string column, string reason)
    {
        if (!Full)
            _errors.Add(new RowError(row, column, reason));
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
}

/// <summary>One row of a file as UTF-8 field values by column, whatever the file's format.</summary>
public abstract class RawRecord
{
    /// <summary>The row's number among the data rows, from 1.</summary>
    public long Row { get; protected set; }

    /// <summary>The column's value, empty when the column is absent or blank.</summary>
    public abstract ReadOnlySpan<byte> Field(int column);

    /// <summary>Ticket pauses given as structured values (JSON objects), or null when they are given as text.</summary>
    public virtual IReadOnlyList<PauseFields>? StructuredPauses => null;
}

public sealed record PauseFields(string? Start, string? End, string? Reason);

/// <summary>The parsers shared by every kind: each reports a refused value with its row and column, and what is expected.</summary>
public sealed class FieldReader(RowErrors errors, IReadOnlyList<string> columns)
{
    public RowErrors Errors => errors;

    private void Refuse(RawRecord record, int column, string reason) => errors.Add(record.Row, columns[column], reason);

    private bool Missing(RawRecord record, int column, bool required)
    {
        if (!record.Field(column).IsEmpty)
            return false;
        if (required)
            Refuse(record, column, $"A value is required in '{columns[column]}'.");
        return true;
    }

    private static string Show(ReadOnlySpan<byte> value) =>
        value.Length > 60 ? Encoding.UTF8.GetString(value[..60]) + "…" : Encoding.UTF8.GetString(value);

    public string? Text(RawRecord record, int column, bool required, int maxLength)
    {
        if (Missing(record, column, required))
            return null;
        var text = Encoding.UTF8.GetString(record.Field(column)).Trim();
        if (text.Length > maxLength)
        {
            Refuse(record, column, $"'{columns[column]}' may be at most {maxLength} characters; this one has {text.Length}.");
            return null;
        }
        return text;
    }

    /// <summary>A text that repeats on most rows (a service name) is made into a string once, not per row.</summary>
    public string? RepeatedText(RawRecord record, int column, bool required, int maxLength, ref byte[]? lastBytes, ref string? lastText)
    {
        var value = record.Field(column);
        if (lastText is not null && value.SequenceEqual(lastBytes))
            return lastText;
        var text = Text(record, column, required, maxLength);
        if (text is not null)
        {
            lastBytes = value.ToArray();
            lastText = text;
        }
        return text;
    }

    public Instant? Time(RawRecord record, int column, bool required)
    {
        if (Missing(record, column, required))
            return null;
        var value = record.Field(column);
        if (Rfc3339.TryParse(value, out var instant, out var problem))
            return instant;
        Refuse(record, column, $"'{Show(value)}' {problem}");
        return null;
    }

    public bool? Flag(RawRecord record, int column, bool required)
    {
        if (Missing(record, column, required))
            return null;
        var value = record.Field(column);
        if (Is(value, "true") || Is(value, "1") || Is(value, "up") || Is(value, "yes"))
            return true;
        if (Is(value, "false") || Is(value, "0") || Is(value, "down") || Is(value, "no"))
            return false;
        Refuse(record, column, $"'{Show(value)}' is not up or down; write true or false (also accepted: 1/0, up/down, yes/no).");
        return null;
    }

    private static bool Is(ReadOnlySpan<byte> value, string word) => Ascii.EqualsIgnoreCase(value, word);

    public long? Integer(RawRecord record, int column, bool required, long min, long max)
    {
        if (Missing(record, column, required))
            return null;
        var value = record.Field(column);
        if (Utf8Parser.TryParse(value, out long number, out var consumed) && consumed == value.Length && number >= min && number <= max)
            return number;
        Refuse(record, column, $"'{Show(value)}' is not a whole number from {min} to {max}.");
        return null;
    }

    public decimal? Number(RawRecord record, int column, bool required, decimal min, decimal max)
    {
        if (Missing(record, column, required))
            return null;
        var value = record.Field(column);
        if (Utf8Parser.TryParse(value, out decimal number, out var consumed) && consumed == value.Length && number >= min && number <= max)
            return number;
        Refuse(record, column, $"'{Show(value)}' is not a number from {min.ToString(CultureInfo.InvariantCulture)} to " +
                               $"{max.ToString(CultureInfo.InvariantCulture)} (use '.' for decimals).");
        return null;
    }

    public TEnum? Choice<TEnum>(RawRecord record, int column, bool required) where TEnum : struct, Enum
    {
        if (Missing(record, column, required))
            return null;
        var text = Encoding.UTF8.GetString(record.Field(column)).Trim();
        if (!text.All(char.IsAsciiLetter) || !Enum.TryParse<TEnum>(text, ignoreCase: true, out var choice))
        {
            Refuse(record, column, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
            return null;
        }
        return choice;
    }

    /// <summary>An interval whose end comes after its start.</summary>
    public Interval? Interval(RawRecord record, int startColumn, int endColumn)
    {
        var start = Time(record, startColumn, required: true);
        var end = Time(record, endColumn, required: true);
        if (start is null || end is null)
            return null;
        if (end <= start)
        {
            Refuse(record, endColumn, $"The end {end} is not after the start {start}.");
            return null;
        }
        return new Interval(start, end);
    }

    public void Refuse(RawRecord record, string column, string reason) => errors.Add(record.Row, column, reason);
}

/// <summary>
/// RFC 3339 timestamps, parsed from UTF-8 without allocating: <c>2026-03-01T10:00:00Z</c> or with an offset such as <c>+01:00</c>,
/// optionally with up to 7 decimals of a second. A time without an offset is refused: the same text is a different instant in
/// each zone.
/// </summary>
public static class Rfc3339
{
    public static bool TryParse(ReadOnlySpan<byte> s, out Instant instant, out string problem)
    {
        instant = default;
        problem = "is not a timestamp; write it as in RFC 3339, e.g. 2026-03-01T10:00:00Z or 2026-03-01T11:00:00+01:00.";
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] | 0x20) != 't' && s[10] != ' ' || s[13] != ':' || s[16] != ':')
            return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
            return false;
        var i = 19;
        long fraction = 0;
        if (i < s.Length && s[i] == '.')
        {
            var digits = 0;
            for (i++; i < s.Length && (uint)(s[i] - '0') <= 9; i++, digits++)
            {
                if (digits < 7)
                    fraction = fraction * 10 + (s[i] - '0');
            }
            if (digits == 0)
                return false;
            for (; digits < 7; digits++)
                fraction *= 10;
        }
        long offsetTicks;
        if (i == s.Length)
        {
            problem = "has no UTC offset, so it names a different instant in every time zone; add Z for UTC or the offset, " +
                      "e.g. 2026-03-01T10:00:00Z or 2026-03-01T11:00:00+01:00.";
            return false;
        }
        if ((s[i] | 0x20) == 'z' && i + 1 == s.Length)
            offsetTicks = 0;
        else if ((s[i] == '+' || s[i] == '-') && i + 6 == s.Length && s[i + 3] == ':'
                 && Digits(s, i + 1, 2, out var offsetHours) && Digits(s, i + 4, 2, out var offsetMinutes) && offsetHours < 24 && offsetMinutes < 60)
            offsetTicks = (s[i] == '-' ? -1 : 1) * (offsetHours * TimeSpan.TicksPerHour + offsetMinutes * TimeSpan.TicksPerMinute);
        else
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            problem = "is not a real date and time (check the month, day and hour).";
            return false;
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fraction;
        instant = Instant.FromUnixTimeTicks(local - offsetTicks - DateTime.UnixEpoch.Ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(s[i] - '0');
            if (digit > 9)
                return false;
            value = value * 10 + (int)digit;
        }
        return true;
    }
}
