using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Workflows.Persistence;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Tasks;

public sealed record TaskActor(Guid UserId, string UserName, IReadOnlyCollection<string> Roles);

public enum TaskCompletionStatus
{
    Completed,
    NotFound,
    Forbidden,
    AlreadyCompleted,
    Invalid,
}

public sealed record TaskCompletionResult(TaskCompletionStatus Status, string? Message, IReadOnlyDictionary<string, string[]>? Errors, TaskRow? Task);

/// <summary>
/// Completes a task once: the task row, the event that resumes the workflow and the audit entry commit together,
/// so a crash leaves either all or none; of two people completing at once, one wins and the other is told.
/// </summary>
public sealed class TaskCompletion(Database database, TaskStore tasks, DapperPersistenceProvider store, IQueueProvider queue, AuditLog audit,
    TimeProvider time)
{
    public static bool MayAct(TaskRow task, TaskActor actor) =>
        task.AssigneeUserId == actor.UserId || (task.AssigneeRole is { } role && actor.Roles.Contains(role));

    public async Task<TaskCompletionResult> CompleteAsync(Guid taskId, TaskActor actor, string? outcome, string? comment,
        CancellationToken cancellationToken = default)
    {
        var task = await tasks.GetAsync(taskId, cancellationToken);
        if (task is null)
            return new(TaskCompletionStatus.NotFound, $"No task has id {taskId}.", null, null);
        if (!MayAct(task, actor))
            return new(TaskCompletionStatus.Forbidden, $"This task is for {task.AssigneeRole ?? "another person"}; your roles do not include it.", null, task);
        if (task.RequestedBy is not null && string.Equals(task.RequestedBy, actor.UserName, StringComparison.OrdinalIgnoreCase))
            return new(TaskCompletionStatus.Forbidden, "You requested this; someone else must decide it (segregation of duties).", null, task);
        if (task.Status != WorkflowTaskStatus.Open)
            return new(TaskCompletionStatus.AlreadyCompleted, $"{task.CompletedBy} already completed this task ({task.Outcome}).", null, task);

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(outcome) || !task.OutcomeList.Contains(outcome))
            errors["outcome"] = [$"'{outcome}' is not an outcome of this task; choose one of {string.Join(", ", task.OutcomeList)}."];
        else if (task.CommentRequiredList.Contains(outcome) && string.IsNullOrWhiteSpace(comment))
            errors["comment"] = [$"A comment is required to {outcome}; say why."];
        if (errors.Count > 0)
            return new(TaskCompletionStatus.Invalid, null, errors, task);

        var now = time.GetUtcNow();
        var eventId = TaskEvents.CompletionEventIdFor(taskId);
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await tasks.CompleteAsync(unit, taskId, outcome!, comment?.Trim(), actor.UserName, now, cancellationToken))
            {
                var winner = await tasks.GetAsync(taskId, cancellationToken);
                return new(TaskCompletionStatus.AlreadyCompleted, $"{winner?.CompletedBy} completed this task first ({winner?.Outcome}).", null, winner);
            }
            await store.InsertEventAsync(unit, new Event
            {
                Id = eventId.ToString(),
                EventName = TaskEvents.Completed,
                EventKey = taskId.ToString(),
                EventData = new TaskCompleted(outcome!, comment?.Trim(), actor.UserName),
                EventTime = now.UtcDateTime,
            }, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(actor.UserName, "task.completed", "WorkflowTask", taskId.ToString(),
                $"{task.Title} for {task.SubjectType} {task.SubjectId}: {outcome}" + (string.IsNullOrWhiteSpace(comment) ? "" : $" ({comment.Trim()})")),
                cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        // If the process stops here, the unprocessed-event poll delivers the event instead.
        await queue.QueueWork(eventId.ToString(), QueueType.Event);
        return new(TaskCompletionStatus.Completed, null, null, await tasks.GetAsync(taskId, cancellationToken));
    }
}
