using Dapper;
using NodaTime;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Data.RawData;

/// <summary>An exclusion record as a report weighs it: what it covers, its decision, and whether it counts (Accepted only).</summary>
public sealed record ExclusionInputRow
{
    public Guid Id { get; init; }
    public string ExclusionType { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
    public string? Service { get; init; }
    public string? Metric { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset? DecidedAt { get; init; }
}

public sealed record ReportedAttainmentInputRow
{
    public string Service { get; init; } = "";
    public string Metric { get; init; } = "";
    public decimal AttainmentPercent { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
}

/// <summary>Good and total counts of a ratio SLO over a period.</summary>
public readonly record struct GoodTotal(long Good, long Total);

/// <summary>Rows as Dapper reads them (classes, so the provider type handlers apply to GUIDs and times on SQLite).</summary>
internal sealed record SpanRow
{
    public Guid TicketId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
    public string Reason { get; init; } = "";
}

internal sealed record TicketInputRow
{
    public Guid Id { get; init; }
    public string ExternalId { get; init; } = "";
    public string Priority { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FirstResponseAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
}

internal sealed record CountsRow
{
    public long Total { get; init; }
    public long Good { get; init; }
}

[SqlCatalogue]
internal static class ComplianceInputSql
{
    public const string Outages = """
        SELECT started_at, ended_at FROM outages
        WHERE agreement_id = @AgreementId AND service = @Service AND started_at < @To AND ended_at > @From
        ORDER BY started_at
        """;

    /// <summary>In time order, the order the accumulator needs; the index (agreement_id, service, observed_at) serves it.</summary>
    public const string ProbeSamples = """
        SELECT observed_at, up FROM probe_samples
        WHERE agreement_id = @AgreementId AND service = @Service AND observed_at >= @From AND observed_at < @To
        ORDER BY observed_at
        """;

    public const string Tickets = """
        SELECT id, external_id, priority, created_at, first_response_at, resolved_at FROM tickets
        WHERE agreement_id = @AgreementId AND service = @Service AND created_at >= @From AND created_at < @To
        """;

    public const string TicketPauses = """
        SELECT p.ticket_id, p.started_at, p.ended_at, p.reason FROM ticket_pauses p JOIN tickets t ON t.id = p.ticket_id
        WHERE t.agreement_id = @AgreementId AND t.service = @Service AND t.created_at >= @From AND t.created_at < @To
        """;

    public const string Csat = """
        SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN score >= @MinimumScore THEN 1 ELSE 0 END), 0) AS good FROM csat_responses
        WHERE agreement_id = @AgreementId AND service = @Service AND responded_at >= @From AND responded_at < @To
        """;

    public const string EventTotals = """
        SELECT COALESCE(SUM(total), 0) AS total, COALESCE(SUM(good), 0) AS good FROM event_counts
        WHERE agreement_id = @AgreementId AND service = @Service AND interval_start >= @From AND interval_start < @To
        """;

    public const string ThroughputIntervals = """
        SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN total >= @Floor THEN 1 ELSE 0 END), 0) AS good FROM event_counts
        WHERE agreement_id = @AgreementId AND service = @Service AND interval_start >= @From AND interval_start < @To
        """;

    public const string Exclusions = """
        SELECT id, exclusion_type, started_at, ended_at, service, metric, status, decided_at FROM exclusion_records
        WHERE agreement_id = @AgreementId AND started_at < @To AND ended_at > @From
        ORDER BY id
        """;

    public const string ReportedAttainment = """
        SELECT r.service, r.metric, r.attainment_percent, u.uploaded_at FROM reported_attainment r JOIN data_uploads u ON u.id = r.upload_id
        WHERE r.agreement_id = @AgreementId AND r.period_start = @PeriodStart AND r.period_end = @PeriodEnd
        ORDER BY u.uploaded_at
        """;

    /// <summary>Each kind of row and service name with rows in the period, and how many: what a report checks against its objectives.</summary>
    public const string ServicesIn = """
        SELECT 'probe-samples' AS kind, service, CAST(COUNT(*) AS BIGINT) AS row_count FROM probe_samples
            WHERE agreement_id = @AgreementId AND observed_at >= @From AND observed_at < @To GROUP BY service
        UNION ALL
        SELECT 'outages', service, CAST(COUNT(*) AS BIGINT) FROM outages WHERE agreement_id = @AgreementId AND started_at < @To AND ended_at > @From GROUP BY service
        UNION ALL
        SELECT 'tickets', service, CAST(COUNT(*) AS BIGINT) FROM tickets WHERE agreement_id = @AgreementId AND created_at >= @From AND created_at < @To GROUP BY service
        UNION ALL
        SELECT 'csat-responses', service, CAST(COUNT(*) AS BIGINT) FROM csat_responses
            WHERE agreement_id = @AgreementId AND responded_at >= @From AND responded_at < @To GROUP BY service
        UNION ALL
        SELECT 'event-counts', service, CAST(COUNT(*) AS BIGINT) FROM event_counts
            WHERE agreement_id = @AgreementId AND interval_start >= @From AND interval_start < @To GROUP BY service
        """;

    /// <summary>
    /// Whether any raw data of any kind names the service in the period: each test stops at its first row through the indexes that
    /// lead with the agreement and service, where counting (<see cref="ServicesIn"/>) reads every row.
    /// </summary>
    public const string ServiceHasData = """
        SELECT CASE WHEN
            EXISTS (SELECT 1 FROM probe_samples WHERE agreement_id = @AgreementId AND service = @Service AND observed_at >= @From AND observed_at < @To)
            OR EXISTS (SELECT 1 FROM outages WHERE agreement_id = @AgreementId AND service = @Service AND started_at < @To AND ended_at > @From)
            OR EXISTS (SELECT 1 FROM tickets WHERE agreement_id = @AgreementId AND service = @Service AND created_at >= @From AND created_at < @To)
            OR EXISTS (SELECT 1 FROM csat_responses WHERE agreement_id = @AgreementId AND service = @Service AND responded_at >= @From AND responded_at < @To)
            OR EXISTS (SELECT 1 FROM event_counts WHERE agreement_id = @AgreementId AND service = @Service AND interval_start >= @From AND interval_start < @To)
        THEN 1 ELSE 0 END
        """;

    /// <summary>The uploads with at least one row inside the period: the files a report over it is computed from.</summary>
    public const string UploadsFeeding = """
        SELECT u.id, u.agreement_id, u.kind, u.format, u.file_name, u.sha256, u.uploaded_by, u.uploader_is_vendor, u.uploaded_at, u.row_count
        FROM data_uploads u
        WHERE u.agreement_id = @AgreementId AND (
            (u.kind = 'probe-samples' AND EXISTS (SELECT 1 FROM probe_samples p
                WHERE p.agreement_id = @AgreementId AND p.upload_id = u.id AND p.observed_at >= @From AND p.observed_at < @To))
            OR (u.kind = 'outages' AND EXISTS (SELECT 1 FROM outages o WHERE o.upload_id = u.id AND o.started_at < @To AND o.ended_at > @From))
            OR (u.kind = 'tickets' AND EXISTS (SELECT 1 FROM tickets t WHERE t.upload_id = u.id AND t.created_at >= @From AND t.created_at < @To))
            OR (u.kind = 'csat-responses' AND EXISTS (SELECT 1 FROM csat_responses c
                WHERE c.upload_id = u.id AND c.responded_at >= @From AND c.responded_at < @To))
            OR (u.kind = 'event-counts' AND EXISTS (SELECT 1 FROM event_counts e
                WHERE e.upload_id = u.id AND e.interval_start >= @From AND e.interval_start < @To))
            OR (u.kind = 'exclusions' AND EXISTS (SELECT 1 FROM exclusion_records x WHERE x.upload_id = u.id AND x.started_at < @To AND x.ended_at > @From))
            OR (u.kind = 'reported-attainment' AND EXISTS (SELECT 1 FROM reported_attainment r
                WHERE r.upload_id = u.id AND r.period_start = @PeriodStart AND r.period_end = @PeriodEnd)))
        ORDER BY u.kind, u.sha256
        """;
}

/// <summary>
/// Reads an agreement's stored raw data for one SLO and period, as a compliance report needs it. Probe samples stream
/// from the database in time order into the accumulator in fixed-size chunks, so memory does not grow with their number.
/// </summary>
public sealed class ComplianceInputs(Database database)
{
    private const int ProbeChunk = 4096;

    private static object Args(Guid agreementId, string? service, Interval span) =>
        new { AgreementId = agreementId, Service = service, From = span.Start.ToDateTimeOffset(), To = span.End.ToDateTimeOffset() };

    /// <summary>The kinds of rows and the service names in the period, with their counts (<see cref="ComplianceInputSql.ServicesIn"/>).</summary>
    public async Task<IReadOnlyList<(string Kind, string Service, long Rows)>> ServicesInAsync(Guid agreementId, Interval span,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(string, string, long)>(new CommandDefinition(database.Sql(ComplianceInputSql.ServicesIn),
            Args(agreementId, null, span), cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Whether any raw data names the service in the span (<see cref="ComplianceInputSql.ServiceHasData"/>).</summary>
    public async Task<bool> HasDataAsync(Guid agreementId, string service, Interval span, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(database.Sql(ComplianceInputSql.ServiceHasData),
            Args(agreementId, service, span), cancellationToken: cancellationToken)) == 1;
    }

    public async Task<IReadOnlyList<Interval>> OutagesAsync(Guid agreementId, string service, Interval span, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SpanRow>(new CommandDefinition(database.Sql(ComplianceInputSql.Outages),
            Args(agreementId, service, span), cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Interval(Instant.FromDateTimeOffset(r.StartedAt), Instant.FromDateTimeOffset(r.EndedAt)))];
    }

    /// <summary>Feeds the service's samples in [from, to) to the accumulator in time order; returns how many there were.</summary>
    public async Task<long> StreamProbeSamplesAsync(Guid agreementId, string service, Interval span, ProbeAccumulator accumulator,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(database.Sql(ComplianceInputSql.ProbeSamples),
            Args(agreementId, service, span), cancellationToken: cancellationToken));
        var chunk = new ProbeSample[ProbeChunk];
        var count = 0;
        long total = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            chunk[count++] = new ProbeSample(Instant.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(0)), reader.GetBoolean(1));
            if (count < chunk.Length)
                continue;
            accumulator.Add(chunk.AsSpan());
            total += count;
            count = 0;
        }
        accumulator.Add(chunk.AsSpan(0, count));
        return total + count;
    }

    /// <summary>The service's tickets created in the span, each with its pauses.</summary>
    public async Task<IReadOnlyList<Ticket>> TicketsAsync(Guid agreementId, string service, Interval span, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = Args(agreementId, service, span);
        var pauses = (await connection.QueryAsync<SpanRow>(new CommandDefinition(
                database.Sql(ComplianceInputSql.TicketPauses), args, cancellationToken: cancellationToken)))
            .ToLookup(p => p.TicketId, p => new TicketPause(new Interval(Instant.FromDateTimeOffset(p.StartedAt), Instant.FromDateTimeOffset(p.EndedAt)), p.Reason));
        var tickets = await connection.QueryAsync<TicketInputRow>(new CommandDefinition(database.Sql(ComplianceInputSql.Tickets), args, cancellationToken: cancellationToken));
        return [.. tickets.Select(t => new Ticket(t.ExternalId, t.Priority, Instant.FromDateTimeOffset(t.CreatedAt),
            t.FirstResponseAt is { } response ? Instant.FromDateTimeOffset(response) : null,
            t.ResolvedAt is { } resolved ? Instant.FromDateTimeOffset(resolved) : null) { Pauses = [.. pauses[t.Id]] })];
    }

    /// <summary>Responses in the span, and those scoring at least <paramref name="minimumScore"/>.</summary>
    public Task<GoodTotal> CsatAsync(Guid agreementId, string service, Interval span, int minimumScore, CancellationToken cancellationToken = default) =>
        CountsAsync(ComplianceInputSql.Csat, new { AgreementId = agreementId, Service = service, From = span.Start.ToDateTimeOffset(),
            To = span.End.ToDateTimeOffset(), MinimumScore = minimumScore }, cancellationToken);

    /// <summary>Good and total events of the intervals starting in the span.</summary>
    public Task<GoodTotal> EventTotalsAsync(Guid agreementId, string service, Interval span, CancellationToken cancellationToken = default) =>
        CountsAsync(ComplianceInputSql.EventTotals, Args(agreementId, service, span), cancellationToken);

    /// <summary>Intervals starting in the span, and those whose event count reached <paramref name="floor"/>.</summary>
    public Task<GoodTotal> ThroughputAsync(Guid agreementId, string service, Interval span, long floor, CancellationToken cancellationToken = default) =>
        CountsAsync(ComplianceInputSql.ThroughputIntervals, new { AgreementId = agreementId, Service = service, From = span.Start.ToDateTimeOffset(),
            To = span.End.ToDateTimeOffset(), Floor = floor }, cancellationToken);

    private async Task<GoodTotal> CountsAsync(string sql, object args, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<CountsRow>(new CommandDefinition(database.Sql(sql), args, cancellationToken: cancellationToken));
        return new GoodTotal(counts.Good, counts.Total);
    }

    /// <summary>Every exclusion record overlapping the span, whatever its decision.</summary>
    public async Task<IReadOnlyList<ExclusionInputRow>> ExclusionsAsync(Guid agreementId, Interval span, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExclusionInputRow>(new CommandDefinition(database.Sql(ComplianceInputSql.Exclusions),
            Args(agreementId, null, span), cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The vendor's own figures for exactly this period, oldest upload first (a later upload corrects an earlier one).</summary>
    public async Task<IReadOnlyList<ReportedAttainmentInputRow>> ReportedAttainmentAsync(Guid agreementId, DateOnly periodStart, DateOnly periodEnd,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ReportedAttainmentInputRow>(new CommandDefinition(database.Sql(ComplianceInputSql.ReportedAttainment),
            new { AgreementId = agreementId, PeriodStart = periodStart, PeriodEnd = periodEnd }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<DataUploadRow>> UploadsFeedingAsync(Guid agreementId, Interval span, DateOnly periodStart, DateOnly periodEnd,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DataUploadRow>(new CommandDefinition(database.Sql(ComplianceInputSql.UploadsFeeding), new
        {
            AgreementId = agreementId, From = span.Start.ToDateTimeOffset(), To = span.End.ToDateTimeOffset(), PeriodStart = periodStart, PeriodEnd = periodEnd,
        }, cancellationToken: cancellationToken))).ToList();
    }
}
