using Dapper;
using SlaGovernance.Data;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Persistence;

/// <summary>Events: stored, looked up by the waits they answer, and handed straight to a waiting step in a caller's transaction.</summary>
public sealed partial class DapperPersistenceProvider
{
    public async Task<string> CreateEvent(Event newEvent, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(newEvent.Id, out var id))
        {
            id = Guid.CreateVersion7(time.GetUtcNow());
            newEvent.Id = id.ToString();
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.InsertEvent), new
        {
            Id = id,
            newEvent.EventName,
            EventKey = newEvent.EventKey ?? "",
            EventData = types.Serialize(newEvent.EventData),
            EventTime = Utc(newEvent.EventTime),
            False = false,
        }, cancellationToken: cancellationToken));
        return newEvent.Id;
    }

    /// <summary>Stores an event inside a caller's transaction, so it commits with the change that causes it.</summary>
    public Task InsertEventAsync(UnitOfWork unit, Event newEvent, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(WorkflowSql.InsertEvent), new
        {
            Id = Guid.Parse(newEvent.Id),
            newEvent.EventName,
            EventKey = newEvent.EventKey ?? "",
            EventData = types.Serialize(newEvent.EventData),
            EventTime = Utc(newEvent.EventTime),
            False = false,
        }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Hands an event straight to the one step waiting for it, inside the caller's transaction: the pointer is marked
    /// published, the subscription removed and the instance made due, as WorkflowCore's event consumer would, but in
    /// the same commit as the change that causes the event and without the consumer's dozen round trips. Returns the
    /// instance to queue, or null when no single step waits yet or the instance changed since it was read; the caller
    /// then stores the event, and the step finds it when it subscribes or the event consumer delivers it.
    /// </summary>
    /// <remarks>
    /// The update is guarded by the instance's row version like every save, so a pass saving at the same time fails as
    /// stale and runs again from this state; both writes never both stand.
    /// </remarks>
    public async Task<string?> TryDeliverAsync(UnitOfWork unit, string eventName, string eventKey, object eventData, DateTime eventTime,
        CancellationToken cancellationToken = default)
    {
        var targets = (await unit.Connection.QueryAsync<DeliveryRow>(new CommandDefinition(unit.Sql(WorkflowSql.DeliveryTargets),
            new { EventName = eventName, EventKey = eventKey, AsOf = Utc(eventTime) }, unit.Transaction, cancellationToken: cancellationToken))).ToList();
        if (targets is not [{ ExternalToken: null, WorkflowId: { } workflowId, Pointers: { } storedPointers } target]
            || target.Status != (int)WorkflowStatus.Runnable)
            return null;
        var pointers = PointerRecord.Deserialize(storedPointers, types);
        var waiting = pointers.FirstOrDefault(p => p.Id == target.ExecutionPointerId && !p.EventPublished && p.EndTime is null);
        if (waiting is null)
            return null;
        waiting.EventData = eventData;
        waiting.EventPublished = true;
        waiting.Active = true;
        if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(WorkflowSql.DeliverToInstance), new
            {
                Id = workflowId,
                Pointers = PointerRecord.Serialize(pointers, types),
                RowVersion = target.RowVersion!.Value,
            }, unit.Transaction, cancellationToken: cancellationToken)) != 1)
            return null;
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(WorkflowSql.DeleteSubscription), new { Id = target.SubscriptionId },
            unit.Transaction, cancellationToken: cancellationToken));
        return workflowId.ToString();
    }

    public async Task<Event> GetEvent(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(database.Sql(WorkflowSql.EventById),
            new { Id = Guid.Parse(id) }, cancellationToken: cancellationToken));
        return row is null ? null! : new Event
        {
            Id = row.Id.ToString(),
            EventName = row.EventName,
            EventKey = row.EventKey,
            EventData = types.Deserialize(row.EventData),
            EventTime = row.EventTime.UtcDateTime,
            IsProcessed = row.IsProcessed,
        };
    }

    public async Task<IEnumerable<string>> GetRunnableEvents(DateTime asAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(database.Sql(WorkflowSql.RunnableEvents),
            new { False = false, AsAt = time.GetUtcNow() }, cancellationToken: cancellationToken));
        return ids.Select(id => id.ToString()).ToList();
    }

    public async Task<IEnumerable<string>> GetEvents(string eventName, string eventKey, DateTime asOf, CancellationToken cancellationToken = default)
    {
        // WorkflowCore asks this once a save has subscribed a wait, for answers published before the subscription existed.
        if (_noEarlierEvents.TryRemove((eventName, eventKey ?? ""), out _))
            return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(database.Sql(WorkflowSql.EventsSince),
            new { EventName = eventName, EventKey = eventKey ?? "", AsOf = Utc(asOf) }, cancellationToken: cancellationToken));
        return ids.Select(id => id.ToString()).ToList();
    }

    public Task MarkEventProcessed(string id, CancellationToken cancellationToken = default) => MarkEventAsync(id, true, cancellationToken);

    public Task MarkEventUnprocessed(string id, CancellationToken cancellationToken = default) => MarkEventAsync(id, false, cancellationToken);

    private async Task MarkEventAsync(string id, bool processed, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.MarkEvent),
            new { Id = Guid.Parse(id), Processed = processed }, cancellationToken: cancellationToken));
    }

    /// <summary>A subscription an event would wake, and the instance it belongs to (absent if the instance is gone).</summary>
    private sealed class DeliveryRow
    {
        public Guid SubscriptionId { get; init; }
        public string ExecutionPointerId { get; init; } = "";
        public string? ExternalToken { get; init; }
        public Guid? WorkflowId { get; init; }
        public int? Status { get; init; }
        public string? Pointers { get; init; }
        public int? RowVersion { get; init; }
    }

    private sealed class EventRow
    {
        public Guid Id { get; init; }
        public string EventName { get; init; } = "";
        public string EventKey { get; init; } = "";
        public string? EventData { get; init; }
        public DateTimeOffset EventTime { get; init; }
        public bool IsProcessed { get; init; }
    }
}
