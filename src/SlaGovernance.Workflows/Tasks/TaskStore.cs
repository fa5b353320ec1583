using System.Text.Json;
using Dapper;
using SlaGovernance.Data;

namespace SlaGovernance.Workflows.Tasks;

public static class WorkflowTaskStatus
{
    public const string Open = "Open";
    public const string Completed = "Completed";

    /// <summary>Closed without an answer because its approval stage was decided by the others.</summary>
    public const string Withdrawn = "Withdrawn";

    /// <summary>Closed unanswered at the instant its definition set ('expiresAt'); the workflow went on without it.</summary>
    public const string Expired = "Expired";
}

/// <summary>A record, so the row as completed is a copy made with <c>with</c>.</summary>
public sealed record TaskRow
{
    public Guid Id { get; init; }
    public Guid WorkflowId { get; init; }
    public string PointerId { get; init; } = "";
    public string DefinitionId { get; init; } = "";
    public string StepId { get; init; } = "";
    public string SubjectType { get; init; } = "";
    public string SubjectId { get; init; } = "";
    public string Title { get; init; } = "";
    public string? AssigneeRole { get; init; }
    public Guid? AssigneeUserId { get; init; }
    public string? RequestedBy { get; init; }
    public string Outcomes { get; init; } = "[]";
    public string CommentRequiredFor { get; init; } = "[]";
    public string Status { get; init; } = WorkflowTaskStatus.Open;
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? CompletedBy { get; init; }
    public string? Outcome { get; init; }
    public string? Comment { get; init; }

    /// <summary>The approval stage this task is one vote of, if any.</summary>
    public Guid? GroupId { get; init; }

    /// <summary>The outcome that counts as approving, for quorum and for "already approved an earlier stage".</summary>
    public string? ApproveOutcome { get; init; }

    public bool ExcludePriorApprovers { get; init; }
    public string? EscalateToRole { get; init; }
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>The instants reminders are due, soonest first, as JSON.</summary>
    public string Reminders { get; init; } = "[]";
    public int RemindersSent { get; init; }
    public DateTimeOffset? NextReminderAt { get; init; }

    public IReadOnlyList<string> OutcomeList => JsonSerializer.Deserialize<List<string>>(Outcomes) ?? [];
    public IReadOnlyList<string> CommentRequiredList => JsonSerializer.Deserialize<List<string>>(CommentRequiredFor) ?? [];
    public IReadOnlyList<DateTimeOffset> ReminderList => JsonSerializer.Deserialize<List<DateTimeOffset>>(Reminders) ?? [];

    public bool IsOverdue(DateTimeOffset now) => Status == WorkflowTaskStatus.Open && DueAt < now;
}

/// <summary>One approval stage: its tasks vote, and the stage is decided once by quorum or by the first other answer.</summary>
public sealed class TaskGroupRow
{
    public Guid Id { get; init; }
    public Guid WorkflowId { get; init; }
    public string StepId { get; init; } = "";
    public string Role { get; init; } = "";
    public string ApproveOutcome { get; init; } = "";
    public int Required { get; init; }
    public int Eligible { get; init; }
    public string Status { get; init; } = WorkflowTaskStatus.Open;
    public string? Outcome { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public int Version { get; init; }
}

/// <summary>A move someone (or the system) made with a task: opened, reminded, escalated, reassigned, delegated, returned, completed.</summary>
public sealed class TaskLogEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TaskId { get; init; }
    public Guid WorkflowId { get; init; }
    public DateTimeOffset At { get; init; }
    public string Action { get; init; } = "";
    public string Actor { get; init; } = "";
    public string Detail { get; init; } = "";
}

/// <summary>A task and the workflow it belongs to.</summary>
public sealed class TaskKey
{
    public Guid Id { get; init; }
    public Guid WorkflowId { get; init; }
}

public static class TaskLogActions
{
    public const string Reminded = "reminded";
    public const string Escalated = "escalated";
    public const string Reassigned = "reassigned";
    public const string Delegated = "delegated";
    public const string ReturnedToRole = "returned-to-role";
    public const string Withdrawn = "withdrawn";
    public const string Expired = "expired";
    public const string Rescheduled = "rescheduled";
}

[SqlCatalogue]
internal static class TaskSql
{
    /// <summary>Opens the task unless this step execution already did; a failed statement would end the caller's transaction.</summary>
    public const string InsertUnlessExists = """
        INSERT INTO wf_tasks (id, workflow_id, pointer_id, definition_id, step_id, subject_type, subject_id, title, assignee_role,
                              assignee_user_id, requested_by, outcomes, comment_required_for, status, due_at, created_at,
                              completed_at, completed_by, outcome, comment, group_id, approve_outcome, exclude_prior_approvers,
                              escalate_to_role, escalated_at, reminders, reminders_sent, next_reminder_at)
        SELECT @Id, @WorkflowId, @PointerId, @DefinitionId, @StepId, @SubjectType, @SubjectId, @Title, @AssigneeRole,
               @AssigneeUserId, @RequestedBy, @Outcomes, @CommentRequiredFor, 'Open', @DueAt, @CreatedAt, NULL, NULL, NULL, NULL,
               @GroupId, @ApproveOutcome, @ExcludePriorApprovers, @EscalateToRole, NULL, @Reminders, 0, @NextReminderAt
        WHERE NOT EXISTS (SELECT 1 FROM wf_tasks WHERE id = @Id)
        """;

    public const string Columns = """
        SELECT id, workflow_id, pointer_id, definition_id, step_id, subject_type, subject_id, title, assignee_role, assignee_user_id,
               requested_by, outcomes, comment_required_for, status, due_at, created_at, completed_at, completed_by, outcome, comment,
               group_id, approve_outcome, exclude_prior_approvers, escalate_to_role, escalated_at, reminders, reminders_sent,
               next_reminder_at
        FROM wf_tasks
        """;

    public const string ById = Columns + "\nWHERE id = @Id";

    public const string ByWorkflow = Columns + "\nWHERE workflow_id = @WorkflowId ORDER BY created_at, id";

    /// <summary>How many roles one inbox read covers; a person with more is read in several.</summary>
    public const int InboxRoleSlots = 8;

    /// <summary>A person's inbox in one statement: theirs, and their roles' unassigned tasks.</summary>
    public const string OpenForPerson = Columns + """

        WHERE status = 'Open' AND (assignee_user_id = @UserId
            OR (assignee_user_id IS NULL AND assignee_role IN (@Role0, @Role1, @Role2, @Role3, @Role4, @Role5, @Role6, @Role7)))
        ORDER BY due_at, id {{page}}
        """;

    public const string Complete = """
        UPDATE wf_tasks SET status = 'Completed', completed_at = @At, completed_by = @By, outcome = @Outcome, comment = @Comment
        WHERE id = @Id AND status = 'Open'
        """;

    /// <summary>Who approved a stage of this workflow instance already.</summary>
    public const string Approvers = """
        SELECT completed_by FROM wf_tasks
        WHERE workflow_id = @WorkflowId AND status = 'Completed' AND approve_outcome IS NOT NULL AND outcome = approve_outcome
        """;

    public const string AnsweredInGroupBy = """
        SELECT COUNT(*) FROM wf_tasks WHERE group_id = @GroupId AND status = 'Completed' AND completed_by = @By
        """;

    public const string OpenInGroupFor = """
        SELECT COUNT(*) FROM wf_tasks WHERE group_id = @GroupId AND status = 'Open' AND assignee_user_id = @UserId AND id <> @TaskId
        """;

    public const string ApprovalsInGroup = """
        SELECT COUNT(*) FROM wf_tasks WHERE group_id = @GroupId AND status = 'Completed' AND outcome = @ApproveOutcome
        """;

    public const string OpenInGroup = "SELECT id FROM wf_tasks WHERE group_id = @GroupId AND status = 'Open'";

    public const string Withdraw = "UPDATE wf_tasks SET status = 'Withdrawn', completed_at = @At WHERE id = @Id AND status = 'Open'";

    public const string Expire = "UPDATE wf_tasks SET status = 'Expired', completed_at = @At WHERE id = @Id AND status = 'Open'";

    /// <summary>A new due date for an open task; an escalation already made stays made, a later one waits for the new date.</summary>
    public const string Reschedule = "UPDATE wf_tasks SET due_at = @DueAt WHERE id = @Id AND status = 'Open'";

    public const string Assign = """
        UPDATE wf_tasks SET assignee_role = @Role, assignee_user_id = @UserId WHERE id = @Id AND status = 'Open'
        """;

    public const string OpenOfUser = "SELECT id, workflow_id AS WorkflowId FROM wf_tasks WHERE status = 'Open' AND assignee_user_id = @UserId";

    public const string ReturnToRole = "UPDATE wf_tasks SET assignee_user_id = NULL WHERE id = @Id AND status = 'Open'";

    public const string RemindersDue = Columns +
        "\nWHERE status = 'Open' AND next_reminder_at IS NOT NULL AND next_reminder_at <= @Now ORDER BY next_reminder_at, id {{page}}";

    public const string Reminded = """
        UPDATE wf_tasks SET reminders_sent = @Sent, next_reminder_at = @Next
        WHERE id = @Id AND status = 'Open' AND reminders_sent = @Sent - 1
        """;

    public const string EscalationsDue = Columns + """

        WHERE status = 'Open' AND escalated_at IS NULL AND escalate_to_role IS NOT NULL AND due_at <= @Now ORDER BY due_at, id {{page}}
        """;

    public const string Escalate = """
        UPDATE wf_tasks SET assignee_role = escalate_to_role, assignee_user_id = NULL, escalated_at = @At, next_reminder_at = NULL
        WHERE id = @Id AND status = 'Open' AND escalated_at IS NULL
        """;

    public const string InsertGroupUnlessExists = """
        INSERT INTO wf_task_groups (id, workflow_id, step_id, role, approve_outcome, required, eligible, status, outcome, decided_at, version)
        SELECT @Id, @WorkflowId, @StepId, @Role, @ApproveOutcome, @Required, @Eligible, 'Open', NULL, NULL, 1
        WHERE NOT EXISTS (SELECT 1 FROM wf_task_groups WHERE id = @Id)
        """;

    public const string GroupById = """
        SELECT id, workflow_id, step_id, role, approve_outcome, required, eligible, status, outcome, decided_at, version
        FROM wf_task_groups WHERE id = @Id
        """;

    /// <summary>Taken first by every completion in a stage, so concurrent votes are counted one after another.</summary>
    public const string LockGroup = "UPDATE wf_task_groups SET version = version + 1 WHERE id = @Id";

    public const string DecideGroup = """
        UPDATE wf_task_groups SET status = 'Decided', outcome = @Outcome, decided_at = @At WHERE id = @Id AND status = 'Open'
        """;

    public const string InsertLog = """
        INSERT INTO wf_task_log (id, task_id, workflow_id, at, action, actor, detail)
        VALUES (@Id, @TaskId, @WorkflowId, @At, @Action, @Actor, @Detail)
        """;

    public const string LogOfWorkflow = """
        SELECT id, task_id AS TaskId, workflow_id AS WorkflowId, at, action, actor, detail FROM wf_task_log
        WHERE workflow_id = @WorkflowId ORDER BY at, id
        """;
}

/// <summary>Human tasks: opened once per step execution, listed for the people who may act, completed once.</summary>
public sealed class TaskStore(Database database, InboxChanges changes)
{
    public const int InboxLimit = 200;
    public const int SweepBatch = 100;

    public Database Database => database;

    /// <summary>
    /// Opens the task, and whatever <paramref name="opened"/> writes with it (its emails), in one transaction, unless
    /// this step execution already did (a replay after a crash); false then.
    /// </summary>
    public async Task<bool> OpenAsync(TaskRow task, Func<UnitOfWork, TaskRow, Task>? opened = null, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await OpenAsync(unit, task, opened, cancellationToken))
            return false;
        await unit.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Opens the task, and whatever <paramref name="opened"/> writes with it, in the caller's transaction unless this step
    /// execution already did (false then). Inbox readers are signalled once that transaction commits.
    /// </summary>
    public async Task<bool> OpenAsync(UnitOfWork unit, TaskRow task, Func<UnitOfWork, TaskRow, Task>? opened, CancellationToken cancellationToken)
    {
        if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.InsertUnlessExists), task, unit.Transaction,
                cancellationToken: cancellationToken)) != 1)
            return false;
        if (opened is not null)
            await opened(unit, task);
        unit.AfterCommit(() => changes.Changed(task));
        return true;
    }

    /// <summary>
    /// Opens an approval stage and one task per approver in the caller's transaction; false if an earlier attempt of this
    /// step execution already did.
    /// </summary>
    public async Task<bool> OpenGroupAsync(UnitOfWork unit, TaskGroupRow group, IReadOnlyList<TaskRow> tasks, Func<UnitOfWork, TaskRow, Task>? opened,
        CancellationToken cancellationToken)
    {
        if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.InsertGroupUnlessExists), group, unit.Transaction,
                cancellationToken: cancellationToken)) != 1)
            return false;
        foreach (var task in tasks)
            await OpenAsync(unit, task, opened, cancellationToken);
        return true;
    }

    public async Task<TaskRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(database.Sql(TaskSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<TaskRow>> OfWorkflowAsync(Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TaskRow>(new CommandDefinition(database.Sql(TaskSql.ByWorkflow), new { WorkflowId = workflowId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Signals the inbox readers who see the task, as it is now and as it was before, after a change committed elsewhere (a
    /// completion, a reassignment, an escalation).
    /// </summary>
    public void Changed(TaskRow task, params TaskRow?[] before) => changes.Changed(task, before);

    /// <summary>Open tasks assigned to the person or to any of their roles, soonest due first.</summary>
    public async Task<IReadOnlyList<TaskRow>> InboxAsync(Guid userId, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        // One statement per read: inbox readers wake on every change to their role's tasks, so this is the hottest read there is.
        await using var connection = await database.OpenAsync(cancellationToken);
        var distinctRoles = roles.Distinct(StringComparer.Ordinal).ToList();
        var tasks = new List<TaskRow>();
        for (var first = 0; first == 0 || first < distinctRoles.Count; first += TaskSql.InboxRoleSlots)
        {
            // Unused slots repeat a role (or name none, ""), and later reads name no person: a NULL parameter costs Npgsql a
            // type lookup it does not cache, on the hottest read there is.
            var parameters = new DynamicParameters(new { Offset = 0, Limit = InboxLimit });
            parameters.Add("UserId", first == 0 ? userId : Guid.Empty, System.Data.DbType.Guid);
            for (var slot = 0; slot < TaskSql.InboxRoleSlots; slot++)
                parameters.Add($"Role{slot}", first + slot < distinctRoles.Count ? distinctRoles[first + slot] : distinctRoles.Count > 0 ? distinctRoles[first] : "",
                    System.Data.DbType.String);
            tasks.AddRange(await connection.QueryAsync<TaskRow>(new CommandDefinition(database.Sql(TaskSql.OpenForPerson), parameters,
                cancellationToken: cancellationToken)));
        }
        return distinctRoles.Count <= TaskSql.InboxRoleSlots
            ? tasks
            : tasks.DistinctBy(t => t.Id).OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(InboxLimit).ToList();
    }

    /// <summary>Marks the task completed if it is still open; false when someone else completed it first.</summary>
    public async Task<bool> CompleteAsync(UnitOfWork unit, Guid id, string outcome, string? comment, string by, DateTimeOffset at,
        CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.Complete),
            new { Id = id, Outcome = outcome, Comment = comment, By = by, At = at }, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Closes the task unanswered, with a log entry; false when someone completed it first.</summary>
    public async Task<bool> ExpireAsync(Guid id, Guid workflowId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.Expire), new { Id = id, At = at }, unit.Transaction,
                cancellationToken: cancellationToken)) != 1)
            return false;
        await LogAsync(unit, new TaskLogEntry
        {
            TaskId = id, WorkflowId = workflowId, At = at, Action = TaskLogActions.Expired, Actor = "system",
            Detail = "Nobody answered before it expired; the workflow went on without it.",
        }, cancellationToken);
        // Rare, and the holder is not at hand here.
        unit.AfterCommit(changes.ChangedAnywhere);
        await unit.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Moves an open task's due date; false when it is no longer open.</summary>
    public async Task<bool> RescheduleAsync(UnitOfWork unit, Guid id, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.Reschedule), new { Id = id, DueAt = dueAt }, unit.Transaction,
                cancellationToken: cancellationToken)) != 1)
            return false;
        // Rare, and the holder is not at hand here.
        unit.AfterCommit(changes.ChangedAnywhere);
        return true;
    }

    /// <summary>User names that approved a stage of this workflow instance.</summary>
    public async Task<IReadOnlySet<string>> ApproversAsync(Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(database.Sql(TaskSql.Approvers), new { WorkflowId = workflowId },
            cancellationToken: cancellationToken))).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public async Task<bool> AnsweredInGroupAsync(UnitOfWork unit, Guid groupId, string userName, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(TaskSql.AnsweredInGroupBy),
            new { GroupId = groupId, By = userName }, unit.Transaction, cancellationToken: cancellationToken)) > 0;

    /// <summary>Whether the person already holds another open task of the same approval stage.</summary>
    public async Task<bool> HoldsOtherInGroupAsync(UnitOfWork unit, Guid groupId, Guid userId, Guid taskId, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(TaskSql.OpenInGroupFor),
            new { GroupId = groupId, UserId = userId, TaskId = taskId }, unit.Transaction, cancellationToken: cancellationToken)) > 0;

    public async Task<TaskGroupRow?> LockGroupAsync(UnitOfWork unit, Guid groupId, CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.LockGroup), new { Id = groupId }, unit.Transaction,
            cancellationToken: cancellationToken));
        return await unit.Connection.QuerySingleOrDefaultAsync<TaskGroupRow>(new CommandDefinition(unit.Sql(TaskSql.GroupById), new { Id = groupId },
            unit.Transaction, cancellationToken: cancellationToken));
    }

    public async Task<TaskGroupRow?> GetGroupAsync(Guid groupId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TaskGroupRow>(new CommandDefinition(database.Sql(TaskSql.GroupById), new { Id = groupId },
            cancellationToken: cancellationToken));
    }

    public async Task<int> ApprovalsAsync(UnitOfWork unit, TaskGroupRow group, CancellationToken cancellationToken) =>
        (int)await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(TaskSql.ApprovalsInGroup),
            new { GroupId = group.Id, group.ApproveOutcome }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Decides the stage and withdraws its open tasks; returns the withdrawn task ids.</summary>
    public async Task<IReadOnlyList<Guid>> DecideGroupAsync(UnitOfWork unit, Guid groupId, string outcome, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.DecideGroup), new { Id = groupId, Outcome = outcome, At = at },
            unit.Transaction, cancellationToken: cancellationToken));
        var open = (await unit.Connection.QueryAsync<Guid>(new CommandDefinition(unit.Sql(TaskSql.OpenInGroup), new { GroupId = groupId },
            unit.Transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var id in open)
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.Withdraw), new { Id = id, At = at }, unit.Transaction,
                cancellationToken: cancellationToken));
        if (open.Count > 0)
            // The other votes' holders lost a task.
            unit.AfterCommit(changes.ChangedAnywhere);
        return open;
    }

    public async Task<bool> AssignAsync(UnitOfWork unit, Guid taskId, string? role, Guid? userId, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.Assign), new { Id = taskId, Role = role, UserId = userId },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>The open tasks held by a person, returned to their role; for a deactivated account.</summary>
    public async Task<IReadOnlyList<TaskKey>> ReturnToRoleAsync(UnitOfWork unit, Guid userId, CancellationToken cancellationToken)
    {
        var held = (await unit.Connection.QueryAsync<TaskKey>(new CommandDefinition(unit.Sql(TaskSql.OpenOfUser), new { UserId = userId },
            unit.Transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var task in held)
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.ReturnToRole), new { task.Id }, unit.Transaction,
                cancellationToken: cancellationToken));
        if (held.Count > 0)
            unit.AfterCommit(changes.ChangedAnywhere);
        return held;
    }

    public async Task<IReadOnlyList<TaskRow>> RemindersDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TaskRow>(new CommandDefinition(database.Sql(TaskSql.RemindersDue),
            new { Now = now, Offset = 0, Limit = SweepBatch }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Records the N-th reminder as sent and schedules the next; false if another node recorded it first.</summary>
    public async Task<bool> MarkRemindedAsync(UnitOfWork unit, TaskRow task, int sent, DateTimeOffset? next, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.Reminded), new { task.Id, Sent = sent, Next = next },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<IReadOnlyList<TaskRow>> EscalationsDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TaskRow>(new CommandDefinition(database.Sql(TaskSql.EscalationsDue),
            new { Now = now, Offset = 0, Limit = SweepBatch }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<bool> EscalateAsync(UnitOfWork unit, Guid taskId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.Escalate), new { Id = taskId, At = at }, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    public async Task LogAsync(UnitOfWork unit, TaskLogEntry entry, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.InsertLog), entry, unit.Transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<TaskLogEntry>> LogOfWorkflowAsync(Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TaskLogEntry>(new CommandDefinition(database.Sql(TaskSql.LogOfWorkflow), new { WorkflowId = workflowId },
            cancellationToken: cancellationToken))).ToList();
    }
}
