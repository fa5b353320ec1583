using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Tests;
using SlaGovernance.Tests.Providers;
using SlaGovernance.Workflows.Hosting;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Tests;

/// <summary>
/// The same scenarios against WorkflowCore's in-memory store and each of ours, including the engine's known weak
/// spots: an event published before its subscription exists (WorkflowCore issue 773), and one event delivered twice.
/// </summary>
public abstract class WorkflowConformance : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    protected abstract void ConfigurePersistence(IServiceCollection services);

    protected virtual Task PrepareAsync() => Task.CompletedTask;

    public Task InitializeAsync() => PrepareAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected WorkflowTestHost StartHost() => WorkflowTestHost.Start(Time, ConfigurePersistence);

    protected ConformanceData NewData() => new() { Key = Guid.NewGuid().ToString("N"), StartedAt = Time.GetUtcNow().UtcDateTime };

    private static bool WaitingForEvent(WorkflowInstance w, string name) =>
        w.ExecutionPointers.Any(p => p.EventName == name && !p.EventPublished && p.Status == PointerStatus.WaitingForEvent);

    [SkippableFact]
    public async Task A_two_step_workflow_runs_each_step_once_and_completes()
    {
        await using var host = StartHost();
        var id = await host.Host.StartWorkflow("conformance-two-steps", NewData());
        var done = await host.CompletedAsync(id);
        Assert.Equal(2, ((ConformanceData)done.Data).Counter);
        Assert.Equal(2, StepLedger.Runs[id]);
    }

    [SkippableFact]
    public async Task An_event_published_after_the_subscription_is_delivered()
    {
        await using var host = StartHost();
        var data = NewData();
        StepLedger.GateFor(data.Key).Release();
        var id = await host.Host.StartWorkflow("conformance-wait", data);
        await host.WaitUntilAsync(id, w => WaitingForEvent(w, "approval"), "waiting for approval");
        Time.Advance(TimeSpan.FromMinutes(1));
        await host.Host.PublishEvent("approval", data.Key, "approved by legal");
        var done = await host.CompletedAsync(id);
        Assert.Equal("approved by legal", ((ConformanceData)done.Data).Received);
    }

    [SkippableFact]
    public async Task An_event_published_before_the_subscription_exists_is_still_delivered()
    {
        await using var host = StartHost();
        var data = NewData();
        var id = await host.Host.StartWorkflow("conformance-wait", data);
        Time.Advance(TimeSpan.FromMinutes(1));
        await host.Host.PublishEvent("approval", data.Key, "early approval");
        // The first step is still held at its gate, so the event is stored before any subscription for it exists.
        Assert.Single(await host.Persistence.GetEvents("approval", data.Key, data.StartedAt));
        Assert.Empty(await host.Persistence.GetSubscriptions("approval", data.Key, DateTime.MaxValue));
        StepLedger.GateFor(data.Key).Release();
        var done = await host.CompletedAsync(id);
        Assert.Equal("early approval", ((ConformanceData)done.Data).Received);
    }

    [SkippableFact]
    public async Task The_same_event_delivered_twice_takes_effect_once()
    {
        await using var host = StartHost();
        var data = NewData();
        var id = await host.Host.StartWorkflow("conformance-two-waits", data);
        await host.WaitUntilAsync(id, w => WaitingForEvent(w, "decision"), "waiting for the first decision");
        Time.Advance(TimeSpan.FromMinutes(1));

        // Stamped before the clock's "now", as an event is when a later wait begins after it was taken.
        var eventId = await host.Persistence.CreateEvent(new Event
        {
            EventName = "decision",
            EventKey = data.Key,
            EventData = "first",
            EventTime = Time.GetUtcNow().UtcDateTime.AddSeconds(-1),
        });
        var queue = host.Services.GetRequiredService<IQueueProvider>();
        await Task.WhenAll(queue.QueueWork(eventId, QueueType.Event), queue.QueueWork(eventId, QueueType.Event));

        var afterFirst = await host.WaitUntilAsync(id,
            w => ((ConformanceData)w.Data).Received == "first" && WaitingForEvent(w, "decision"), "waiting for the second decision");
        Assert.Null(((ConformanceData)afterFirst.Data).SecondReceived);
        Time.Advance(TimeSpan.FromMinutes(1));

        await host.Host.PublishEvent("decision", data.Key, "second");
        var done = await host.CompletedAsync(id);
        var final = (ConformanceData)done.Data;
        Assert.Equal(("first", "second"), (final.Received, final.SecondReceived));
        Assert.Equal(3, final.Counter);
    }

    [SkippableFact]
    public async Task A_timer_fires_once_the_clock_passes_its_due_time_and_not_before()
    {
        await using var host = StartHost();
        var id = await host.Host.StartWorkflow("conformance-delay", NewData());
        await host.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.SleepUntil is not null && p.Status == PointerStatus.Sleeping),
            "sleeping");
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(WorkflowStatus.Runnable, (await host.Persistence.GetWorkflowInstance(id)).Status);
        Assert.Equal(1, ((ConformanceData)(await host.Persistence.GetWorkflowInstance(id)).Data).Counter);
        Time.Advance(TimeSpan.FromHours(1.5));
        var done = await host.CompletedAsync(id);
        Assert.Equal(2, ((ConformanceData)done.Data).Counter);
    }
}

public sealed class MemoryConformanceTests : WorkflowConformance
{
    protected override void ConfigurePersistence(IServiceCollection services) =>
        services.AddWorkflow(workflow =>
        {
            workflow.UsePollInterval(TimeSpan.FromMilliseconds(100));
            workflow.UseIdleTime(TimeSpan.FromMilliseconds(10));
        });
}

/// <summary>Our store and locks on one provider, plus what only a database can show: restarts and two hosts.</summary>
public abstract class DatabaseConformance<TFixture>(TFixture fixture) : WorkflowConformance, IClassFixture<TFixture>
    where TFixture : ProviderFixture
{
    protected override async Task PrepareAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
    }

    protected override void ConfigurePersistence(IServiceCollection services)
    {
        services.AddSingleton(fixture.Database!);
        services.AddPersistedType<ConformanceData>("test.conformance");
        services.AddWorkflowRuntime(new WorkflowRuntimeOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
            IdleTime = TimeSpan.FromMilliseconds(10),
        });
    }

    [SkippableFact]
    public async Task A_waiting_workflow_survives_a_host_restart()
    {
        var data = NewData();
        string id;
        await using (var first = StartHost())
        {
            id = await first.Host.StartWorkflow("conformance-two-waits", data);
            await first.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.EventName == "decision"), "waiting");
        }
        Time.Advance(TimeSpan.FromMinutes(1));
        await using var second = StartHost();
        await second.Host.PublishEvent("decision", data.Key, "after restart", Time.GetUtcNow().UtcDateTime.AddSeconds(-1));
        var waiting = await second.WaitUntilAsync(id,
            w => ((ConformanceData)w.Data).Received == "after restart" && w.ExecutionPointers.Count(p => p.EventName == "decision") == 2,
            "waiting for the second decision");
        Assert.Equal(2, ((ConformanceData)waiting.Data).Counter);
        Assert.Null(((ConformanceData)waiting.Data).SecondReceived);
    }

    [SkippableFact]
    public async Task An_event_at_the_instant_a_later_wait_begins_does_not_satisfy_that_wait_too()
    {
        await using var host = StartHost();
        var data = NewData();
        var id = await host.Host.StartWorkflow("conformance-two-waits", data);
        await host.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.EventName == "decision"), "waiting");
        Time.Advance(TimeSpan.FromMinutes(1));
        // The clock stands still, so the second wait begins at the very instant of the first event.
        await host.Host.PublishEvent("decision", data.Key, "only once");
        var second = await host.WaitUntilAsync(id,
            w => ((ConformanceData)w.Data).Received == "only once" && w.ExecutionPointers.Count(p => p.EventName == "decision") == 2,
            "waiting for the second decision");
        Assert.Null(((ConformanceData)second.Data).SecondReceived);
        Assert.Equal(WorkflowStatus.Runnable, second.Status);
    }

    [SkippableFact]
    public async Task Two_hosts_on_one_database_never_run_one_instance_at_the_same_time()
    {
        await using var first = StartHost();
        await using var second = StartHost();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
            ids.Add(await (i % 2 == 0 ? first : second).Host.StartWorkflow("conformance-two-steps", NewData()));
        var overlapsBefore = StepLedger.Overlaps;
        foreach (var id in ids)
            Assert.Equal(2, ((ConformanceData)(await first.CompletedAsync(id)).Data).Counter);
        Assert.All(ids, id => Assert.Equal(2, StepLedger.Runs[id]));
        Assert.Equal(overlapsBefore, StepLedger.Overlaps);
    }
}

public sealed class SqliteConformanceTests(SqliteFixture fixture) : DatabaseConformance<SqliteFixture>(fixture);

public sealed class PostgresConformanceTests(PostgresFixture fixture) : DatabaseConformance<PostgresFixture>(fixture);

public sealed class SqlServerConformanceTests(SqlServerFixture fixture) : DatabaseConformance<SqlServerFixture>(fixture);
