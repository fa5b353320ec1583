using Dapper;
using SlaGovernance.Data;

namespace SlaGovernance.Workflows.Tasks;

[SqlCatalogue]
internal static class TaskAssignmentSql
{
    public const string Assign = """
        UPDATE wf_tasks SET assignee_role = @Role, assignee_user_id = @UserId WHERE id = @Id AND status = 'Open'
        """;

    public const string OpenOfUser = "SELECT id, workflow_id AS WorkflowId FROM wf_tasks WHERE status = 'Open' AND assignee_user_id = @UserId";

    public const string ReturnToRole = "UPDATE wf_tasks SET assignee_user_id = NULL WHERE id = @Id AND status = 'Open'";
}

/// <summary>Who holds a task: reassignment, delegation and the return of a deactivated person's tasks to their roles.</summary>
public sealed partial class TaskStore
{
    public async Task<bool> AssignAsync(UnitOfWork unit, Guid taskId, string? role, Guid? userId, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskAssignmentSql.Assign), new { Id = taskId, Role = role, UserId = userId },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>The open tasks held by a person, returned to their role; for a deactivated account.</summary>
    public async Task<IReadOnlyList<TaskKey>> ReturnToRoleAsync(UnitOfWork unit, Guid userId, CancellationToken cancellationToken)
    {
        var held = (await unit.Connection.QueryAsync<TaskKey>(new CommandDefinition(unit.Sql(TaskAssignmentSql.OpenOfUser), new { UserId = userId },
            unit.Transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var task in held)
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskAssignmentSql.ReturnToRole), new { task.Id }, unit.Transaction,
                cancellationToken: cancellationToken));
        if (held.Count > 0)
            unit.AfterCommit(changes.ChangedAnywhere);
        return held;
    }
}
