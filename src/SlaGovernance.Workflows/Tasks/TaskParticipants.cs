using SlaGovernance.Domain.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Persistence;

namespace SlaGovernance.Workflows.Tasks;

/// <summary>
/// Who took part in what a task decides, for <see cref="SegregationOfDuties"/>: the subject's authors (from the feature that
/// owns the subject), the requester the task names, and earlier approvers of the instance when the step leaves them out.
/// </summary>
public sealed class TaskParticipants(IEnumerable<IWorkflowSubjectAuthors> sources, DapperPersistenceProvider store, TaskStore tasks)
{
    public async Task<DecisionParticipants> ForAsync(TaskRow task, CancellationToken cancellationToken)
    {
        var subject = (await store.GetWorkflowInstance(task.WorkflowId.ToString(), cancellationToken))?.Data as WorkflowSubject;
        var priorApprovers = task.ExcludePriorApprovers ? await tasks.ApproversAsync(task.WorkflowId, cancellationToken) : new HashSet<string>();
        return new(await AuthorsOfAsync(subject, cancellationToken), task.RequestedBy, [.. priorApprovers]);
    }

    /// <summary>The subject's authors, or nobody when no feature tells them for its type.</summary>
    public async Task<IReadOnlyCollection<string>> AuthorsOfAsync(WorkflowSubject? subject, CancellationToken cancellationToken) =>
        subject is not null && sources.FirstOrDefault(s => s.SubjectType == subject.Type) is { } source
            ? await source.AuthorsAsync(subject, cancellationToken)
            : [];
}
