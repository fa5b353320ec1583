using System.Text.Json;
using Dapper;
using SlaGovernance.Data;

namespace SlaGovernance.Workflows.Tasks;

public static class WorkflowTaskStatus
{
    public const string Open = "Open";
    public const string Completed = "Completed";
}

public sealed class TaskRow
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

    public IReadOnlyList<string> OutcomeList => JsonSerializer.Deserialize<List<string>>(Outcomes) ?? [];
    public IReadOnlyList<string> CommentRequiredList => JsonSerializer.Deserialize<List<string>>(CommentRequiredFor) ?? [];
}

[SqlCatalogue]
internal static class TaskSql
{
    public const string Insert = """
        INSERT INTO wf_tasks (id, workflow_id, pointer_id, definition_id, step_id, subject_type, subject_id, title, assignee_role,
                              assignee_user_id, requested_by, outcomes, comment_required_for, status, due_at, created_at,
                              completed_at, completed_by, outcome, comment)
        VALUES (@Id, @WorkflowId, @PointerId, @DefinitionId, @StepId, @SubjectType, @SubjectId, @Title, @AssigneeRole,
                @AssigneeUserId, @RequestedBy, @Outcomes, @CommentRequiredFor, 'Open', @DueAt, @CreatedAt, NULL, NULL, NULL, NULL)
        """;

    public const string Columns = """
        SELECT id, workflow_id, pointer_id, definition_id, step_id, subject_type, subject_id, title, assignee_role, assignee_user_id,
               requested_by, outcomes, comment_required_for, status, due_at, created_at, completed_at, completed_by, outcome, comment
        FROM wf_tasks
        """;

    public const string ById = Columns + "\nWHERE id = @Id";

    public const string OpenForRole = Columns + "\nWHERE status = 'Open' AND assignee_role = @Role ORDER BY due_at, id {{page}}";

    public const string OpenForUser = Columns + "\nWHERE status = 'Open' AND assignee_user_id = @UserId ORDER BY due_at, id {{page}}";

    public const string Complete = """
        UPDATE wf_tasks SET status = 'Completed', completed_at = @At, completed_by = @By, outcome = @Outcome, comment = @Comment
        WHERE id = @Id AND status = 'Open'
        """;
}

/// <summary>Human tasks: opened once per step execution, listed for the people who may act, completed once.</summary>
public sealed class TaskStore(Database database)
{
    public const int InboxLimit = 200;

    /// <summary>Opens the task unless this step execution already did (a replay after a crash).</summary>
    public async Task OpenAsync(TaskRow task, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(database.Sql(TaskSql.Insert), task, cancellationToken: cancellationToken));
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            // Opened by an earlier attempt of this step.
        }
    }

    public async Task<TaskRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(database.Sql(TaskSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    /// <summary>Open tasks assigned to the person or to any of their roles, soonest due first.</summary>
    public async Task<IReadOnlyList<TaskRow>> InboxAsync(Guid userId, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var tasks = new List<TaskRow>();
        tasks.AddRange(await connection.QueryAsync<TaskRow>(new CommandDefinition(database.Sql(TaskSql.OpenForUser),
            new { UserId = userId, Offset = 0, Limit = InboxLimit }, cancellationToken: cancellationToken)));
        foreach (var role in roles.Distinct(StringComparer.Ordinal))
            tasks.AddRange(await connection.QueryAsync<TaskRow>(new CommandDefinition(database.Sql(TaskSql.OpenForRole),
                new { Role = role, Offset = 0, Limit = InboxLimit }, cancellationToken: cancellationToken)));
        return tasks.DistinctBy(t => t.Id).OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(InboxLimit).ToList();
    }

    /// <summary>Marks the task completed if it is still open; false when someone else completed it first.</summary>
    public async Task<bool> CompleteAsync(UnitOfWork unit, Guid id, string outcome, string? comment, string by, DateTimeOffset at,
        CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(TaskSql.Complete),
            new { Id = id, Outcome = outcome, Comment = comment, By = by, At = at }, unit.Transaction, cancellationToken: cancellationToken)) == 1;
}
