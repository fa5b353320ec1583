using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Tasks;

/// <summary>What pages say of a task besides its title: its subject in words and, for a stage several votes decide, the vote it is.</summary>
public sealed class TaskSubjects(IEnumerable<IWorkflowSubjectSummary> summaries, TaskStore tasks)
{
    /// <summary>The subject as the task named it when it opened, or as its feature names it now for a task opened before tasks named theirs.</summary>
    public async Task<string> NameAsync(TaskRow task, CancellationToken cancellationToken)
    {
        if (task.SubjectSummary is { } summary)
            return summary;
        if (summaries.FirstOrDefault(s => s.SubjectType == task.SubjectType) is { } describer
            && await describer.SummaryAsync(new WorkflowSubject { Type = task.SubjectType, Id = task.SubjectId }, cancellationToken) is { } now)
            return now;
        return $"an unnamed {task.SubjectType.ToLowerInvariant()}";
    }

    /// <summary>"vote 1 of quorum 2" for a task of a stage several approvals decide; null otherwise.</summary>
    public async Task<string?> VoteAsync(TaskRow task, CancellationToken cancellationToken)
    {
        if (task.GroupId is not { } group || task.ApprovalsRequired is not > 1)
            return null;
        var given = (await tasks.OfWorkflowAsync(task.WorkflowId, cancellationToken))
            .Count(t => t.GroupId == group && t.Status == WorkflowTaskStatus.Completed && t.Outcome == t.ApproveOutcome);
        return TaskWording.Vote(task, given);
    }
}
