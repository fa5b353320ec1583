using Dapper;
using SlaGovernance.Data;

namespace SlaGovernance.Workflows.Tasks;

[SqlCatalogue]
internal static class TaskSql
{
    /// <summary>Opens the task unless this step execution already did; a failed statement would end the caller's transaction.</summary>
    public const string InsertUnlessExists = """
        INSERT INTO wf_tasks (id, workflow_id, pointer_id, definition_id, step_id, subject_type, subject_id, title, assignee_role,
                              assignee_user_id, requested_by, outcomes, comment_required_for, status, due_at, created_at,
                              completed_at, completed_by, outcome, comment, group_id, approve_outcome, exclude_prior_approvers,
                              escalate_to_role, escalated_at, reminders, reminders_sent, next_reminder_at, subject_summary, stage_number,
                              stage_count, route_reason, approvals_required, closes_on, note, escalation_path, escalation_level,
                              next_escalation_at)
        SELECT @Id, @WorkflowId, @PointerId, @DefinitionId, @StepId, @SubjectType, @SubjectId, @Title, @AssigneeRole,
               @AssigneeUserId, @RequestedBy, @Outcomes, @CommentRequiredFor, 'Open', @DueAt, @CreatedAt, NULL, NULL, NULL, NULL,
               @GroupId, @ApproveOutcome, @ExcludePriorApprovers, @EscalateToRole, NULL, @Reminders, 0, @NextReminderAt, @SubjectSummary,
               @StageNumber, @StageCount, @RouteReason, @ApprovalsRequired, @ClosesOn, @Note, @EscalationPath, 0, @NextEscalationAt
        WHERE NOT EXISTS (SELECT 1 FROM wf_tasks WHERE id = @Id)
        """;

    public const string Columns = """
        SELECT id, workflow_id, pointer_id, definition_id, step_id, subject_type, subject_id, title, assignee_role, assignee_user_id,
               requested_by, outcomes, comment_required_for, status, due_at, created_at, completed_at, completed_by, outcome, comment,
               group_id, approve_outcome, exclude_prior_approvers, escalate_to_role, escalated_at, reminders, reminders_sent,
               next_reminder_at, subject_summary, stage_number, stage_count, route_reason, approvals_required, closes_on, note,
               escalation_path, escalation_level, next_escalation_at
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

    /// <summary>The open tasks of a subject that the application closes with the given outcome.</summary>
    public const string OpenClosingOn = Columns + """

        WHERE status = 'Open' AND subject_type = @SubjectType AND subject_id = @SubjectId AND closes_on = @Outcome
        """;

    public const string Complete = """
        UPDATE wf_tasks SET status = 'Completed', completed_at = @At, completed_by = @By, outcome = @Outcome, comment = @Comment
        WHERE id = @Id AND status = 'Open'
        """;

    public const string Expire = "UPDATE wf_tasks SET status = 'Expired', completed_at = @At WHERE id = @Id AND status = 'Open'";

    /// <summary>A new due date for an open task; an escalation already made stays made, a later one waits for the new date.</summary>
    public const string Reschedule = "UPDATE wf_tasks SET due_at = @DueAt WHERE id = @Id AND status = 'Open'";

    public const string EscalationPathOf = "SELECT escalation_path AS EscalationPath, escalation_level AS EscalationLevel FROM wf_tasks WHERE id = @Id";

    public const string RescheduleEscalation = "UPDATE wf_tasks SET next_escalation_at = @Next WHERE id = @Id AND status = 'Open'";
}

/// <summary>Human tasks: opened once per step execution, listed for the people who may act, completed once.</summary>
/// <remarks>Approval stages, assignment, deadlines and the task log are the files TaskStore.*.cs beside this one.</remarks>
public sealed partial class TaskStore(Database database, InboxChanges changes)
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
        unit.AfterCommit(() =>
        {
            changes.Changed(task);
            Hosting.WorkflowMetrics.TaskOpened(task.WorkflowId.ToString());
        });
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

    /// <summary>The subject's open tasks that close with <paramref name="outcome"/> when the application reports it.</summary>
    public async Task<IReadOnlyList<TaskRow>> OpenClosingOnAsync(string subjectType, string subjectId, string outcome,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TaskRow>(new CommandDefinition(database.Sql(TaskSql.OpenClosingOn),
            new { SubjectType = subjectType, SubjectId = subjectId, Outcome = outcome }, cancellationToken: cancellationToken))).ToList();
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
        // The levels of an escalation path not reached yet count from the new due date.
        var path = await unit.Connection.QuerySingleAsync<TaskRow>(new CommandDefinition(unit.Sql(TaskSql.EscalationPathOf), new { Id = id },
            unit.Transaction, cancellationToken: cancellationToken));
        if (path.EscalationLevels is { Count: > 0 } levels && path.EscalationLevel < levels.Count)
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.RescheduleEscalation),
                new { Id = id, Next = dueAt.AddMinutes(levels[path.EscalationLevel].AfterMinutes) }, unit.Transaction, cancellationToken: cancellationToken));
        // Rare, and the holder is not at hand here.
        unit.AfterCommit(changes.ChangedAnywhere);
        return true;
    }
}
