using Dapper;
using SlaGovernance.Data;

namespace SlaGovernance.Workflows.Tasks;

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
internal static class TaskLogSql
{
    public const string InsertLog = """
        INSERT INTO wf_task_log (id, task_id, workflow_id, at, action, actor, detail)
        VALUES (@Id, @TaskId, @WorkflowId, @At, @Action, @Actor, @Detail)
        """;

    public const string LogOfWorkflow = """
        SELECT id, task_id AS TaskId, workflow_id AS WorkflowId, at, action, actor, detail FROM wf_task_log
        WHERE workflow_id = @WorkflowId ORDER BY at, id
        """;
}

/// <summary>The task log: every move made with a task, read by the instance's journal.</summary>
public sealed partial class TaskStore
{
    public async Task LogAsync(UnitOfWork unit, TaskLogEntry entry, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskLogSql.InsertLog), entry, unit.Transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<TaskLogEntry>> LogOfWorkflowAsync(Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TaskLogEntry>(new CommandDefinition(database.Sql(TaskLogSql.LogOfWorkflow), new { WorkflowId = workflowId },
            cancellationToken: cancellationToken))).ToList();
    }
}
