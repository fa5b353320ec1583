using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SlaGovernance.Data;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Hosting;

/// <summary>The runtime's measurements: steps that moved an instance on, steps that failed, and how long a person waits for the next task.</summary>
public static class WorkflowMetrics
{
    // Completions older than this that opened no task (the instance ended, or waits on a timer) are forgotten.
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(10);
    private const int Remembered = 10_000;

    private static readonly Counter<long> Transitions = SlaGovernanceMetrics.Meter.CreateCounter<long>("slagov.workflow.transitions", "{step}",
        "Workflow steps that completed and moved their instance on");

    private static readonly Counter<long> Failures = SlaGovernanceMetrics.Meter.CreateCounter<long>("slagov.workflow.failures", "{step}",
        "Workflow steps that threw; the engine retries them");

    private static readonly Histogram<double> NextTaskLatency = SlaGovernanceMetrics.Meter.CreateHistogram<double>("slagov.workflow.next_task_latency", "s",
        "From a task's completion to the next task of its instance being open", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly ConcurrentDictionary<string, long> DecidedAt = new(StringComparer.Ordinal);

    public static void RecordTransition(string definitionId, string stepType) =>
        Transitions.Add(1, new KeyValuePair<string, object?>("definition", definitionId), new KeyValuePair<string, object?>("step_type", stepType));

    public static void RecordFailure(string definitionId, string stepType) =>
        Failures.Add(1, new KeyValuePair<string, object?>("definition", definitionId), new KeyValuePair<string, object?>("step_type", stepType));

    /// <summary>A task's answer reached its instance (committed); the clock runs until the instance opens its next task.</summary>
    public static void TaskDecided(string workflowId)
    {
        if (DecidedAt.Count >= Remembered)
        {
            var cutOff = Stopwatch.GetTimestamp() - (long)(ForgetAfter.TotalSeconds * Stopwatch.Frequency);
            foreach (var (id, at) in DecidedAt)
                if (at < cutOff)
                    DecidedAt.TryRemove(id, out _);
        }
        // Real elapsed time, as a person waiting sees it; the business clock (TimeProvider) may be stepped in tests.
        DecidedAt[workflowId] = Stopwatch.GetTimestamp();
    }

    /// <summary>A task was opened (committed) for the instance; measured when the same node saw the previous answer.</summary>
    public static void TaskOpened(string workflowId)
    {
        if (DecidedAt.TryRemove(workflowId, out var decided))
            NextTaskLatency.Record(Stopwatch.GetElapsedTime(decided).TotalSeconds);
    }
}

/// <summary>Counts every step the engine runs: a step that proceeds is a transition, one that throws a failure.</summary>
public sealed class WorkflowStepMetrics : IWorkflowStepMiddleware
{
    public async Task<ExecutionResult> HandleAsync(IStepExecutionContext context, IStepBody body, WorkflowStepDelegate next)
    {
        var definition = context.Workflow.WorkflowDefinitionId;
        var stepType = body.GetType().Name;
        ExecutionResult result;
        try
        {
            result = await next();
        }
        catch
        {
            WorkflowMetrics.RecordFailure(definition, stepType);
            throw;
        }
        if (result.Proceed)
            WorkflowMetrics.RecordTransition(definition, stepType);
        return result;
    }
}
