using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Persistence;
using SlaGovernance.Workflows.Steps;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Operations;

/// <summary>One line of an instance's timeline.</summary>
/// <param name="OutcomeText">The outcome in words: a task's answer as its label, a decision as where it sent the run.</param>
public sealed record JournalEntry(DateTimeOffset At, string Kind, string? StepId, string? Step, string? Actor, string? Outcome, string? Detail,
    string? OutcomeText = null);

public sealed record Journal(Guid WorkflowId, string DefinitionId, int Version, string Status, string? Reference, IReadOnlyList<JournalEntry> Entries);

public static class JournalKinds
{
    public const string WorkflowStarted = "workflow-started";
    public const string WorkflowEnded = "workflow-ended";
    public const string StepStarted = "step-started";
    public const string StepEnded = "step-ended";
    public const string TaskOpened = "task-opened";
    public const string TaskCompleted = "task-completed";
    public const string Error = "error";
}

/// <summary>
/// The journal of one instance, read from what the engine and the tasks commit with each step: the execution
/// pointers (start, end, outcome, in the same transaction as the step), the tasks (who, outcome, comment), the task
/// log (reminders, escalations, reassignments, delegations) and the execution errors. Nothing is written twice to
/// keep it, so it costs a step nothing and cannot disagree with what happened.
/// </summary>
public sealed class WorkflowJournal(DapperPersistenceProvider store, IWorkflowRegistry registry, TaskStore tasks, WorkflowOperations operations)
{
    public async Task<Journal?> ReadAsync(Guid workflowId, CancellationToken cancellationToken = default)
    {
        var instance = await store.GetWorkflowInstance(workflowId.ToString(), cancellationToken);
        if (instance is null)
            return null;
        var definition = registry.GetDefinition(instance.WorkflowDefinitionId, instance.Version);
        var entries = new List<JournalEntry> { new(Utc(instance.CreateTime), JournalKinds.WorkflowStarted, null, null, null, null,
            $"{instance.WorkflowDefinitionId} v{instance.Version}" + (instance.Reference is null ? "" : $" for {instance.Reference}")) };

        foreach (var pointer in instance.ExecutionPointers)
        {
            var step = definition?.Steps.FindById(pointer.StepId);
            var stepId = step?.ExternalId;
            var name = step?.Name ?? pointer.StepName;
            if (pointer.StartTime is { } started)
                entries.Add(new(Utc(started), JournalKinds.StepStarted, stepId, name, null, null, null));
            if (pointer.EndTime is { } ended)
            {
                var (outcome, why) = Readable(step as IConfiguredStep, pointer.Outcome as string);
                entries.Add(new(Utc(ended), JournalKinds.StepEnded, stepId, name, null, pointer.Outcome as string,
                    pointer.Status == PointerStatus.Complete ? why : pointer.Status.ToString(), outcome));
            }
        }
        var ofInstance = await tasks.OfWorkflowAsync(workflowId, cancellationToken);
        foreach (var task in ofInstance)
        {
            var holder = task.AssigneeUserId is null ? task.AssigneeRole : $"{task.AssigneeRole} (one person)";
            entries.Add(new(task.CreatedAt, JournalKinds.TaskOpened, task.StepId, task.Title, null, null,
                $"for {holder}, due {task.DueAt:yyyy-MM-dd HH:mm} UTC"));
            if (task.Status == WorkflowTaskStatus.Completed)
                entries.Add(new(task.CompletedAt!.Value, JournalKinds.TaskCompleted, task.StepId, task.Title, task.CompletedBy, task.Outcome, task.Comment,
                    task.Outcome is null ? null : OutcomeLabels.Label(task.Outcome)));
        }
        var titles = ofInstance.ToDictionary(t => t.Id);
        foreach (var move in await tasks.LogOfWorkflowAsync(workflowId, cancellationToken))
        {
            titles.TryGetValue(move.TaskId, out var task);
            entries.Add(new(move.At, "task-" + move.Action, task?.StepId, task?.Title, move.Actor, null, move.Detail));
        }
        foreach (var error in await operations.ErrorsAsync(workflowId, cancellationToken))
        {
            var pointer = instance.ExecutionPointers.FindById(error.ExecutionPointerId ?? "");
            var step = pointer is null ? null : definition?.Steps.FindById(pointer.StepId);
            entries.Add(new(error.ErrorTime, JournalKinds.Error, step?.ExternalId, step?.Name, null, null, error.Message));
        }
        if (instance.CompleteTime is { } completed)
            entries.Add(new(Utc(completed), JournalKinds.WorkflowEnded, null, null, null, instance.Status.ToString(), null));

        return new Journal(workflowId, instance.WorkflowDefinitionId, instance.Version, instance.Status.ToString(), instance.Reference,
            entries.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => Rank(x.e.Kind)).ThenBy(x => x.i).Select(x => x.e).ToList());
    }

    /// <summary>
    /// A step's outcome in words: a decision says where it sent the run and why (its branch's reason), a task's answer reads as
    /// a label ("Request changes"); the engine's own names ("branch-0") are never shown.
    /// </summary>
    private static (string? Outcome, string? Why) Readable(IConfiguredStep? step, string? outcome)
    {
        if (outcome is null || step is null)
            return (outcome, null);
        if (step.Step.Inputs is not DecisionInputs decision)
            return (OutcomeLabels.Label(outcome), null);
        var taken = decision.Branches.Select((branch, i) => (branch, i)).FirstOrDefault(b => DecisionStep.BranchOutcome(b.i) == outcome).branch;
        var target = taken?.Next ?? decision.Otherwise;
        var title = step.Document.Steps.FirstOrDefault(s => s.Id == target) is { } next ? next.Title ?? next.Id : target;
        return ($"on to {title}", taken?.Reason ?? (taken is null ? "No condition held, so the run went the default way." : null));
    }

    /// <summary>For entries stamped at the same instant, the order in which such things happen.</summary>
    private static int Rank(string kind) => kind switch
    {
        JournalKinds.WorkflowStarted => 0,
        JournalKinds.StepStarted => 1,
        JournalKinds.TaskOpened => 2,
        JournalKinds.TaskCompleted => 4,
        JournalKinds.Error => 5,
        JournalKinds.StepEnded => 6,
        JournalKinds.WorkflowEnded => 7,
        _ => 3,
    };

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
