using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Operations;

public static class StageStates
{
    public const string Done = "done";
    public const string Current = "current";
    public const string Pending = "pending";

    /// <summary>The stage ended the run with another answer than approving: changes requested, or rejected.</summary>
    public const string Decided = "decided";

    /// <summary>An earlier stage ended the run, so this one was never asked.</summary>
    public const string NotReached = "not-reached";
}

/// <summary>One answer given in a stage: who, what, when, and their comment.</summary>
public sealed record StageAnswer(string By, string Outcome, DateTimeOffset At, string? Comment);

/// <summary>Where one approval stage of a run stands, in the order of the route.</summary>
public sealed record StageProgress(int Number, string StepId, string Title, string Role, string? Reason, string State, string? Outcome,
    int ApprovalsGiven, int ApprovalsRequired, DateTimeOffset? OpenedAt, DateTimeOffset? DueAt, IReadOnlyList<StageAnswer> Answers);

/// <summary>A run's approval stages: the route its request takes, each stage done, current or pending, with who answered and when.</summary>
public sealed record RunProgress(Guid WorkflowId, string DefinitionId, int DefinitionVersion, bool Finished, IReadOnlyList<StageProgress> Stages)
{
    public StageProgress? Current => Stages.FirstOrDefault(s => s.State == StageStates.Current);
}

/// <summary>
/// Reads a run's progress through its approval stages from the route its definition version gives its subject and the
/// tasks its stages opened, so stages not reached yet are shown with why they will be asked.
/// </summary>
public sealed class ApprovalProgress(IPersistenceProvider store, IWorkflowRegistry registry, TaskStore tasks)
{
    public async Task<RunProgress?> ReadAsync(Guid workflowId, CancellationToken cancellationToken = default)
    {
        var instance = await store.GetWorkflowInstance(workflowId.ToString(), cancellationToken);
        if (instance?.Data is not WorkflowSubject subject
            || registry.GetDefinition(instance.WorkflowDefinitionId, instance.Version)?.Steps.OfType<IConfiguredStep>().FirstOrDefault() is not { } configured)
            return null;
        var route = ApprovalRoute.Plan(configured.Document, configured.Settings, subject);
        var ofRun = await tasks.OfWorkflowAsync(workflowId, cancellationToken);
        var finished = instance.Status is WorkflowStatus.Complete or WorkflowStatus.Terminated;
        var stages = new List<StageProgress>();
        var ended = false;
        foreach (var (planned, index) in route.Select((s, i) => (s, i)))
        {
            var votes = ofRun.Where(t => t.StepId == planned.StepId).ToList();
            var answers = votes.Where(t => t.Status == WorkflowTaskStatus.Completed)
                .Select(t => new StageAnswer(t.CompletedBy ?? "", t.Outcome ?? "", t.CompletedAt ?? t.CreatedAt, t.Comment)).OrderBy(a => a.At).ToList();
            var approveOutcome = votes.FirstOrDefault()?.ApproveOutcome ?? "approve";
            var approvals = answers.Count(a => a.Outcome == approveOutcome);
            var required = votes.FirstOrDefault()?.ApprovalsRequired ?? planned.Quorum?.Count ?? 1;
            var other = answers.FirstOrDefault(a => a.Outcome != approveOutcome);
            string state;
            if (ended)
                state = StageStates.NotReached;
            else if (other is not null)
                (state, ended) = (StageStates.Decided, true);
            else if (votes.Count > 0 && votes.All(t => t.Status != WorkflowTaskStatus.Open))
                state = StageStates.Done;
            else if (votes.Any(t => t.Status == WorkflowTaskStatus.Open))
                state = StageStates.Current;
            else
                state = finished ? StageStates.NotReached : StageStates.Pending;
            stages.Add(new StageProgress(index + 1, planned.StepId, planned.Title, planned.Role, planned.Reason, state, other?.Outcome, approvals, required,
                votes.Count > 0 ? votes.Min(t => t.CreatedAt) : null, votes.Count > 0 ? votes.Max(t => t.DueAt) : null, answers));
        }
        return new RunProgress(workflowId, instance.WorkflowDefinitionId, instance.Version, finished, stages);
    }
}
