using NodaTime;
using NpgsqlTypes;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Data.RawData;

/// <summary>A column of a raw-data table and how to take its value from a row, typed for each provider's bulk path.</summary>
public abstract class RawColumn<TRow>(string name)
{
    public string Name { get; } = name;

    /// <summary>The value's type without nullability, for SqlBulkCopy's table.</summary>
    internal abstract Type ClrType { get; }

    /// <summary>The value for an ADO.NET parameter or a DataTable cell; null for SQL NULL.</summary>
    internal abstract object? Value(TRow row);

    internal abstract Task WriteAsync(Npgsql.NpgsqlBinaryImporter importer, TRow row, CancellationToken cancellationToken);
}

internal sealed class RawColumn<TRow, TValue>(string name, Func<TRow, TValue> get, NpgsqlDbType type) : RawColumn<TRow>(name)
{
    internal override Type ClrType => Nullable.GetUnderlyingType(typeof(TValue)) ?? typeof(TValue);

    internal override object? Value(TRow row) => get(row) switch
    {
        DateOnly date => date.ToDateTime(TimeOnly.MinValue), // as Dapper writes dates (DapperTypeHandlers), so SQLite's text compares equal
        var value => value,
    };

    internal override Task WriteAsync(Npgsql.NpgsqlBinaryImporter importer, TRow row, CancellationToken cancellationToken) =>
        get(row) is { } value ? importer.WriteAsync(value, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}

/// <summary>A raw-data table: every row also carries its upload id and agreement id, written first.</summary>
public sealed class RawTable<TRow>(string name, params RawColumn<TRow>[] columns)
{
    public string Name { get; } = name;
    public IReadOnlyList<RawColumn<TRow>> Columns { get; } = columns;

    private static readonly string[] KeyColumns = ["upload_id", "agreement_id"];

    public IEnumerable<string> ColumnNames => KeyColumns.Concat(Columns.Select(c => c.Name));
}

public sealed record TicketPauseRow(Guid Id, Guid TicketId, TicketPause Pause);

public static class RawTables
{
    private static RawColumn<T> Column<T, TValue>(string name, Func<T, TValue> get, NpgsqlDbType type) => new RawColumn<T, TValue>(name, get, type);

    private static DateTimeOffset Utc(Instant instant) => instant.ToDateTimeOffset();

    public static readonly RawTable<ProbeSampleRow> ProbeSamples = new("probe_samples",
        Column<ProbeSampleRow, string>("service", r => r.Service, NpgsqlDbType.Varchar),
        Column<ProbeSampleRow, DateTimeOffset>("observed_at", r => Utc(r.Sample.At), NpgsqlDbType.TimestampTz),
        Column<ProbeSampleRow, bool>("up", r => r.Sample.Up, NpgsqlDbType.Boolean),
        Column<ProbeSampleRow, int?>("latency_ms", r => r.Sample.LatencyMs, NpgsqlDbType.Integer));

    public static readonly RawTable<OutageRow> Outages = new("outages",
        Column<OutageRow, Guid>("id", r => r.Id, NpgsqlDbType.Uuid),
        Column<OutageRow, string>("service", r => r.Service, NpgsqlDbType.Varchar),
        Column<OutageRow, DateTimeOffset>("started_at", r => Utc(r.Interval.Start), NpgsqlDbType.TimestampTz),
        Column<OutageRow, DateTimeOffset>("ended_at", r => Utc(r.Interval.End), NpgsqlDbType.TimestampTz),
        Column<OutageRow, string?>("cause", r => r.Cause, NpgsqlDbType.Varchar));

    public static readonly RawTable<TicketRow> Tickets = new("tickets",
        Column<TicketRow, Guid>("id", r => r.Id, NpgsqlDbType.Uuid),
        Column<TicketRow, string>("service", r => r.Service, NpgsqlDbType.Varchar),
        Column<TicketRow, string>("external_id", r => r.Ticket.Id, NpgsqlDbType.Varchar),
        Column<TicketRow, string>("priority", r => r.Ticket.Priority, NpgsqlDbType.Varchar),
        Column<TicketRow, DateTimeOffset>("created_at", r => Utc(r.Ticket.Created), NpgsqlDbType.TimestampTz),
        Column<TicketRow, DateTimeOffset?>("first_response_at", r => r.Ticket.FirstResponse?.ToDateTimeOffset(), NpgsqlDbType.TimestampTz),
        Column<TicketRow, DateTimeOffset?>("resolved_at", r => r.Ticket.Resolved?.ToDateTimeOffset(), NpgsqlDbType.TimestampTz));

    public static readonly RawTable<TicketPauseRow> TicketPauses = new("ticket_pauses",
        Column<TicketPauseRow, Guid>("id", r => r.Id, NpgsqlDbType.Uuid),
        Column<TicketPauseRow, Guid>("ticket_id", r => r.TicketId, NpgsqlDbType.Uuid),
        Column<TicketPauseRow, DateTimeOffset>("started_at", r => Utc(r.Pause.Interval.Start), NpgsqlDbType.TimestampTz),
        Column<TicketPauseRow, DateTimeOffset>("ended_at", r => Utc(r.Pause.Interval.End), NpgsqlDbType.TimestampTz),
        Column<TicketPauseRow, string>("reason", r => r.Pause.Reason, NpgsqlDbType.Varchar));

    public static readonly RawTable<CsatResponseRow> CsatResponses = new("csat_responses",
        Column<CsatResponseRow, Guid>("id", r => r.Id, NpgsqlDbType.Uuid),
        Column<CsatResponseRow, string>("service", r => r.Service, NpgsqlDbType.Varchar),
        Column<CsatResponseRow, DateTimeOffset>("responded_at", r => Utc(r.Response.At), NpgsqlDbType.TimestampTz),
        Column<CsatResponseRow, int>("score", r => r.Response.Score, NpgsqlDbType.Integer));

    public static readonly RawTable<EventCountRow> EventCounts = new("event_counts",
        Column<EventCountRow, Guid>("id", r => r.Id, NpgsqlDbType.Uuid),
        Column<EventCountRow, string>("service", r => r.Service, NpgsqlDbType.Varchar),
        Column<EventCountRow, DateTimeOffset>("interval_start", r => Utc(r.Interval.Start), NpgsqlDbType.TimestampTz),
        Column<EventCountRow, DateTimeOffset>("interval_end", r => Utc(r.Interval.End), NpgsqlDbType.TimestampTz),
        Column<EventCountRow, long>("good", r => r.Good, NpgsqlDbType.Bigint),
        Column<EventCountRow, long>("total", r => r.Total, NpgsqlDbType.Bigint));

    /// <summary>Every exclusion arrives Proposed; an upload by staff accepts its own in the same transaction.</summary>
    public static readonly RawTable<ExclusionRow> Exclusions = new("exclusion_records",
        Column<ExclusionRow, Guid>("id", r => r.Id, NpgsqlDbType.Uuid),
        Column<ExclusionRow, string>("exclusion_type", r => r.Exclusion.Type.ToString(), NpgsqlDbType.Varchar),
        Column<ExclusionRow, DateTimeOffset>("started_at", r => Utc(r.Exclusion.Interval.Start), NpgsqlDbType.TimestampTz),
        Column<ExclusionRow, DateTimeOffset>("ended_at", r => Utc(r.Exclusion.Interval.End), NpgsqlDbType.TimestampTz),
        Column<ExclusionRow, string?>("service", r => r.Service, NpgsqlDbType.Varchar),
        Column<ExclusionRow, string?>("metric", r => r.Metric, NpgsqlDbType.Varchar),
        Column<ExclusionRow, string>("reason", r => r.Reason, NpgsqlDbType.Varchar),
        Column<ExclusionRow, string?>("evidence", r => r.Evidence, NpgsqlDbType.Varchar),
        Column<ExclusionRow, string>("status", _ => ExclusionStatus.Proposed, NpgsqlDbType.Varchar));

    public static readonly RawTable<ReportedAttainmentRow> ReportedAttainment = new("reported_attainment",
        Column<ReportedAttainmentRow, Guid>("id", r => r.Id, NpgsqlDbType.Uuid),
        Column<ReportedAttainmentRow, string>("service", r => r.Service, NpgsqlDbType.Varchar),
        Column<ReportedAttainmentRow, string>("metric", r => r.Metric, NpgsqlDbType.Varchar),
        Column<ReportedAttainmentRow, DateOnly>("period_start", r => r.PeriodStart, NpgsqlDbType.Date),
        Column<ReportedAttainmentRow, DateOnly>("period_end", r => r.PeriodEnd, NpgsqlDbType.Date),
        Column<ReportedAttainmentRow, decimal>("attainment_percent", r => r.AttainmentPercent, NpgsqlDbType.Numeric));
}
