using System.Collections.Concurrent;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Tests;

/// <summary>The data the conformance workflows carry; registered on the persisted-type allow-list.</summary>
public sealed class ConformanceData
{
    public string Key { get; set; } = "";
    public int Counter { get; set; }
    public string? Received { get; set; }
    public string? SecondReceived { get; set; }
    public DateTime StartedAt { get; set; }

    /// <summary>When the current wait began, by the engine's clock: a wait only takes events from then on.</summary>
    public DateTime WaitingSince { get; set; }
}

/// <summary>Counts step executions per instance, and notices two executions of one instance at the same time.</summary>
public static class StepLedger
{
    public static readonly ConcurrentDictionary<string, int> Runs = new();
    public static readonly ConcurrentDictionary<string, int> Inside = new();
    internal static int Overlaps;
    public static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new();

    public static SemaphoreSlim GateFor(string key) => Gates.GetOrAdd(key, _ => new SemaphoreSlim(0));
}

public sealed class CountedStep(IDateTimeProvider clock) : StepBodyAsync
{
    public async override Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        ((ConformanceData)context.Workflow.Data).WaitingSince = clock.UtcNow;
        var id = context.Workflow.Id;
        if (StepLedger.Inside.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
            Interlocked.Increment(ref StepLedger.Overlaps);
        StepLedger.Runs.AddOrUpdate(id, 1, (_, n) => n + 1);
        await Task.Delay(5);
        ((ConformanceData)context.Workflow.Data).Counter++;
        StepLedger.Inside.AddOrUpdate(id, 0, (_, n) => n - 1);
        return ExecutionResult.Next();
    }
}

/// <summary>Blocks until the test opens its gate, so an event can be published before the subscription exists.</summary>
public sealed class GatedStep : StepBodyAsync
{
    public async override Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var data = (ConformanceData)context.Workflow.Data;
        await StepLedger.GateFor(data.Key).WaitAsync(TimeSpan.FromSeconds(30));
        return ExecutionResult.Next();
    }
}

public sealed class TwoStepWorkflow : IWorkflow<ConformanceData>
{
    public string Id => "conformance-two-steps";
    public int Version => 1;

    public void Build(IWorkflowBuilder<ConformanceData> builder) =>
        builder.StartWith<CountedStep>().Then<CountedStep>();
}

public sealed class WaitForEventWorkflow : IWorkflow<ConformanceData>
{
    public string Id => "conformance-wait";
    public int Version => 1;

    public void Build(IWorkflowBuilder<ConformanceData> builder) =>
        builder.StartWith<GatedStep>()
            .WaitFor("approval", data => data.Key, data => data.StartedAt)
            .Output(data => data.Received, step => step.EventData)
            .Then<CountedStep>();
}

public sealed class TwoWaitsWorkflow : IWorkflow<ConformanceData>
{
    public string Id => "conformance-two-waits";
    public int Version => 1;

    public void Build(IWorkflowBuilder<ConformanceData> builder) =>
        builder.StartWith<CountedStep>()
            .WaitFor("decision", data => data.Key, data => data.WaitingSince)
            .Output(data => data.Received, step => step.EventData)
            .Then<CountedStep>()
            .WaitFor("decision", data => data.Key, data => data.WaitingSince)
            .Output(data => data.SecondReceived, step => step.EventData)
            .Then<CountedStep>();
}

public sealed class DelayWorkflow : IWorkflow<ConformanceData>
{
    public string Id => "conformance-delay";
    public int Version => 1;

    public void Build(IWorkflowBuilder<ConformanceData> builder) =>
        builder.StartWith<CountedStep>()
            .Delay(_ => TimeSpan.FromHours(2))
            .Then<CountedStep>();
}
