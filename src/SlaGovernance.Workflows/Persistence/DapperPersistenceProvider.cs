using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dapper;
using SlaGovernance.Data;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Persistence;

/// <summary>
/// WorkflowCore's persistence over our three databases. An instance is one row with its execution pointers as
/// allow-listed JSON, so a step is one UPDATE; the row's version makes a save from a stale copy fail.
/// </summary>
/// <remarks>
/// WorkflowCore's poller asks for due work with the system clock (DateTime.Now), not its injectable clock; "due" is
/// answered here by the injected TimeProvider instead, which in production is the same clock.
/// </remarks>
public sealed class DapperPersistenceProvider(Database database, PersistedTypes types, TimeProvider time) : IPersistenceProvider, IWorkflowPurger
{
    // The version each loaded or saved instance object was read at, and what it held then; the object itself is WorkflowCore's.
    private readonly ConditionalWeakTable<WorkflowInstance, Stored> _versions = new();

    private sealed class Stored(int version, Saved? saved)
    {
        public int Value { get; set; } = version;
        public Saved? Fingerprint { get; set; } = saved;
    }

    /// <summary>What a save would write, compared field by field (a record), to tell a save that changes nothing from one that does.</summary>
    private sealed record Saved(string? Description, string? Reference, int Status, string? Data, string Pointers, long? NextExecution,
        long? CompleteTicks);

    // Rows asked to be written with the next save of their instance (a step's task and its email, say), and the wait each
    // first opens to answers, if it does.
    private readonly ConditionalWeakTable<WorkflowInstance, List<SaveWrite>> _saveWith = new();

    private sealed record SaveWrite(Func<UnitOfWork, CancellationToken, Task<bool>> Write, (string EventName, string EventKey)? Opens);

    // Waits subscribed in the commit that first let anyone answer them, until WorkflowCore looks for earlier answers.
    private readonly ConcurrentDictionary<(string EventName, string EventKey), byte> _noEarlierEvents = new();

    private const int NoEarlierEventsLimit = 10_000;

    /// <summary>
    /// Writes rows that belong with the next save of the instance (a step's task and its email, the due dates a subject
    /// refresh moves) in the transaction of that save, so both commit together or not at all: a crash in between leaves
    /// neither, and the replayed step writes them once. A task is never visible before its wait is subscribed, and
    /// opening it costs no transaction of its own. What the writers register with <see cref="UnitOfWork.AfterCommit"/>
    /// (waking inbox readers, say) runs once that save commits.
    /// </summary>
    /// <remarks>
    /// The writes must be idempotent (insert unless present): a step that fails after asking for them is retried, and the
    /// save that records its failure carries them too.
    /// </remarks>
    public void SaveWithInstance(WorkflowInstance workflow, Func<UnitOfWork, CancellationToken, Task> write) =>
        Add(workflow, new SaveWrite(async (unit, cancellationToken) =>
        {
            await write(unit, cancellationToken);
            return false;
        }, null));

    /// <summary>
    /// As <see cref="SaveWithInstance(WorkflowInstance, Func{UnitOfWork, CancellationToken, Task})"/>, for the write that
    /// first opens a wait to answers: the task a person completes to publish <paramref name="eventName"/> on
    /// <paramref name="eventKey"/>. <paramref name="open"/> returns true when it opened it in this transaction (false when
    /// an earlier attempt already had). When it did and the same save subscribes the wait, no answer can be older than the
    /// subscription, so WorkflowCore's look for events published before it (its answer to issue 773) is answered without
    /// a query.
    /// </summary>
    /// <remarks>Only for a key nothing else publishes on before the write commits (a task with a scheduled expiry does not qualify).</remarks>
    public void SaveWithInstance(WorkflowInstance workflow, string eventName, string eventKey, Func<UnitOfWork, CancellationToken, Task<bool>> open) =>
        Add(workflow, new SaveWrite(open, (eventName, eventKey)));

    private void Add(WorkflowInstance workflow, SaveWrite write)
    {
        var writes = _saveWith.GetValue(workflow, _ => []);
        lock (writes)
            writes.Add(write);
    }

    public bool SupportsScheduledCommands => true;

    public void EnsureStoreExists()
    {
        // The schema is created by the migrations in db/, which run before the workflow host starts.
    }

    public async Task<string> CreateNewWorkflow(WorkflowInstance workflow, CancellationToken cancellationToken = default)
    {
        // Time-ordered (version 7, by the injected clock), as are the other ids this store makes: a new row lands at the
        // end of every index keyed by it (the instance's, its tasks' and subscriptions' workflow_id) instead of on a random
        // page of it, so a large history is not read and, after each checkpoint, logged page by page. SQL Server orders
        // uniqueidentifier differently, where these ids are as good as random ones.
        workflow.Id = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.InsertInstance), new
        {
            Id = Guid.Parse(workflow.Id),
            DefinitionId = workflow.WorkflowDefinitionId,
            DefinitionVersion = workflow.Version,
            workflow.Description,
            workflow.Reference,
            Status = (int)workflow.Status,
            Data = types.Serialize(workflow.Data),
            Pointers = PointerRecord.Serialize(workflow.ExecutionPointers, types),
            NextExecution = PollableNextExecution(workflow),
            CreateTime = Utc(workflow.CreateTime),
            CompleteTime = Utc(workflow.CompleteTime),
        }, cancellationToken: cancellationToken));
        _versions.AddOrUpdate(workflow, new Stored(1, null));
        return workflow.Id;
    }

    public Task PersistWorkflow(WorkflowInstance workflow, CancellationToken cancellationToken = default) =>
        PersistWorkflow(workflow, [], cancellationToken);

    public async Task PersistWorkflow(WorkflowInstance workflow, List<EventSubscription> subscriptions, CancellationToken cancellationToken = default)
    {
        if (!_versions.TryGetValue(workflow, out var version))
            throw new InvalidOperationException($"Workflow instance {workflow.Id} was not read through this store, so its version is unknown.");
        var row = new
        {
            Id = Guid.Parse(workflow.Id),
            workflow.Description,
            workflow.Reference,
            Status = (int)workflow.Status,
            Data = types.Serialize(workflow.Data),
            Pointers = PointerRecord.Serialize(workflow.ExecutionPointers, types),
            NextExecution = PollableNextExecution(workflow),
            CompleteTime = Utc(workflow.CompleteTime),
            RowVersion = version.Value,
        };
        var fingerprint = Fingerprint(row.Description, row.Reference, row.Status, row.Data, row.Pointers, row.NextExecution, row.CompleteTime);
        // Taken whether this save succeeds or not: a failed save is followed by a fresh load, whose steps ask again.
        if (_saveWith.TryGetValue(workflow, out var writes))
            _saveWith.Remove(workflow);
        if (subscriptions.Count == 0 && writes is null && fingerprint == version.Fingerprint)
            // A pass that ran nothing (the instance was queued twice, or woken with nothing due) changes nothing: no commit,
            // and no stale-save failure against a task completion that woke the instance meanwhile.
            return;
        if (subscriptions.Count == 0 && writes is null)
        {
            // Most saves are this one statement; on its own it is atomic and needs no transaction round trips.
            await using var connection = await database.OpenAsync(cancellationToken);
            if (await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.UpdateInstance), row, cancellationToken: cancellationToken)) != 1)
                throw new StaleWorkflowException(workflow.Id, version.Value);
            version.Value++;
            version.Fingerprint = fingerprint;
            return;
        }
        await using var unit = await database.BeginAsync(cancellationToken);
        if (subscriptions is [var only])
        {
            // The usual save of a step that starts waiting: the update and its subscription in one round trip. A stale
            // update affects no row; the subscription inserted after it goes when the transaction rolls back.
            var arguments = new DynamicParameters(row);
            arguments.AddDynamicParams(NewSubscriptionRow(only));
            if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(WorkflowSql.UpdateInstanceAndSubscribe), arguments,
                    unit.Transaction, cancellationToken: cancellationToken)) != 2)
                throw new StaleWorkflowException(workflow.Id, version.Value);
        }
        else
        {
            if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(WorkflowSql.UpdateInstance), row, unit.Transaction,
                    cancellationToken: cancellationToken)) != 1)
                throw new StaleWorkflowException(workflow.Id, version.Value);
            foreach (var subscription in subscriptions)
                await InsertSubscriptionAsync(unit, subscription, cancellationToken);
        }
        List<(string EventName, string EventKey)>? opened = null;
        if (writes is not null)
        {
            List<SaveWrite> asked;
            lock (writes)
                asked = [.. writes];
            foreach (var write in asked)
            {
                if (await write.Write(unit, cancellationToken) && write.Opens is { } opens)
                    (opened ??= []).Add(opens);
            }
        }
        SlaGovernance.Data.Failpoints.Hit("workflow-save-before-commit");
        await unit.CommitAsync(cancellationToken);
        version.Value++;
        version.Fingerprint = fingerprint;
        if (opened is not null)
        {
            if (_noEarlierEvents.Count >= NoEarlierEventsLimit)
                // WorkflowCore asks right after the save, so entries do not pile up; if they ever did, asking the database is always right.
                _noEarlierEvents.Clear();
            foreach (var subscription in subscriptions)
                if (opened.Contains((subscription.EventName, subscription.EventKey ?? "")))
                    _noEarlierEvents[(subscription.EventName, subscription.EventKey ?? "")] = 0;
        }
    }

    public async Task<IEnumerable<string>> GetRunnableInstances(DateTime asAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(database.Sql(WorkflowSql.RunnableInstances),
            new { Runnable = (int)WorkflowStatus.Runnable, AsAt = time.GetUtcNow().UtcTicks }, cancellationToken: cancellationToken));
        return ids.Select(id => id.ToString()).ToList();
    }

    public async Task<IEnumerable<WorkflowInstance>> GetWorkflowInstances(WorkflowStatus? status, string type, DateTime? createdFrom,
        DateTime? createdTo, int skip, int take)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<InstanceRow>(database.Sql(WorkflowSql.InstancesPage), new
        {
            Status = (int?)status,
            DefinitionId = type,
            CreatedFrom = createdFrom is { } from ? Utc(from) : DateTimeOffset.MinValue,
            CreatedTo = createdTo is { } to ? Utc(to) : DateTimeOffset.MaxValue.AddDays(-1),
            Offset = skip,
            Limit = take,
        });
        return rows.Select(ToInstance).ToList();
    }

    public async Task<WorkflowInstance> GetWorkflowInstance(string Id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InstanceRow>(new CommandDefinition(database.Sql(WorkflowSql.InstanceById),
            new { Id = Guid.Parse(Id) }, cancellationToken: cancellationToken));
        return row is null ? null! : ToInstance(row);
    }

    public async Task<IEnumerable<WorkflowInstance>> GetWorkflowInstances(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        var result = new List<WorkflowInstance>();
        foreach (var id in ids)
        {
            if (await GetWorkflowInstance(id, cancellationToken) is { } instance)
                result.Add(instance);
        }
        return result;
    }

    public async Task PurgeWorkflows(WorkflowStatus status, DateTime olderThan, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.PurgeInstances),
            new { Status = (int)status, OlderThan = Utc(olderThan) }, cancellationToken: cancellationToken));
    }

    public async Task<string> CreateEventSubscription(EventSubscription subscription, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        await InsertSubscriptionAsync(unit, subscription, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return subscription.Id;
    }

    public async Task<IEnumerable<EventSubscription>> GetSubscriptions(string eventName, string eventKey, DateTime asOf,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(database.Sql(WorkflowSql.SubscriptionsForEvent),
            new { EventName = eventName, EventKey = eventKey ?? "", AsOf = Utc(asOf) }, cancellationToken: cancellationToken));
        return rows.Select(ToSubscription).ToList();
    }

    public async Task TerminateSubscription(string eventSubscriptionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.DeleteSubscription),
            new { Id = Guid.Parse(eventSubscriptionId) }, cancellationToken: cancellationToken));
    }

    public async Task<EventSubscription> GetSubscription(string eventSubscriptionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(
            database.Sql(WorkflowSql.SubscriptionById), new { Id = Guid.Parse(eventSubscriptionId) }, cancellationToken: cancellationToken));
        return row is null ? null! : ToSubscription(row);
    }

    public async Task<EventSubscription> GetFirstOpenSubscription(string eventName, string eventKey, DateTime asOf,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(
            database.Sql(WorkflowSql.FirstOpenSubscription),
            new { EventName = eventName, EventKey = eventKey ?? "", AsOf = Utc(asOf), Offset = 0, Limit = 1 }, cancellationToken: cancellationToken));
        return row is null ? null! : ToSubscription(row);
    }

    public async Task<bool> SetSubscriptionToken(string eventSubscriptionId, string token, string workerId, DateTime expiry,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.SetSubscriptionToken),
            new { Id = Guid.Parse(eventSubscriptionId), Token = token, WorkerId = workerId, Expiry = Utc(expiry) },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task ClearSubscriptionToken(string eventSubscriptionId, string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.ClearSubscriptionToken),
            new { Id = Guid.Parse(eventSubscriptionId), Token = token }, cancellationToken: cancellationToken));
    }

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

    public async Task PersistErrors(IEnumerable<ExecutionError> errors, CancellationToken cancellationToken = default)
    {
        var rows = errors.Select(e => new
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            WorkflowId = Guid.Parse(e.WorkflowId),
            e.ExecutionPointerId,
            ErrorTime = Utc(e.ErrorTime),
            e.Message,
        }).ToList();
        if (rows.Count == 0)
            return;
        await using var unit = await database.BeginAsync(cancellationToken);
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(WorkflowSql.InsertError), rows, unit.Transaction,
            cancellationToken: cancellationToken));
        await unit.CommitAsync(cancellationToken);
    }

    public async Task ScheduleCommand(ScheduledCommand command)
    {
        await using var connection = await database.OpenAsync();
        try
        {
            await connection.ExecuteAsync(database.Sql(WorkflowSql.InsertCommand),
                new { Id = Guid.CreateVersion7(time.GetUtcNow()), command.CommandName, command.Data, command.ExecuteTime });
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            // The same command for the same subject is already scheduled.
        }
    }

    public async Task ProcessCommands(DateTimeOffset asOf, Func<ScheduledCommand, Task> action, CancellationToken cancellationToken = default)
    {
        List<CommandRow> due;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            due = (await connection.QueryAsync<CommandRow>(new CommandDefinition(database.Sql(WorkflowSql.DueCommands),
                new { AsOf = Math.Max(asOf.UtcTicks, time.GetUtcNow().UtcTicks) }, cancellationToken: cancellationToken))).ToList();
        }
        foreach (var command in due)
        {
            await action(new ScheduledCommand { CommandName = command.CommandName, Data = command.Data, ExecuteTime = command.ExecuteTime });
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.DeleteCommand), new { command.Id },
                cancellationToken: cancellationToken));
        }
    }

    private async Task MarkEventAsync(string id, bool processed, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.MarkEvent),
            new { Id = Guid.Parse(id), Processed = processed }, cancellationToken: cancellationToken));
    }

    private Task InsertSubscriptionAsync(UnitOfWork unit, EventSubscription subscription, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(WorkflowSql.InsertSubscription), NewSubscriptionRow(subscription), unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>Gives a new subscription its id and returns the parameters of <see cref="WorkflowSql.InsertSubscription"/>.</summary>
    private object NewSubscriptionRow(EventSubscription subscription)
    {
        subscription.Id = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        return new
        {
            SubscriptionId = Guid.Parse(subscription.Id),
            WorkflowId = Guid.Parse(subscription.WorkflowId),
            subscription.StepId,
            subscription.ExecutionPointerId,
            subscription.EventName,
            EventKey = subscription.EventKey ?? "",
            SubscribeAsOf = Utc(subscription.SubscribeAsOf),
            SubscriptionData = types.Serialize(subscription.SubscriptionData),
            subscription.ExternalToken,
            subscription.ExternalWorkerId,
            ExternalTokenExpiry = Utc(subscription.ExternalTokenExpiry),
        };
    }

    private WorkflowInstance ToInstance(InstanceRow row)
    {
        var instance = new WorkflowInstance
        {
            Id = row.Id.ToString(),
            WorkflowDefinitionId = row.DefinitionId,
            Version = row.DefinitionVersion,
            Description = row.Description,
            Reference = row.Reference,
            Status = (WorkflowStatus)row.Status,
            Data = types.Deserialize(row.Data),
            ExecutionPointers = PointerRecord.Deserialize(row.Pointers, types),
            NextExecution = row.NextExecution,
            CreateTime = row.CreateTime.UtcDateTime,
            CompleteTime = row.CompleteTime?.UtcDateTime,
        };
        _versions.AddOrUpdate(instance, new Stored(row.RowVersion,
            Fingerprint(row.Description, row.Reference, row.Status, row.Data, row.Pointers, row.NextExecution, row.CompleteTime)));
        return instance;
    }

    private EventSubscription ToSubscription(SubscriptionRow row) => new()
    {
        Id = row.Id.ToString(),
        WorkflowId = row.WorkflowId.ToString(),
        StepId = row.StepId,
        ExecutionPointerId = row.ExecutionPointerId,
        EventName = row.EventName,
        EventKey = row.EventKey,
        SubscribeAsOf = row.SubscribeAsOf.UtcDateTime,
        SubscriptionData = types.Deserialize(row.SubscriptionData),
        ExternalToken = row.ExternalToken,
        ExternalWorkerId = row.ExternalWorkerId,
        ExternalTokenExpiry = row.ExternalTokenExpiry?.UtcDateTime,
    };

    /// <summary>
    /// WorkflowCore marks an instance that only waits for events as due at once, so every poll re-runs it under its
    /// lock: the cost grows with the number of open waits, and an event arriving meanwhile finds the instance locked
    /// and is set aside for a minute. Such an instance is left out of polling; delivering an event queues it, and
    /// unprocessed events are polled, so nothing waits on the poll.
    /// </summary>
    internal static long? PollableNextExecution(WorkflowInstance workflow)
    {
        var leaves = workflow.ExecutionPointers.Where(p => p.Active && p.Children.Count == 0).ToList();
        var onlyAwaitingEvents = leaves.Count > 0
            && leaves.All(p => p.Status == PointerStatus.WaitingForEvent && !p.EventPublished && p.SleepUntil is null);
        return onlyAwaitingEvents ? null : workflow.NextExecution;
    }

    private static Saved Fingerprint(string? description, string? reference, int status, string? data, string pointers, long? nextExecution,
        DateTimeOffset? completeTime) =>
        new(description, reference, status, data, pointers, nextExecution, completeTime?.UtcTicks);

    /// <summary>WorkflowCore works in UTC DateTimes; an unspecified kind is taken as UTC too.</summary>
    private static DateTimeOffset Utc(DateTime value) =>
        new(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;

    private sealed class InstanceRow
    {
        public Guid Id { get; init; }
        public string DefinitionId { get; init; } = "";
        public int DefinitionVersion { get; init; }
        public string? Description { get; init; }
        public string? Reference { get; init; }
        public int Status { get; init; }
        public string? Data { get; init; }
        public string Pointers { get; init; } = "[]";
        public long? NextExecution { get; init; }
        public DateTimeOffset CreateTime { get; init; }
        public DateTimeOffset? CompleteTime { get; init; }
        public int RowVersion { get; init; }
    }

    private sealed class SubscriptionRow
    {
        public Guid Id { get; init; }
        public Guid WorkflowId { get; init; }
        public int StepId { get; init; }
        public string ExecutionPointerId { get; init; } = "";
        public string EventName { get; init; } = "";
        public string EventKey { get; init; } = "";
        public DateTimeOffset SubscribeAsOf { get; init; }
        public string? SubscriptionData { get; init; }
        public string? ExternalToken { get; init; }
        public string? ExternalWorkerId { get; init; }
        public DateTimeOffset? ExternalTokenExpiry { get; init; }
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

    private sealed class CommandRow
    {
        public Guid Id { get; init; }
        public string CommandName { get; init; } = "";
        public string Data { get; init; } = "";
        public long ExecuteTime { get; init; }
    }
}
