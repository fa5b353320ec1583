using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Identity;
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
/// Completes a task once: the task row, the wake-up of the waiting step (or the event for it) and the audit entry commit together,
/// so a crash leaves either all or none; of two people completing at once, one wins and the other is told.
/// </summary>
public sealed class TaskCompletion(Database database, TaskStore tasks, TaskParticipants participants, DapperPersistenceProvider store,
    IQueueProvider queue, AuditLog audit, TimeProvider time)
{
    /// <summary>A task held by a person is theirs alone; otherwise any member of its role may act.</summary>
    public static bool MayAct(TaskRow task, TaskActor actor) =>
        task.AssigneeUserId is { } userId ? userId == actor.UserId : task.AssigneeRole is { } role && actor.Roles.Contains(role);

    public async Task<TaskCompletionResult> CompleteAsync(Guid taskId, TaskActor actor, string? outcome, string? comment,
        CancellationToken cancellationToken = default)
    {
        var task = await tasks.GetAsync(taskId, cancellationToken);
        if (task is null)
            return new(TaskCompletionStatus.NotFound, $"No task has id {taskId}.", null, null);
        if (task.Status != WorkflowTaskStatus.Open)
            return new(TaskCompletionStatus.AlreadyCompleted, task.Status switch
            {
                WorkflowTaskStatus.Withdrawn => "This approval stage was decided before you answered; your task was withdrawn.",
                WorkflowTaskStatus.Expired => $"This task expired unanswered at {task.CompletedAt:yyyy-MM-dd HH:mm} UTC and the workflow went on without it.",
                _ => $"{task.CompletedBy} already completed this task ({task.Outcome}).",
            }, null, task);
        if (!MayAct(task, actor))
            return new(TaskCompletionStatus.Forbidden, task.AssigneeUserId is null
                ? $"This task is for {task.AssigneeRole}; your roles do not include it."
                : "This task is assigned to another person.", null, task);
        if (task.ClosesOn is { } closesOn)
            return new(TaskCompletionStatus.Invalid, null, new Dictionary<string, string[]>
            {
                ["outcome"] = [$"Nobody answers this task: it closes by itself once the subject is {closesOn}."],
            }, task);
        if (SegregationOfDuties.MayDecide(actor.UserName, await participants.ForAsync(task, cancellationToken)) is { } conflict)
            return new(TaskCompletionStatus.Forbidden, conflict.Detail, null, task);

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(outcome) || !task.OutcomeList.Contains(outcome))
            errors["outcome"] = [$"'{outcome}' is not an outcome of this task; choose one of {string.Join(", ", task.OutcomeList)}."];
        else if (task.CommentRequiredList.Contains(outcome) && string.IsNullOrWhiteSpace(comment))
            errors["comment"] = [$"A comment is required to {outcome}; say why."];
        if (errors.Count > 0)
            return new(TaskCompletionStatus.Invalid, null, errors, task);

        var now = time.GetUtcNow();
        string? eventKey = null;
        string? wokenWorkflowId = null;
        TaskCompleted? decided = null;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            TaskGroupRow? stage = null;
            if (task.GroupId is { } groupId)
            {
                // The stage row is locked before the task, by every vote, so concurrent votes are counted one after another.
                stage = await tasks.LockGroupAsync(unit, groupId, cancellationToken);
                if (stage is null || stage.Status != WorkflowTaskStatus.Open)
                    return new(TaskCompletionStatus.AlreadyCompleted, "This approval stage has already been decided.", null, await tasks.GetAsync(taskId, cancellationToken));
                if (await tasks.AnsweredInGroupAsync(unit, groupId, actor.UserName, cancellationToken)
                    || await tasks.HoldsOtherInGroupAsync(unit, groupId, actor.UserId, taskId, cancellationToken))
                    return new(TaskCompletionStatus.Forbidden, "You already have a vote in this approval stage; approvers must be distinct people.", null, task);
            }
            if (!await tasks.CompleteAsync(unit, taskId, outcome!, comment?.Trim(), actor.UserName, now, cancellationToken))
            {
                var winner = await tasks.GetAsync(taskId, cancellationToken);
                return new(TaskCompletionStatus.AlreadyCompleted, $"{winner?.CompletedBy} completed this task first ({winner?.Outcome}).", null, winner);
            }
            if (stage is null)
            {
                eventKey = taskId.ToString();
                decided = new TaskCompleted(outcome!, comment?.Trim(), actor.UserName);
            }
            else if (outcome != stage.ApproveOutcome || await tasks.ApprovalsAsync(unit, stage, cancellationToken) >= stage.Required)
            {
                foreach (var withdrawn in await tasks.DecideGroupAsync(unit, stage.Id, outcome!, now, cancellationToken))
                    await tasks.LogAsync(unit, new TaskLogEntry
                    {
                        TaskId = withdrawn, WorkflowId = task.WorkflowId, At = now, Action = TaskLogActions.Withdrawn, Actor = actor.UserName,
                        Detail = $"The stage was decided ({outcome}) before this vote was cast.",
                    }, cancellationToken);
                eventKey = stage.Id.ToString();
                decided = new TaskCompleted(outcome!, comment?.Trim(), actor.UserName);
            }
            // The waiting step is woken in this commit; only if it has not subscribed yet is the event stored for it.
            if (eventKey is not null
                && (wokenWorkflowId = await store.TryDeliverAsync(unit, TaskEvents.Completed, eventKey, decided!, now.UtcDateTime, cancellationToken)) is null)
                await store.InsertEventAsync(unit, new Event
                {
                    Id = TaskEvents.CompletionEventIdFor(Guid.Parse(eventKey)).ToString(),
                    EventName = TaskEvents.Completed,
                    EventKey = eventKey,
                    EventData = decided,
                    EventTime = now.UtcDateTime,
                }, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(actor.UserName, "task.completed", "WorkflowTask", taskId.ToString(),
                $"{task.Title} for {task.SubjectType} {task.SubjectId}: {outcome}" + (string.IsNullOrWhiteSpace(comment) ? "" : $" ({comment.Trim()})")),
                cancellationToken);
            Failpoints.Hit("task-completion-before-commit");
            await unit.CommitAsync(cancellationToken);
        }
        Failpoints.Hit("task-completion-after-commit");
        tasks.Changed(task);
        var completed = task with
        {
            Status = WorkflowTaskStatus.Completed, Outcome = outcome, Comment = comment?.Trim(), CompletedBy = actor.UserName, CompletedAt = now,
        };
        if (eventKey is null)
            return new(TaskCompletionStatus.Completed, null, null, completed);
        Hosting.WorkflowMetrics.TaskDecided(task.WorkflowId.ToString());
        // If the process stops here, the poll finds the instance due (or the event unprocessed) instead.
        if (wokenWorkflowId is not null)
            await queue.QueueWork(wokenWorkflowId, QueueType.Workflow);
        else
            await queue.QueueWork(TaskEvents.CompletionEventIdFor(Guid.Parse(eventKey)).ToString(), QueueType.Event);
        return new(TaskCompletionStatus.Completed, null, null, completed);
    }
}
