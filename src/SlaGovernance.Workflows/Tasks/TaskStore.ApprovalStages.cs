using Dapper;
using SlaGovernance.Data;

namespace SlaGovernance.Workflows.Tasks;

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

[SqlCatalogue]
internal static class ApprovalStageSql
{
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
}

/// <summary>Approval stages: a stage row and one task per approver, counted and decided once.</summary>
public sealed partial class TaskStore
{
    /// <summary>
    /// Opens an approval stage and one task per approver in the caller's transaction; false if an earlier attempt of this
    /// step execution already did.
    /// </summary>
    public async Task<bool> OpenGroupAsync(UnitOfWork unit, TaskGroupRow group, IReadOnlyList<TaskRow> tasks, Func<UnitOfWork, TaskRow, Task>? opened,
        CancellationToken cancellationToken)
    {
        if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ApprovalStageSql.InsertGroupUnlessExists), group, unit.Transaction,
                cancellationToken: cancellationToken)) != 1)
            return false;
        foreach (var task in tasks)
            await OpenAsync(unit, task, opened, cancellationToken);
        return true;
    }

    /// <summary>User names that approved a stage of this workflow instance.</summary>
    public async Task<IReadOnlySet<string>> ApproversAsync(Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(database.Sql(ApprovalStageSql.Approvers), new { WorkflowId = workflowId },
            cancellationToken: cancellationToken))).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public async Task<bool> AnsweredInGroupAsync(UnitOfWork unit, Guid groupId, string userName, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(ApprovalStageSql.AnsweredInGroupBy),
            new { GroupId = groupId, By = userName }, unit.Transaction, cancellationToken: cancellationToken)) > 0;

    /// <summary>Whether the person already holds another open task of the same approval stage.</summary>
    public async Task<bool> HoldsOtherInGroupAsync(UnitOfWork unit, Guid groupId, Guid userId, Guid taskId, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(ApprovalStageSql.OpenInGroupFor),
            new { GroupId = groupId, UserId = userId, TaskId = taskId }, unit.Transaction, cancellationToken: cancellationToken)) > 0;

    public async Task<TaskGroupRow?> LockGroupAsync(UnitOfWork unit, Guid groupId, CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ApprovalStageSql.LockGroup), new { Id = groupId }, unit.Transaction,
            cancellationToken: cancellationToken));
        return await unit.Connection.QuerySingleOrDefaultAsync<TaskGroupRow>(new CommandDefinition(unit.Sql(ApprovalStageSql.GroupById), new { Id = groupId },
            unit.Transaction, cancellationToken: cancellationToken));
    }

    public async Task<TaskGroupRow?> GetGroupAsync(Guid groupId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TaskGroupRow>(new CommandDefinition(database.Sql(ApprovalStageSql.GroupById), new { Id = groupId },
            cancellationToken: cancellationToken));
    }

    public async Task<int> ApprovalsAsync(UnitOfWork unit, TaskGroupRow group, CancellationToken cancellationToken) =>
        (int)await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(ApprovalStageSql.ApprovalsInGroup),
            new { GroupId = group.Id, group.ApproveOutcome }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Withdraws every open task of a workflow the application cancelled (a renewal cycle ended by an approved termination), each
    /// with a log entry saying why; returns the tasks withdrawn.
    /// </summary>
    public async Task<IReadOnlyList<TaskRow>> WithdrawOpenOfWorkflowAsync(UnitOfWork unit, Guid workflowId, string actor, string why, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var withdrawn = new List<TaskRow>();
        foreach (var task in (await OfWorkflowAsync(workflowId, cancellationToken)).Where(t => t.Status == WorkflowTaskStatus.Open))
        {
            if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ApprovalStageSql.Withdraw), new { task.Id, At = at }, unit.Transaction,
                    cancellationToken: cancellationToken)) != 1)
                continue;
            await LogAsync(unit, new TaskLogEntry
            {
                TaskId = task.Id, WorkflowId = workflowId, At = at, Action = TaskLogActions.Withdrawn, Actor = actor, Detail = why,
            }, cancellationToken);
            withdrawn.Add(task);
        }
        if (withdrawn.Count > 0)
            unit.AfterCommit(changes.ChangedAnywhere);
        return withdrawn;
    }

    /// <summary>Decides the stage and withdraws its open tasks; returns the withdrawn task ids.</summary>
    public async Task<IReadOnlyList<Guid>> DecideGroupAsync(UnitOfWork unit, Guid groupId, string outcome, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ApprovalStageSql.DecideGroup), new { Id = groupId, Outcome = outcome, At = at },
            unit.Transaction, cancellationToken: cancellationToken));
        var open = (await unit.Connection.QueryAsync<Guid>(new CommandDefinition(unit.Sql(ApprovalStageSql.OpenInGroup), new { GroupId = groupId },
            unit.Transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var id in open)
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ApprovalStageSql.Withdraw), new { Id = id, At = at }, unit.Transaction,
                cancellationToken: cancellationToken));
        if (open.Count > 0)
            // The other votes' holders lost a task.
            unit.AfterCommit(changes.ChangedAnywhere);
        return open;
    }
}
