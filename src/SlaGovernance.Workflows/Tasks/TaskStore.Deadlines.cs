using Dapper;
using SlaGovernance.Data;

namespace SlaGovernance.Workflows.Tasks;

[SqlCatalogue]
internal static class TaskDeadlineSql
{
    public const string RemindersDue = TaskSql.Columns +
        "\nWHERE status = 'Open' AND next_reminder_at IS NOT NULL AND next_reminder_at <= @Now ORDER BY next_reminder_at, id {{page}}";

    public const string Reminded = """
        UPDATE wf_tasks SET reminders_sent = @Sent, next_reminder_at = @Next
        WHERE id = @Id AND status = 'Open' AND reminders_sent = @Sent - 1
        """;

    public const string EscalationsDue = TaskSql.Columns + """

        WHERE status = 'Open' AND escalated_at IS NULL AND escalate_to_role IS NOT NULL AND due_at <= @Now ORDER BY due_at, id {{page}}
        """;

    public const string PathEscalationsDue = TaskSql.Columns +
        "\nWHERE status = 'Open' AND next_escalation_at IS NOT NULL AND next_escalation_at <= @Now ORDER BY next_escalation_at, id {{page}}";

    public const string ClimbPath = """
        UPDATE wf_tasks SET escalation_level = @Reached, next_escalation_at = @Next
        WHERE id = @Id AND status = 'Open' AND escalation_level = @Level
        """;

    public const string Escalate = """
        UPDATE wf_tasks SET assignee_role = escalate_to_role, assignee_user_id = NULL, escalated_at = @At, next_reminder_at = NULL
        WHERE id = @Id AND status = 'Open' AND escalated_at IS NULL
        """;
}

/// <summary>Due reminders and escalations of overdue tasks, each recorded once under a state guard.</summary>
public sealed partial class TaskStore
{
    public async Task<IReadOnlyList<TaskRow>> RemindersDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TaskRow>(new CommandDefinition(database.Sql(TaskDeadlineSql.RemindersDue),
            new { Now = now, Offset = 0, Limit = SweepBatch }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Records the N-th reminder as sent and schedules the next; false if another node recorded it first.</summary>
    public async Task<bool> MarkRemindedAsync(UnitOfWork unit, TaskRow task, int sent, DateTimeOffset? next, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskDeadlineSql.Reminded), new { task.Id, Sent = sent, Next = next },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<IReadOnlyList<TaskRow>> EscalationsDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TaskRow>(new CommandDefinition(database.Sql(TaskDeadlineSql.EscalationsDue),
            new { Now = now, Offset = 0, Limit = SweepBatch }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<TaskRow>> PathEscalationsDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TaskRow>(new CommandDefinition(database.Sql(TaskDeadlineSql.PathEscalationsDue),
            new { Now = now, Offset = 0, Limit = SweepBatch }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Records the task as having reached level <paramref name="reached"/> of its path; false if another node recorded a level first.</summary>
    public async Task<bool> ClimbPathAsync(UnitOfWork unit, TaskRow task, int reached, DateTimeOffset? next, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskDeadlineSql.ClimbPath),
            new { task.Id, Level = task.EscalationLevel, Reached = reached, Next = next }, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<bool> EscalateAsync(UnitOfWork unit, Guid taskId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskDeadlineSql.Escalate), new { Id = taskId, At = at }, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;
}
