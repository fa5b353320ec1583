using System.Text;
using NodaTime;
using SlaGovernance.Data.RawData;
using MetricKind = SlaGovernance.Domain.Agreements.MetricKind;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Web.Features.RawData;

/// <summary>The columns of one kind of file and how a record becomes a row; a refused value is reported and the row is null.</summary>
public abstract class RawRowFormat<TRow>(params (string Name, bool Required)[] columns)
{
    public IReadOnlyList<string> Columns { get; } = columns.Select(c => c.Name).ToArray();
    public IReadOnlyList<bool> Required { get; } = columns.Select(c => c.Required).ToArray();

    /// <summary>The row, or default when a value was refused (the reason is in the reader's errors).</summary>
    public abstract TRow? Parse(RawRecord record, FieldReader fields);

    protected const int ServiceLength = 200;
}

public static class RawRowFormats
{
    /// <summary>The columns of each kind, required ones first, as the upload page and the API description list them.</summary>
    public static IReadOnlyList<(string Name, bool Required)> ColumnsOf(RawDataKind kind) => kind switch
    {
        RawDataKind.ProbeSamples => ProbeSampleFormat.Spec,
        RawDataKind.Outages => OutageFormat.Spec,
        RawDataKind.Tickets => TicketFormat.Spec,
        RawDataKind.CsatResponses => CsatFormat.Spec,
        RawDataKind.EventCounts => EventCountFormat.Spec,
        RawDataKind.Exclusions => ExclusionFormat.Spec,
        RawDataKind.ReportedAttainment => ReportedAttainmentFormat.Spec,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

public sealed class ProbeSampleFormat() : RawRowFormat<ProbeSampleRow>(Spec)
{
    public static readonly (string, bool)[] Spec = [("service", true), ("timestamp", true), ("up", true), ("latency_ms", false)];
    private byte[]? _serviceBytes;
    private string? _service;

    public override ProbeSampleRow Parse(RawRecord record, FieldReader fields)
    {
        var service = fields.RepeatedText(record, 0, true, ServiceLength, ref _serviceBytes, ref _service);
        var at = fields.Time(record, 1, true);
        var up = fields.Flag(record, 2, true);
        var latency = fields.Integer(record, 3, false, 0, int.MaxValue);
        return service is null || at is null || up is null ? default : new ProbeSampleRow(service, new ProbeSample(at.Value, up.Value, (int?)latency));
    }
}

public sealed class OutageFormat() : RawRowFormat<OutageRow>(Spec)
{
    public static readonly (string, bool)[] Spec = [("service", true), ("start", true), ("end", true), ("cause", false)];

    public override OutageRow? Parse(RawRecord record, FieldReader fields)
    {
        var service = fields.Text(record, 0, true, ServiceLength);
        var interval = fields.Interval(record, 1, 2);
        var cause = fields.Text(record, 3, false, 1000);
        return service is null || interval is null ? null : new OutageRow(Guid.CreateVersion7(), service, interval.Value, cause);
    }
}

/// <summary>
/// Pauses are "start/end/reason" items separated by ';' in CSV (e.g. <c>2026-03-02T10:00:00Z/2026-03-02T11:00:00Z/awaiting customer</c>),
/// or an array of objects with start, end and reason in JSON.
/// </summary>
public sealed class TicketFormat() : RawRowFormat<TicketRow>(Spec)
{
    public static readonly (string, bool)[] Spec =
        [("service", true), ("id", true), ("priority", true), ("created", true), ("first_response", false), ("resolved", false), ("pauses", false)];

    public override TicketRow? Parse(RawRecord record, FieldReader fields)
    {
        var service = fields.Text(record, 0, true, ServiceLength);
        var id = fields.Text(record, 1, true, 200);
        var priority = fields.Text(record, 2, true, 50);
        var created = fields.Time(record, 3, true);
        var response = fields.Time(record, 4, false);
        var resolved = fields.Time(record, 5, false);
        var pauses = Pauses(record, fields);
        if (created is not null && response < created)
            fields.Refuse(record, "first_response", $"The first response {response} is before the ticket was created ({created}).");
        else if (created is not null && resolved < created)
            fields.Refuse(record, "resolved", $"The resolution {resolved} is before the ticket was created ({created}).");
        else if (service is not null && id is not null && priority is not null && created is not null && pauses is not null)
            return new TicketRow(Guid.CreateVersion7(), service, new Ticket(id, priority, created.Value, response, resolved) { Pauses = pauses });
        return null;
    }

    private static List<TicketPause>? Pauses(RawRecord record, FieldReader fields)
    {
        var given = record.StructuredPauses ?? (record.Field(6).IsEmpty ? [] : Encoding.UTF8.GetString(record.Field(6))
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(item => item.Split('/', 3, StringSplitOptions.TrimEntries))
            .Select(parts => new PauseFields(parts[0], parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(2)))
            .ToList());
        var pauses = new List<TicketPause>(given.Count);
        foreach (var (pause, n) in given.Select((p, i) => (p, i + 1)))
        {
            Instant start = default, end = default;
            var problem = string.IsNullOrWhiteSpace(pause.Reason) ? "has no reason (e.g. awaiting customer)"
                : !Rfc3339.TryParse(Encoding.UTF8.GetBytes(pause.Start ?? ""), out start, out var why) ? $"start '{pause.Start}' {why}"
                : !Rfc3339.TryParse(Encoding.UTF8.GetBytes(pause.End ?? ""), out end, out why) ? $"end '{pause.End}' {why}"
                : end <= start ? $"ends ({end}) before it starts ({start})"
                : pause.Reason!.Length > 300 ? "has a reason longer than 300 characters"
                : null;
            if (problem is not null)
            {
                fields.Refuse(record, "pauses", $"Pause {n} {problem}. Write pauses as start/end/reason, separated by ';'.");
                return null;
            }
            pauses.Add(new TicketPause(new Interval(start, end), pause.Reason!.Trim()));
        }
        return pauses;
    }
}

public sealed class CsatFormat() : RawRowFormat<CsatResponseRow>(Spec)
{
    public const int MaxScore = 10;
    public static readonly (string, bool)[] Spec = [("service", true), ("timestamp", true), ("score", true)];

    public override CsatResponseRow? Parse(RawRecord record, FieldReader fields)
    {
        var service = fields.Text(record, 0, true, ServiceLength);
        var at = fields.Time(record, 1, true);
        var score = fields.Integer(record, 2, true, 0, MaxScore);
        return service is null || at is null || score is null ? null
            : new CsatResponseRow(Guid.CreateVersion7(), service, new CsatResponse(at.Value, (int)score.Value));
    }
}

public sealed class EventCountFormat() : RawRowFormat<EventCountRow>(Spec)
{
    public static readonly (string, bool)[] Spec = [("service", true), ("start", true), ("end", true), ("good", true), ("total", true)];

    public override EventCountRow? Parse(RawRecord record, FieldReader fields)
    {
        var service = fields.Text(record, 0, true, ServiceLength);
        var interval = fields.Interval(record, 1, 2);
        var good = fields.Integer(record, 3, true, 0, long.MaxValue);
        var total = fields.Integer(record, 4, true, 0, long.MaxValue);
        if (good > total)
        {
            fields.Refuse(record, "good", $"good ({good}) is more than total ({total}).");
            return null;
        }
        return service is null || interval is null || good is null || total is null ? null
            : new EventCountRow(Guid.CreateVersion7(), service, interval.Value, good.Value, total.Value);
    }
}

/// <summary>An exclusion names the SLOs it covers by service and metric, the whole service without a metric, or the whole agreement without either.</summary>
public sealed class ExclusionFormat() : RawRowFormat<ExclusionRow>(Spec)
{
    public static readonly (string, bool)[] Spec =
        [("type", true), ("start", true), ("end", true), ("service", false), ("metric", false), ("reason", true), ("evidence", false)];

    public override ExclusionRow? Parse(RawRecord record, FieldReader fields)
    {
        var type = fields.Choice<ExclusionType>(record, 0, true);
        var interval = fields.Interval(record, 1, 2);
        var service = fields.Text(record, 3, false, ServiceLength);
        var metric = fields.Choice<MetricKind>(record, 4, false);
        var reason = fields.Text(record, 5, true, 2000);
        var evidence = fields.Text(record, 6, false, 2000);
        if (metric is not null && service is null)
        {
            fields.Refuse(record, "service", "A metric names an SLO only together with its service; give the service too.");
            return null;
        }
        return type is null || interval is null || reason is null ? null
            : new ExclusionRow(Guid.CreateVersion7(), new Exclusion(type.Value, interval.Value), service, metric?.ToString(), reason, evidence);
    }
}

/// <summary>The vendor's figure per SLO (service and metric) for a calendar month (<c>2026-03</c>) or quarter (<c>2026-Q1</c>).</summary>
public sealed class ReportedAttainmentFormat() : RawRowFormat<ReportedAttainmentRow>(Spec)
{
    public static readonly (string, bool)[] Spec = [("service", true), ("metric", true), ("period", true), ("attainment_percent", true)];

    public override ReportedAttainmentRow? Parse(RawRecord record, FieldReader fields)
    {
        var service = fields.Text(record, 0, true, ServiceLength);
        var metric = fields.Choice<MetricKind>(record, 1, true);
        var periodText = fields.Text(record, 2, true, 20);
        var percent = fields.Number(record, 3, true, 0m, 100m);
        (DateOnly Start, DateOnly End)? period = periodText is null ? null : PeriodOf(periodText);
        if (periodText is not null && period is null)
            fields.Refuse(record, "period", $"'{periodText}' is not a period; write a month as 2026-03 or a quarter as 2026-Q1.");
        return service is null || metric is null || period is null || percent is null ? null
            : new ReportedAttainmentRow(Guid.CreateVersion7(), service, metric.Value.ToString(), period.Value.Start, period.Value.End, percent.Value);
    }

    public static (DateOnly Start, DateOnly End)? PeriodOf(string text)
    {
        if (text.Length == 7 && int.TryParse(text[..4], out var year) && text[4] == '-' && year is >= 1900 and <= 9999)
        {
            if (int.TryParse(text[5..], out var month) && month is >= 1 and <= 12 && char.IsAsciiDigit(text[5]))
            {
                var start = new DateOnly(year, month, 1);
                return (start, start.AddMonths(1));
            }
            if ((text[5] is 'Q' or 'q') && text[6] is >= '1' and <= '4')
            {
                var start = new DateOnly(year, (text[6] - '1') * 3 + 1, 1);
                return (start, start.AddMonths(3));
            }
        }
        return null;
    }
}
