using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Workflows.Tasks;

public enum TaskMoveStatus
{
    Moved,
    NotFound,
    Forbidden,
    NotOpen,
    Invalid,
}

public sealed record TaskMoveResult(TaskMoveStatus Status, string? Message, IReadOnlyDictionary<string, string[]>? Errors = null, TaskRow? Task = null);

/// <summary>
/// Moves tasks between people: reassignment by an Admin or the stage's escalation role, delegation by the holder to
/// another member of the task's role, and return to the role when an account is deactivated. A task moves only within its current
/// role and never to someone <see cref="SegregationOfDuties"/> keeps from deciding it. Every move is logged
/// against the instance's journal and audited, in the transaction that makes it.
/// </summary>
public sealed class TaskRouting(Database database, TaskStore tasks, TaskParticipants participants, UserStore users, AuditLog audit, TimeProvider time)
{
    public static bool MayReassign(TaskRow task, TaskActor actor) =>
        actor.Roles.Contains(Roles.Admin) || (task.EscalateToRole is { } role && actor.Roles.Contains(role));

    /// <summary>Gives the task to a person (who must be active) or to a role; Admin, or a member of the task's escalation role.</summary>
    public async Task<TaskMoveResult> ReassignAsync(Guid taskId, TaskActor actor, string? toUserName, string? toRole, string? reason,
        CancellationToken cancellationToken = default)
    {
        var task = await tasks.GetAsync(taskId, cancellationToken);
        if (task is null)
            return new(TaskMoveStatus.NotFound, $"No task has id {taskId}.");
        if (!MayReassign(task, actor))
            return new(TaskMoveStatus.Forbidden, $"Only an Admin{(task.EscalateToRole is { } r ? $" or a member of {r}" : "")} may reassign this task.");
        if (task.Status != WorkflowTaskStatus.Open)
            return new(TaskMoveStatus.NotOpen, $"The task is {task.Status.ToLowerInvariant()}; only open tasks move.", Task: task);
        var hasUser = !string.IsNullOrWhiteSpace(toUserName);
        var hasRole = !string.IsNullOrWhiteSpace(toRole);
        if (hasUser == hasRole)
            return Invalid("to", "Name either a person (toUser) or a role (toRole) to give the task to.");
        if (hasRole && !Roles.IsKnown(toRole!))
            return Invalid("toRole", $"'{toRole}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        var currentRole = await CurrentRoleAsync(task, cancellationToken);
        if (hasRole && currentRole is not null && toRole != currentRole)
            return new(TaskMoveStatus.Forbidden, new DutyConflict(SegregationOfDuties.CurrentRoleRule,
                $"This task belongs to {currentRole}; it can be given back to {currentRole} or to one of its members, not to {toRole}.").Detail);
        UserRow? target = null;
        if (hasUser)
        {
            target = await users.FindByUserNameAsync(toUserName!, cancellationToken);
            if (target is null || !target.IsActive)
                return Invalid("toUser", $"No active user is called '{toUserName}'.");
            var participantsOfTask = await participants.ForAsync(task, cancellationToken);
            if (SegregationOfDuties.MayReceive(target.UserName, target.Roles, currentRole, participantsOfTask) is { } conflict)
                return new(TaskMoveStatus.Forbidden, conflict.Detail);
            if (task.GroupId is not null && !await EligibleForStageAsync(task, target.Id, cancellationToken))
                return Invalid("toUser", $"{target.UserName} already has a vote in this approval stage; approvers must be distinct people.");
        }
        var role = hasRole ? toRole! : task.AssigneeRole;
        var detail = $"from {Holder(task)} to {(target is not null ? target.UserName : role)}" + (string.IsNullOrWhiteSpace(reason) ? "" : $": {reason.Trim()}");
        return await MoveAsync(task, actor.UserName, role, target?.Id, TaskLogActions.Reassigned, "task.reassigned", detail, cancellationToken);
    }

    /// <summary>The holder hands the task to another active member of its role, for example while away.</summary>
    public async Task<TaskMoveResult> DelegateAsync(Guid taskId, TaskActor actor, string? toUserName, string? reason,
        CancellationToken cancellationToken = default)
    {
        var task = await tasks.GetAsync(taskId, cancellationToken);
        if (task is null)
            return new(TaskMoveStatus.NotFound, $"No task has id {taskId}.");
        if (!TaskCompletion.MayAct(task, actor))
            return new(TaskMoveStatus.Forbidden, "Only the task's holder (or, for a role's task, a member of the role) may delegate it.");
        if (task.Status != WorkflowTaskStatus.Open)
            return new(TaskMoveStatus.NotOpen, $"The task is {task.Status.ToLowerInvariant()}; only open tasks move.", Task: task);
        if (string.IsNullOrWhiteSpace(toUserName))
            return Invalid("toUser", "Name the person to delegate the task to.");
        var target = await users.FindByUserNameAsync(toUserName, cancellationToken);
        if (target is null || !target.IsActive)
            return Invalid("toUser", $"No active user is called '{toUserName}'.");
        if (target.Id == actor.UserId)
            return Invalid("toUser", "You cannot delegate a task to yourself.");
        var currentRole = await CurrentRoleAsync(task, cancellationToken);
        if (SegregationOfDuties.MayReceive(target.UserName, target.Roles, currentRole, await participants.ForAsync(task, cancellationToken)) is { } conflict)
            return new(TaskMoveStatus.Forbidden, conflict.Detail);
        if (task.GroupId is not null && !await EligibleForStageAsync(task, target.Id, cancellationToken))
            return Invalid("toUser", $"{target.UserName} already has a vote in this approval stage; approvers must be distinct people.");
        var detail = $"from {actor.UserName} to {target.UserName}" + (string.IsNullOrWhiteSpace(reason) ? "" : $": {reason.Trim()}");
        return await MoveAsync(task, actor.UserName, task.AssigneeRole, target.Id, TaskLogActions.Delegated, "task.delegated", detail, cancellationToken);
    }

    /// <summary>A deactivated person's open tasks go back to their roles, in the transaction that deactivates them.</summary>
    public async Task ReturnToRoleAsync(UnitOfWork unit, Guid userId, string userName, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var held in await tasks.ReturnToRoleAsync(unit, userId, cancellationToken))
        {
            var detail = $"{userName} was deactivated; the task is back with its role.";
            await tasks.LogAsync(unit, new TaskLogEntry
            {
                TaskId = held.Id, WorkflowId = held.WorkflowId, At = now, Action = TaskLogActions.ReturnedToRole, Actor = actor, Detail = detail,
            }, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(actor, "task.returned-to-role", "WorkflowTask", held.Id.ToString(), detail), cancellationToken);
        }
    }

    private async Task<TaskMoveResult> MoveAsync(TaskRow task, string actor, string? role, Guid? userId, string action, string auditAction,
        string detail, CancellationToken cancellationToken)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await tasks.AssignAsync(unit, task.Id, role, userId, cancellationToken))
            return new(TaskMoveStatus.NotOpen, "The task was completed or moved meanwhile; reload it.", Task: await tasks.GetAsync(task.Id, cancellationToken));
        var now = time.GetUtcNow();
        await tasks.LogAsync(unit, new TaskLogEntry
        {
            TaskId = task.Id, WorkflowId = task.WorkflowId, At = now, Action = action, Actor = actor, Detail = detail,
        }, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, auditAction, "WorkflowTask", task.Id.ToString(), $"{task.Title}: {detail}"),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
        tasks.Changed(task with { AssigneeRole = role, AssigneeUserId = userId }, task);
        return new(TaskMoveStatus.Moved, null, Task: await tasks.GetAsync(task.Id, cancellationToken));
    }

    private async Task<bool> EligibleForStageAsync(TaskRow task, Guid userId, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(userId, cancellationToken);
        if (user is null)
            return false;
        return !(await tasks.OfWorkflowAsync(task.WorkflowId, cancellationToken))
            .Any(t => t.GroupId == task.GroupId && t.Id != task.Id && (t.AssigneeUserId == userId
                || string.Equals(t.CompletedBy, user.UserName, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The stage's role (an approval stage's, or the task's own), or its escalation role once escalated.</summary>
    private async Task<string?> CurrentRoleAsync(TaskRow task, CancellationToken cancellationToken)
    {
        var stageRole = task.GroupId is { } groupId ? (await tasks.GetGroupAsync(groupId, cancellationToken))?.Role ?? task.AssigneeRole : task.AssigneeRole;
        return SegregationOfDuties.CurrentRole(stageRole, task.EscalateToRole, task.EscalatedAt is not null);
    }

    private static string Holder(TaskRow task) => task.AssigneeUserId is { } id ? $"user {id}" : task.AssigneeRole ?? "nobody";

    private static TaskMoveResult Invalid(string field, string message) =>
        new(TaskMoveStatus.Invalid, null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Sends due reminders and escalates overdue tasks to their escalation role. Each is recorded and its email written
/// in one transaction, guarded by the task's state, so two nodes or a rerun after a crash do it once.
/// </summary>
public sealed class TaskDeadlines(Database database, TaskStore tasks, TaskNotices notices, AuditLog audit, TimeProvider time)
{
    public const string SystemActor = "system";

    public async Task<(int Reminded, int Escalated)> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var reminded = 0;
        foreach (var task in await tasks.RemindersDueAsync(now, cancellationToken))
        {
            var number = task.RemindersSent + 1;
            var schedule = task.ReminderList;
            // Reminders whose time passed while nothing ran are folded into one.
            var sent = number;
            while (sent < schedule.Count && schedule[sent] <= now)
                sent++;
            DateTimeOffset? next = sent < schedule.Count ? schedule[sent] : null;
            await using var unit = await database.BeginAsync(cancellationToken);
            if (!await tasks.MarkRemindedAsync(unit, task, sent, next, cancellationToken))
                continue;
            await notices.ReminderAsync(unit, task, number, cancellationToken);
            await tasks.LogAsync(unit, new TaskLogEntry
            {
                TaskId = task.Id, WorkflowId = task.WorkflowId, At = now, Action = TaskLogActions.Reminded, Actor = SystemActor,
                Detail = $"Reminder {number}: due {task.DueAt:yyyy-MM-dd HH:mm} UTC.",
            }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
            reminded++;
        }

        // The path first: its first level is told while the task is still with the person who let it run over.
        var escalated = await ClimbPathsAsync(now, cancellationToken);
        foreach (var task in await tasks.EscalationsDueAsync(now, cancellationToken))
        {
            var previous = await notices.HoldersAsync(task, cancellationToken);
            await using var unit = await database.BeginAsync(cancellationToken);
            if (!await tasks.EscalateAsync(unit, task.Id, now, cancellationToken))
                continue;
            await notices.EscalatedAsync(unit, task, previous, cancellationToken);
            var detail = $"Overdue since {task.DueAt:yyyy-MM-dd HH:mm} UTC; moved from {task.AssigneeRole} to {task.EscalateToRole}.";
            await tasks.LogAsync(unit, new TaskLogEntry
            {
                TaskId = task.Id, WorkflowId = task.WorkflowId, At = now, Action = TaskLogActions.Escalated, Actor = SystemActor, Detail = detail,
            }, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(SystemActor, "task.escalated", "WorkflowTask", task.Id.ToString(), $"{task.Title}: {detail}"),
                cancellationToken);
            await unit.CommitAsync(cancellationToken);
            tasks.Changed(task with { AssigneeRole = task.EscalateToRole, AssigneeUserId = null }, task);
            escalated++;
        }
        return (reminded, escalated);
    }

    /// <summary>
    /// Overdue tasks with an escalation path reach its levels one at a time, each once its minutes after the due time have passed:
    /// the level is recorded, its contact and the task's holders told, the step logged and audited in one transaction.
    /// </summary>
    private async Task<int> ClimbPathsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var climbed = 0;
        foreach (var due in await tasks.PathEscalationsDueAsync(now, cancellationToken))
        {
            var task = due;
            var path = task.EscalationLevels;
            while (task.EscalationLevel < path.Count && task.DueAt.AddMinutes(path[task.EscalationLevel].AfterMinutes) <= now)
            {
                var level = path[task.EscalationLevel];
                var reached = task.EscalationLevel + 1;
                DateTimeOffset? next = reached < path.Count ? task.DueAt.AddMinutes(path[reached].AfterMinutes) : null;
                var contact = await notices.ContactAsync(level.Contact, cancellationToken);
                var holders = await notices.HoldersAsync(task, cancellationToken);
                await using var unit = await database.BeginAsync(cancellationToken);
                if (!await tasks.ClimbPathAsync(unit, task, reached, next, cancellationToken))
                    break;
                await notices.PathEscalatedAsync(unit, task, level, contact, holders, cancellationToken);
                var detail = $"Overdue since {task.DueAt:yyyy-MM-dd HH:mm} UTC; escalated to level {level.Level} of {path.Count} ({level.Contact}).";
                await tasks.LogAsync(unit, new TaskLogEntry
                {
                    TaskId = task.Id, WorkflowId = task.WorkflowId, At = now, Action = TaskLogActions.Escalated, Actor = SystemActor, Detail = detail,
                }, cancellationToken);
                await audit.AppendAsync(unit, new AuditRecord(SystemActor, "task.escalation-level", "WorkflowTask", task.Id.ToString(),
                    $"{task.Title}{(task.SubjectSummary is { } about ? $" ({about})" : "")}: {detail}"), cancellationToken);
                await unit.CommitAsync(cancellationToken);
                task = task with { EscalationLevel = reached, NextEscalationAt = next };
                climbed++;
            }
        }
        return climbed;
    }
}
