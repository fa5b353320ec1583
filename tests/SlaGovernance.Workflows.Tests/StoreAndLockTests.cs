using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Tests;
using SlaGovernance.Tests.Providers;
using SlaGovernance.Workflows.Locks;
using SlaGovernance.Workflows.Persistence;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Tests;

/// <summary>What the store and the locks promise on their own, per provider.</summary>
public abstract class StoreAndLockTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ProviderFixture
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private DapperPersistenceProvider Store() => new(fixture.Database!, new PersistedTypes().Register<ConformanceData>("test.conformance"), _time);

    private DatabaseLockProvider Locks(LockMode mode) =>
        new(fixture.Database!, new LockOptions { Mode = mode, InstanceLockWait = TimeSpan.Zero, LeaseDuration = TimeSpan.FromSeconds(30) },
            _time, NullLogger<DatabaseLockProvider>.Instance);

    private static WorkflowInstance NewInstance() => new()
    {
        WorkflowDefinitionId = "store-test",
        Version = 1,
        Status = WorkflowStatus.Runnable,
        Data = new ConformanceData { Key = "k", Counter = 1 },
        CreateTime = new DateTime(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc),
        NextExecution = 0,
        ExecutionPointers = { new ExecutionPointer { Id = "p1", StepId = 0, Active = true, PersistenceData = new ControlPersistenceData { ChildrenActive = true } } },
    };

    [SkippableFact]
    public async Task A_save_from_a_stale_copy_fails_and_the_newer_save_stands()
    {
        var store = Store();
        var id = await store.CreateNewWorkflow(NewInstance());
        var first = await store.GetWorkflowInstance(id);
        var second = await store.GetWorkflowInstance(id);
        ((ConformanceData)first.Data).Counter = 2;
        await store.PersistWorkflow(first);
        ((ConformanceData)second.Data).Counter = 99;
        await Assert.ThrowsAsync<StaleWorkflowException>(() => store.PersistWorkflow(second));
        ((ConformanceData)first.Data).Counter = 3;
        await store.PersistWorkflow(first);
        var stored = await store.GetWorkflowInstance(id);
        Assert.Equal(3, ((ConformanceData)stored.Data).Counter);
        Assert.True(((ControlPersistenceData)stored.ExecutionPointers.Single().PersistenceData).ChildrenActive);
    }

    [SkippableFact]
    public async Task Rows_a_step_writes_with_its_save_commit_with_that_save_and_not_with_a_stale_one()
    {
        var store = Store();
        var id = await store.CreateNewWorkflow(NewInstance());
        var stale = await store.GetWorkflowInstance(id);
        var fresh = await store.GetWorkflowInstance(id);
        var committed = new List<string>();
        Event EventFor(string name) => new()
        {
            Id = Guid.NewGuid().ToString(), EventName = name, EventKey = id, EventData = null, EventTime = _time.GetUtcNow().UtcDateTime,
        };
        var lost = EventFor("lost");
        var kept = EventFor("kept");
        // The step's row is asked for on a copy that another save overtakes: neither the save nor the row stands.
        store.SaveWithInstance(stale, async (unit, ct) =>
        {
            await store.InsertEventAsync(unit, lost, ct);
            unit.AfterCommit(() => committed.Add("lost"));
        });
        ((ConformanceData)fresh.Data).Counter = 2;
        await store.PersistWorkflow(fresh);
        ((ConformanceData)stale.Data).Counter = 99;
        await Assert.ThrowsAsync<StaleWorkflowException>(() => store.PersistWorkflow(stale));
        Assert.Null(await store.GetEvent(lost.Id));

        // On the current copy it commits with the save, even a save that changes nothing else, and only once.
        var current = await store.GetWorkflowInstance(id);
        store.SaveWithInstance(current, async (unit, ct) =>
        {
            await store.InsertEventAsync(unit, kept, ct);
            unit.AfterCommit(() => committed.Add("kept"));
        });
        await store.PersistWorkflow(current);
        await store.PersistWorkflow(current);
        Assert.Equal("kept", (await store.GetEvent(kept.Id)).EventName);
        Assert.Equal(["kept"], committed);
        Assert.Equal(2, ((ConformanceData)(await store.GetWorkflowInstance(id)).Data).Counter);
    }

    [SkippableFact]
    public async Task Earlier_answers_to_a_wait_are_looked_for_unless_the_save_that_subscribed_it_first_opened_it()
    {
        var store = Store();
        var id = await store.CreateNewWorkflow(NewInstance());
        // An answer stored on each key beforehand. In the real flow none can exist for a wait opened and subscribed in one
        // commit; here it shows whether the store was asked.
        foreach (var key in new[] { "opened", "already-open", "not-subscribed", "stale" })
            await store.CreateEvent(new Event { EventName = "answer", EventKey = key, EventData = null, EventTime = _time.GetUtcNow().UtcDateTime });
        EventSubscription Waiting(string key) => new()
        {
            WorkflowId = id, StepId = 0, ExecutionPointerId = "p1", EventName = "answer", EventKey = key, SubscribeAsOf = DateTime.UnixEpoch,
        };

        var stale = await store.GetWorkflowInstance(id);
        var instance = await store.GetWorkflowInstance(id);
        store.SaveWithInstance(stale, "answer", "stale", (_, _) => Task.FromResult(true));
        store.SaveWithInstance(instance, "answer", "opened", (_, _) => Task.FromResult(true));
        store.SaveWithInstance(instance, "answer", "already-open", (_, _) => Task.FromResult(false));
        store.SaveWithInstance(instance, "answer", "not-subscribed", (_, _) => Task.FromResult(true));
        await store.PersistWorkflow(instance, [Waiting("opened"), Waiting("already-open")]);
        await Assert.ThrowsAsync<StaleWorkflowException>(() => store.PersistWorkflow(stale, [Waiting("stale")]));
        // The update and its one subscription go in one round trip; a stale save leaves neither.
        Assert.Single(await store.GetSubscriptions("answer", "opened", _time.GetUtcNow().UtcDateTime));
        Assert.Empty(await store.GetSubscriptions("answer", "stale", _time.GetUtcNow().UtcDateTime));

        // Opened and subscribed in one commit: answered without the store, once (WorkflowCore asks once per subscription).
        Assert.Empty(await store.GetEvents("answer", "opened", DateTime.UnixEpoch));
        Assert.Single(await store.GetEvents("answer", "opened", DateTime.UnixEpoch));
        // Opened by an earlier attempt, opened without being subscribed, or a save that failed: the store is asked.
        Assert.Single(await store.GetEvents("answer", "already-open", DateTime.UnixEpoch));
        Assert.Single(await store.GetEvents("answer", "not-subscribed", DateTime.UnixEpoch));
        Assert.Single(await store.GetEvents("answer", "stale", DateTime.UnixEpoch));
    }

    [SkippableFact]
    public async Task Instance_ids_are_time_ordered_so_new_rows_land_at_the_end_of_their_indexes()
    {
        var store = Store();
        var first = Guid.Parse(await store.CreateNewWorkflow(NewInstance()));
        _time.Advance(TimeSpan.FromMilliseconds(1)); // version 7 orders by the millisecond of the store's clock; within one the rest is random
        var second = Guid.Parse(await store.CreateNewWorkflow(NewInstance()));
        Assert.Equal(7, first.Version);
        Assert.True(string.CompareOrdinal(first.ToString(), second.ToString()) < 0, $"{first} should sort before {second}");
    }

    [SkippableFact]
    public async Task A_save_that_changes_nothing_writes_nothing_and_cannot_go_stale()
    {
        var store = Store();
        var id = await store.CreateNewWorkflow(NewInstance());
        var idle = await store.GetWorkflowInstance(id);
        var busy = await store.GetWorkflowInstance(id);
        ((ConformanceData)busy.Data).Counter = 5;
        await store.PersistWorkflow(busy);
        // The idle copy is now stale, but it changes nothing, so it writes nothing and does not fail.
        await store.PersistWorkflow(idle);
        Assert.Equal(5, ((ConformanceData)(await store.GetWorkflowInstance(id)).Data).Counter);
        await using var connection = await fixture.Database!.OpenAsync();
        Assert.Equal(2, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, fixture.Database.Sql("SELECT row_version FROM wf_instances WHERE id = @Id"),
            new { Id = Guid.Parse(id) }));
        ((ConformanceData)idle.Data).Counter = 6;
        await Assert.ThrowsAsync<StaleWorkflowException>(() => store.PersistWorkflow(idle));
    }

    [SkippableFact]
    public async Task Data_of_a_type_not_on_the_allow_list_is_refused_on_save()
    {
        var instance = NewInstance();
        instance.Data = new Uri("https://example.invalid/");
        await Assert.ThrowsAsync<DisallowedPersistedTypeException>(() => Store().CreateNewWorkflow(instance));
    }

    [SkippableFact]
    public async Task A_stored_type_alias_that_is_not_allowed_is_never_instantiated()
    {
        var id = await Store().CreateNewWorkflow(NewInstance());
        var stranger = new DapperPersistenceProvider(fixture.Database!, new PersistedTypes(), _time);
        var error = await Assert.ThrowsAsync<DisallowedPersistedTypeException>(() => stranger.GetWorkflowInstance(id));
        Assert.Contains("test.conformance", error.Message);
    }

    [SkippableFact]
    public async Task An_instance_that_only_awaits_an_event_is_not_polled()
    {
        var store = Store();
        var instance = NewInstance();
        instance.ExecutionPointers.Single().Status = PointerStatus.WaitingForEvent;
        instance.ExecutionPointers.Single().EventName = "approval";
        var id = await store.CreateNewWorkflow(instance);
        Assert.DoesNotContain(id, await store.GetRunnableInstances(DateTime.MaxValue));

        var loaded = await store.GetWorkflowInstance(id);
        // What WorkflowCore's event consumer does when it hands an event to the waiting step.
        loaded.ExecutionPointers.Single().EventPublished = true;
        loaded.NextExecution = 0;
        await store.PersistWorkflow(loaded);
        Assert.Contains(id, await store.GetRunnableInstances(DateTime.MaxValue));
    }

    [SkippableFact]
    public async Task Finished_instances_older_than_the_cut_off_are_purged_and_others_kept()
    {
        var store = Store();
        var old = NewInstance();
        old.Status = WorkflowStatus.Complete;
        old.CompleteTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var oldId = await store.CreateNewWorkflow(old);
        var recent = NewInstance();
        recent.Status = WorkflowStatus.Complete;
        recent.CompleteTime = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var recentId = await store.CreateNewWorkflow(recent);
        var running = await store.CreateNewWorkflow(NewInstance());
        await store.PurgeWorkflows(WorkflowStatus.Complete, new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Null(await store.GetWorkflowInstance(oldId));
        Assert.NotNull(await store.GetWorkflowInstance(recentId));
        Assert.NotNull(await store.GetWorkflowInstance(running));
    }

    [SkippableTheory]
    [InlineData(LockMode.Native)]
    [InlineData(LockMode.Lease)]
    public async Task Two_nodes_never_hold_one_lock_at_once(LockMode mode)
    {
        await using var first = Locks(mode);
        await using var second = Locks(mode);
        await first.Start();
        await second.Start();
        var id = Guid.NewGuid().ToString();
        Assert.True(await first.AcquireLock(id, CancellationToken.None));
        Assert.False(await second.AcquireLock(id, CancellationToken.None));
        Assert.False(await first.AcquireLock(id, CancellationToken.None));
        await first.ReleaseLock(id);
        Assert.True(await second.AcquireLock(id, CancellationToken.None));
        Assert.False(await first.AcquireLock(id, CancellationToken.None));
        await second.ReleaseLock(id);
    }

    [SkippableFact]
    public async Task A_session_whose_lock_release_failed_is_ended_so_the_lock_does_not_stay_behind_in_the_pool()
    {
        var database = fixture.Database!;
        Skip.If(database.Dialect.TryAcquireSessionLockSql is null, "This provider has no session locks.");
        var key = new { Key = SlaGovernance.Data.Dialects.SqlDialect.LockKey("slagov:test:" + Guid.NewGuid()) };
        await using (var failed = await database.OpenSessionAsync())
        {
            Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<long>(failed, database.Dialect.TryAcquireSessionLockSql!, key));
            database.Dialect.EndSession(failed);
        }
        // Another session (ordinary connections are pooled apart) can take the lock at once.
        await using var other = await database.OpenAsync();
        Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<long>(other, database.Dialect.TryAcquireSessionLockSql!, key));
        await Dapper.SqlMapper.ExecuteAsync(other, database.Dialect.ReleaseSessionLockSql!, key);
    }

    [SkippableFact]
    public async Task A_lease_a_crashed_node_left_behind_can_be_taken_once_it_expires_and_not_before()
    {
        var crashed = Locks(LockMode.Lease);
        await using var survivor = Locks(LockMode.Lease);
        var id = Guid.NewGuid().ToString();
        Assert.True(await crashed.AcquireLock(id, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(await survivor.AcquireLock(id, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await survivor.AcquireLock(id, CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_renewed_lease_outlives_its_first_expiry()
    {
        await using var holder = Locks(LockMode.Lease);
        await using var other = Locks(LockMode.Lease);
        var id = Guid.NewGuid().ToString();
        Assert.True(await holder.AcquireLock(id, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(20));
        await holder.RenewAsync();
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await other.AcquireLock(id, CancellationToken.None));
    }
}

public sealed class SqliteStoreAndLockTests(SqliteFixture fixture) : StoreAndLockTests<SqliteFixture>(fixture);

public sealed class PostgresStoreAndLockTests(PostgresFixture fixture) : StoreAndLockTests<PostgresFixture>(fixture);

public sealed class SqlServerStoreAndLockTests(SqlServerFixture fixture) : StoreAndLockTests<SqlServerFixture>(fixture);
