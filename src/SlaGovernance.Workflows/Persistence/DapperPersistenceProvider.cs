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
/// This file holds the instances; subscriptions, events, scheduled commands and the writes that go with a save are the
/// files DapperPersistenceProvider.*.cs beside it.
/// </remarks>
public sealed partial class DapperPersistenceProvider(Database database, PersistedTypes types, TimeProvider time) : IPersistenceProvider, IWorkflowPurger
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

    private long _lastPolledAtTicks;

    /// <summary>When the engine's poller last asked for due work (by the injected clock), or null before it first did: readiness reads it.</summary>
    public DateTimeOffset? LastPolledAt => Interlocked.Read(ref _lastPolledAtTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public async Task<IEnumerable<string>> GetRunnableInstances(DateTime asAt, CancellationToken cancellationToken = default)
    {
        Interlocked.Exchange(ref _lastPolledAtTicks, time.GetUtcNow().UtcTicks);
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
}
