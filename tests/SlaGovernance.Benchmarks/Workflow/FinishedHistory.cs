using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using SlaGovernance.Data;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Benchmarks.Workflow;

/// <summary>
/// Fills the workflow tables with finished approvals, as if years of them had run: each is a copy of one instance
/// the engine really finished (its row, its completed tasks, its processed completion events), under new ids and
/// spread one second apart back in time. Written straight into the tables because running them would take hours.
/// </summary>
public static class FinishedHistory
{
    public static async Task<long> CountFinishedAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM wf_instances WHERE status = 2");
    }

    /// <summary>Adds finished instances until there are <paramref name="total"/>; the template is a finished instance.</summary>
    public static async Task TopUpAsync(Database database, Guid template, int total)
    {
        var missing = total - (int)await CountFinishedAsync(database);
        if (missing <= 0)
            return;
        var clock = Stopwatch.StartNew();
        if (database.Dialect.Provider == DatabaseProvider.PostgreSql)
            await CopyOnServerAsync(database, template, missing);
        else
            await CopyThroughClientAsync(database, template, missing);
        Console.WriteLine($"    (stored {missing:N0} finished instances in {clock.Elapsed.TotalSeconds:F1} s)");
    }

    private static async Task CopyOnServerAsync(Database database, Guid template, int count)
    {
        await using var unit = await database.BeginAsync();
        await unit.Connection.ExecuteAsync("""
            CREATE TEMP TABLE bench_history ON COMMIT DROP AS
            SELECT gen_random_uuid() AS id, n, (SELECT COUNT(*) FROM wf_instances) + n AS age FROM generate_series(1, @Count) n;

            CREATE TEMP TABLE bench_history_tasks ON COMMIT DROP AS
            SELECT gen_random_uuid() AS id, h.id AS workflow_id, h.n, h.age, t.id AS template_id
            FROM bench_history h CROSS JOIN wf_tasks t WHERE t.workflow_id = @Template;

            CREATE TEMP TABLE bench_template_events ON COMMIT DROP AS
            SELECT t.id AS template_id, e.event_name, e.event_data, e.event_time, e.is_processed
            FROM wf_tasks t JOIN wf_events e ON e.event_name = @Completed AND e.event_key = t.id::text WHERE t.workflow_id = @Template;

            ANALYZE bench_history; ANALYZE bench_history_tasks; ANALYZE bench_template_events;

            INSERT INTO wf_instances (id, definition_id, definition_version, description, reference, status, data, pointers,
                                      next_execution, create_time, complete_time, row_version)
            SELECT h.id, t.definition_id, t.definition_version, t.description, t.reference, t.status, t.data, t.pointers,
                   t.next_execution, t.create_time - h.age * interval '1 second', t.complete_time - h.age * interval '1 second', t.row_version
            FROM bench_history h CROSS JOIN wf_instances t WHERE t.id = @Template;

            INSERT INTO wf_tasks (id, workflow_id, pointer_id, definition_id, step_id, subject_type, subject_id, title, assignee_role,
                                  assignee_user_id, requested_by, outcomes, comment_required_for, status, due_at, created_at,
                                  completed_at, completed_by, outcome, comment)
            SELECT c.id, c.workflow_id, t.pointer_id, t.definition_id, t.step_id, t.subject_type, 'history-' || c.n, t.title, t.assignee_role,
                   t.assignee_user_id, t.requested_by, t.outcomes, t.comment_required_for, t.status, t.due_at - c.age * interval '1 second',
                   t.created_at - c.age * interval '1 second', t.completed_at - c.age * interval '1 second', t.completed_by, t.outcome, t.comment
            FROM bench_history_tasks c JOIN wf_tasks t ON t.id = c.template_id;

            INSERT INTO wf_events (id, event_name, event_key, event_data, event_time, is_processed)
            SELECT gen_random_uuid(), e.event_name, c.id::text, e.event_data, e.event_time - c.age * interval '1 second', e.is_processed
            FROM bench_history_tasks c JOIN bench_template_events e ON e.template_id = c.template_id;
            """, new { Count = count, Template = template, Completed = TaskEvents.Completed }, unit.Transaction, commandTimeout: 600);
        await unit.CommitAsync();
    }

    /// <summary>
    /// SQLite: prepared inserts binding values as the application's Dapper handlers do, a few thousand instances per
    /// transaction, so the running engine is not shut out of the database while the history is written.
    /// </summary>
    private static async Task CopyThroughClientAsync(Database database, Guid template, int count)
    {
        InstanceRow instance;
        List<TaskCopy> tasks;
        ILookup<string, EventRow> events;
        long existing;
        await using (var reader = await database.OpenAsync())
        {
            instance = await reader.QuerySingleAsync<InstanceRow>("SELECT * FROM wf_instances WHERE id = @Template", new { Template = template });
            tasks = (await reader.QueryAsync<TaskCopy>("SELECT * FROM wf_tasks WHERE workflow_id = @Template", new { Template = template })).ToList();
            events = (await reader.QueryAsync<EventRow>("SELECT * FROM wf_events WHERE event_name = @Completed", new { Completed = TaskEvents.Completed }))
                .ToLookup(e => e.EventKey, StringComparer.OrdinalIgnoreCase);
            existing = await reader.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM wf_instances");
        }
        // A connection of its own, outside the pool and the commit count, with a cache that holds the indexes being filled.
        await using var connection = database.Dialect.CreateConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA cache_size = -262144");
        const int batch = 20_000;
        for (var first = 1; first <= count; first += batch)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var insertInstance = Prepare(transaction, """
                INSERT INTO wf_instances (id, definition_id, definition_version, description, reference, status, data, pointers,
                                          next_execution, create_time, complete_time, row_version)
                VALUES (@Id, @DefinitionId, @DefinitionVersion, @Description, @Reference, @Status, @Data, @Pointers,
                        @NextExecution, @CreateTime, @CompleteTime, @RowVersion)
                """);
            var insertTask = Prepare(transaction, """
                INSERT INTO wf_tasks (id, workflow_id, pointer_id, definition_id, step_id, subject_type, subject_id, title, assignee_role,
                                      assignee_user_id, requested_by, outcomes, comment_required_for, status, due_at, created_at,
                                      completed_at, completed_by, outcome, comment)
                VALUES (@Id, @WorkflowId, @PointerId, @DefinitionId, @StepId, @SubjectType, @SubjectId, @Title, @AssigneeRole,
                        @AssigneeUserId, @RequestedBy, @Outcomes, @CommentRequiredFor, @Status, @DueAt, @CreatedAt,
                        @CompletedAt, @CompletedBy, @Outcome, @Comment)
                """);
            var insertEvent = Prepare(transaction, """
                INSERT INTO wf_events (id, event_name, event_key, event_data, event_time, is_processed)
                VALUES (@Id, @EventName, @EventKey, @EventData, @EventTime, @IsProcessed)
                """);
            for (var n = first; n < first + batch && n <= count; n++)
            {
                var id = Guid.NewGuid();
                var age = TimeSpan.FromSeconds(existing + n);
                await Run(insertInstance, instance with { Id = id, CreateTime = instance.CreateTime - age, CompleteTime = instance.CompleteTime - age });
                foreach (var task in tasks)
                {
                    var taskId = Guid.NewGuid();
                    await Run(insertTask, task with
                    {
                        Id = taskId, WorkflowId = id, SubjectId = $"history-{n}", DueAt = task.DueAt - age, CreatedAt = task.CreatedAt - age,
                        CompletedAt = task.CompletedAt - age,
                    });
                    foreach (var completion in events[task.Id.ToString()])
                        await Run(insertEvent, completion with { Id = Guid.NewGuid(), EventKey = taskId.ToString(), EventTime = completion.EventTime - age });
                }
            }
            await transaction.CommitAsync();
        }
    }

    private static DbCommand Prepare(DbTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, System.Reflection.PropertyInfo[]> Properties = new();

    /// <summary>Binds a row's properties to the statement's parameters, Guids and times as the application's type handlers do.</summary>
    private static Task<int> Run(DbCommand command, object row)
    {
        var properties = Properties.GetOrAdd(row.GetType(), type => type.GetProperties().Where(p => p.Name != "EqualityContract").ToArray());
        if (command.Parameters.Count == 0)
        {
            foreach (var property in properties)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + property.Name;
                command.Parameters.Add(parameter);
            }
            command.Prepare();
        }
        foreach (var property in properties)
        {
            var parameter = command.Parameters["@" + property.Name];
            switch (property.GetValue(row))
            {
                case Guid guid:
                    parameter.DbType = DbType.Guid;
                    parameter.Value = guid;
                    break;
                case DateTimeOffset time:
                    parameter.DbType = DbType.DateTimeOffset;
                    parameter.Value = time.ToUniversalTime();
                    break;
                case var value:
                    parameter.ResetDbType();
                    parameter.Value = value ?? DBNull.Value;
                    break;
            }
        }
        return command.ExecuteNonQueryAsync();
    }

    // Records with init properties, so Dapper fills them through its type handlers and copies are made with "with".
    private sealed record InstanceRow
    {
        public Guid Id { get; init; }
        public string DefinitionId { get; init; } = "";
        public int DefinitionVersion { get; init; }
        public string? Description { get; init; }
        public string? Reference { get; init; }
        public int Status { get; init; }
        public string? Data { get; init; }
        public string Pointers { get; init; } = "";
        public long? NextExecution { get; init; }
        public DateTimeOffset CreateTime { get; init; }
        public DateTimeOffset? CompleteTime { get; init; }
        public int RowVersion { get; init; }
    }

    private sealed record TaskCopy
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
        public string Outcomes { get; init; } = "";
        public string CommentRequiredFor { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTimeOffset DueAt { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? CompletedAt { get; init; }
        public string? CompletedBy { get; init; }
        public string? Outcome { get; init; }
        public string? Comment { get; init; }
    }

    private sealed record EventRow
    {
        public Guid Id { get; init; }
        public string EventName { get; init; } = "";
        public string EventKey { get; init; } = "";
        public string? EventData { get; init; }
        public DateTimeOffset EventTime { get; init; }
        public bool IsProcessed { get; init; }
    }
}
