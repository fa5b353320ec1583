using Dapper;
using SlaGovernance.Data;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Operations;

public sealed class InstanceSummaryRow
{
    public Guid Id { get; init; }
    public string DefinitionId { get; init; } = "";
    public int DefinitionVersion { get; init; }
    public int Status { get; init; }
    public string? Reference { get; init; }
    public DateTimeOffset CreateTime { get; init; }
    public DateTimeOffset? CompleteTime { get; init; }
    public long ErrorCount { get; init; }

    public WorkflowStatus WorkflowStatus => (WorkflowStatus)Status;
}

public sealed class ExecutionErrorRow
{
    public DateTimeOffset ErrorTime { get; init; }
    public string? ExecutionPointerId { get; init; }
    public string Message { get; init; } = "";
}

public sealed class DefinitionRow
{
    public string Id { get; init; } = "";
    public int Version { get; init; }
    public string Hash { get; init; } = "";
    public string SourceFile { get; init; } = "";
    public DateTimeOffset LoadedAt { get; init; }
}

public sealed record InstanceQuery(string? DefinitionId, WorkflowStatus? Status, bool FaultedOnly, PageRequest Page);

[SqlCatalogue]
internal static class OperationsSql
{
    private const string Filter = """
        WHERE (@DefinitionId IS NULL OR i.definition_id = @DefinitionId)
          AND (@Status IS NULL OR i.status = @Status)
          AND (@FaultedOnly = @False OR EXISTS (SELECT 1 FROM wf_execution_errors e WHERE e.workflow_id = i.id))
        """;

    public const string Instances = """
        SELECT i.id, i.definition_id, i.definition_version, i.status, i.reference, i.create_time, i.complete_time,
               (SELECT COUNT(*) FROM wf_execution_errors e WHERE e.workflow_id = i.id) AS error_count
        FROM wf_instances i
        """ + "\n" + Filter + "\nORDER BY i.create_time DESC, i.id {{page}}";

    public const string CountInstances = "SELECT COUNT(*) FROM wf_instances i\n" + Filter;

    public const string Errors = """
        SELECT error_time, execution_pointer_id, message FROM wf_execution_errors WHERE workflow_id = @Id ORDER BY error_time DESC
        """;

    public const string Definitions = """
        SELECT id, version, hash, source_file, loaded_at FROM wf_definitions ORDER BY id, version DESC
        """;
}

/// <summary>What an operator needs to see of the engine: definitions loaded, instances, and their errors.</summary>
public sealed class WorkflowOperations(Database database)
{
    public async Task<Page<InstanceSummaryRow>> InstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new
        {
            DefinitionId = string.IsNullOrWhiteSpace(query.DefinitionId) ? null : query.DefinitionId,
            Status = (int?)query.Status,
            query.FaultedOnly,
            False = false,
            query.Page.Offset,
            Limit = query.Page.PageSize,
        };
        var rows = await connection.QueryAsync<InstanceSummaryRow>(new CommandDefinition(database.Sql(OperationsSql.Instances), args,
            cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(OperationsSql.CountInstances), args,
            cancellationToken: cancellationToken));
        return new Page<InstanceSummaryRow>(rows.ToList(), query.Page.Page, query.Page.PageSize, total);
    }

    public async Task<IReadOnlyList<ExecutionErrorRow>> ErrorsAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExecutionErrorRow>(new CommandDefinition(database.Sql(OperationsSql.Errors),
            new { Id = instanceId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<DefinitionRow>> DefinitionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DefinitionRow>(new CommandDefinition(database.Sql(OperationsSql.Definitions),
            cancellationToken: cancellationToken))).ToList();
    }
}
