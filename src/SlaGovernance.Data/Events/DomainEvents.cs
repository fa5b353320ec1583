using System.Text.Json;
using Dapper;
using SlaGovernance.Domain.Events;

namespace SlaGovernance.Data.Events;

/// <summary>A stored event as the dispatcher reads it.</summary>
public sealed record DomainEventRow
{
    public Guid Id { get; init; }
    public string Type { get; init; } = "";
    public string? SubjectId { get; init; }
    public string Payload { get; init; } = "";
    public DateTimeOffset OccurredAt { get; init; }
    public int Attempts { get; init; }

    public TEvent Read<TEvent>() where TEvent : IDomainEvent =>
        JsonSerializer.Deserialize<TEvent>(Payload, DomainEvents.Json)
        ?? throw new JsonException($"The payload of event {Id} ({Type}) is empty.");
}

[SqlCatalogue]
internal static class DomainEventSql
{
    public const string Insert = """
        INSERT INTO domain_events (id, type, subject_id, payload, occurred_at, dispatched_at, claimed_until, attempts, next_attempt_at, last_error)
        VALUES (@Id, @Type, @SubjectId, @Payload, @OccurredAt, NULL, NULL, 0, @OccurredAt, NULL)
        """;

    public const string Due = """
        SELECT id, type, subject_id, payload, occurred_at, attempts
        FROM domain_events
        WHERE dispatched_at IS NULL AND next_attempt_at <= @Now AND (claimed_until IS NULL OR claimed_until < @Now)
        ORDER BY next_attempt_at, id {{page}}
        """;

    public const string Claim = """
        UPDATE domain_events SET claimed_until = @Until
        WHERE id = @Id AND dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < @Now)
        """;

    public const string Delivered = "SELECT handler FROM domain_event_deliveries WHERE event_id = @Id";

    public const string InsertDelivery = """
        INSERT INTO domain_event_deliveries (event_id, handler, delivered_at)
        SELECT @Id, @Handler, @Now
        WHERE NOT EXISTS (SELECT 1 FROM domain_event_deliveries WHERE event_id = @Id AND handler = @Handler)
        """;

    public const string MarkDispatched = "UPDATE domain_events SET dispatched_at = @Now, claimed_until = NULL, last_error = NULL WHERE id = @Id";

    public const string MarkFailed = """
        UPDATE domain_events SET attempts = @Attempts, next_attempt_at = @NextAttemptAt, claimed_until = NULL, last_error = @Error
        WHERE id = @Id
        """;

    public const string Undispatched = "SELECT COUNT(*) FROM domain_events WHERE dispatched_at IS NULL AND next_attempt_at <= @Now";

    public const string OfSubject = """
        SELECT id, type, subject_id, payload, occurred_at, attempts FROM domain_events WHERE subject_id = @SubjectId ORDER BY occurred_at, id
        """;
}

/// <summary>Wakes the dispatcher when a unit of work that wrote events commits, so handlers run within moments, not at the next poll.</summary>
public sealed class DomainEventSignal : IDisposable
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Raise()
    {
        if (_pending.CurrentCount == 0)
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
                // Raised by another writer at the same moment: one wake-up serves both.
            }
        }
    }

    /// <summary>Waits for a raise or the timeout; true when raised.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _pending.Dispose();
}

/// <summary>Writes events in the caller's transaction; they are dispatched once it commits, never if it does not.</summary>
public sealed class DomainEvents(Database database, DomainEventSignal signal, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AppendAsync<TEvent>(UnitOfWork unit, TEvent domainEvent, CancellationToken cancellationToken) where TEvent : IDomainEvent
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(DomainEventSql.Insert), new
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TEvent.Type,
            domainEvent.SubjectId,
            Payload = JsonSerializer.Serialize(domainEvent, Json),
            OccurredAt = time.GetUtcNow(),
        }, unit.Transaction, cancellationToken: cancellationToken));
        unit.AfterCommit(signal.Raise);
    }

    /// <summary>Every event about a subject, oldest first: what happened to an agreement, for its history and for tests.</summary>
    public async Task<IReadOnlyList<DomainEventRow>> OfSubjectAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DomainEventRow>(new CommandDefinition(database.Sql(DomainEventSql.OfSubject),
            new { SubjectId = subjectId }, cancellationToken: cancellationToken))).ToList();
    }
}
