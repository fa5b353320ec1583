using System.Diagnostics.Metrics;
using Dapper;
using SlaGovernance.Data;

namespace SlaGovernance.Notifications.Outbox;

/// <summary>Emails waiting to be sent (Pending, due or backing off) and dead letters, as counted at <see cref="CountedAt"/>.</summary>
public sealed record OutboxCounts(long Pending, long Dead, DateTimeOffset CountedAt);

/// <summary>
/// Counts the outbox for readiness and for the gauges. Gauges are read synchronously, so they show the latest count taken
/// (by a readiness check or before each scrape) rather than querying the database from inside the metrics pipeline.
/// </summary>
public sealed class OutboxBacklog(Database database, TimeProvider time)
{
    private static OutboxCounts? _latest;

    static OutboxBacklog()
    {
        SlaGovernanceMetrics.Meter.CreateObservableGauge("slagov.outbox.backlog", () => Observe(c => c.Pending), "{email}",
            "Emails in the outbox not yet sent (due or waiting for a retry)");
        SlaGovernanceMetrics.Meter.CreateObservableGauge("slagov.outbox.dead_letters", () => Observe(c => c.Dead), "{email}",
            "Emails that failed for good and wait for an administrator to resend them");
    }

    public static OutboxCounts? Latest => Volatile.Read(ref _latest);

    public async Task<OutboxCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(database.Sql(OutboxSql.CountWaiting),
            cancellationToken: cancellationToken));
        var byStatus = rows.ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
        var counts = new OutboxCounts(byStatus.GetValueOrDefault(OutboxStatus.Pending), byStatus.GetValueOrDefault(OutboxStatus.Dead), time.GetUtcNow());
        Volatile.Write(ref _latest, counts);
        return counts;
    }

    private static IEnumerable<Measurement<long>> Observe(Func<OutboxCounts, long> value) =>
        Latest is { } counts ? [new Measurement<long>(value(counts))] : [];
}
