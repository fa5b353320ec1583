using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Hosting;

/// <summary>
/// Runs an instance pass after pass, under the one lock and load, until it waits (for an event, a timer or a retry),
/// finishes, or has run <see cref="MaxPasses"/> passes. WorkflowCore runs the steps that were active when a pass began
/// and saves; the step a transition leads to would otherwise need a second lock, load and save of its own.
/// </summary>
/// <remarks>
/// Nothing is lost by saving once: every step is replayed idempotently from the last save if the process stops
/// mid-way, exactly as it would be between two separate passes. A definition that loops without waiting stops after
/// <see cref="MaxPasses"/> passes, is saved, and is queued again.
/// </remarks>
public sealed class RunUntilWaitingExecutor(IWorkflowExecutor inner) : IWorkflowExecutor
{
    public const int MaxPasses = 16;

    public async Task<WorkflowExecutorResult> Execute(WorkflowInstance workflow, CancellationToken cancellationToken = default)
    {
        var result = await inner.Execute(workflow, cancellationToken);
        for (var pass = 1; pass < MaxPasses && HasStepsReadyNow(workflow, result); pass++)
        {
            var next = await inner.Execute(workflow, cancellationToken);
            result.Subscriptions.AddRange(next.Subscriptions);
            result.Errors.AddRange(next.Errors);
        }
        return result;
    }

    /// <summary>
    /// WorkflowCore sets the next execution to 0 when an active step neither sleeps nor waits: a step this pass led to.
    /// A pass that raised an error stops here, so its error is saved and the retry interval applies.
    /// </summary>
    private static bool HasStepsReadyNow(WorkflowInstance workflow, WorkflowExecutorResult result) =>
        result.Errors.Count == 0 && workflow.Status == WorkflowStatus.Runnable && workflow.NextExecution == 0;
}
