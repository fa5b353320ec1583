using Dapper;

namespace SlaGovernance.Data.Agreements;

public sealed record ContractTemplateRow
{
    public Guid Id { get; init; }
    public string FileName { get; init; } = "";
    public byte[] Content { get; init; } = [];
    public string Sha256 { get; init; } = "";
    public int SizeBytes { get; init; }
    public string UploadedBy { get; init; } = "";
    public DateTimeOffset UploadedAt { get; init; }
}

[SqlCatalogue]
internal static class ContractTemplateSql
{
    public const string Insert = """
        INSERT INTO contract_templates (id, file_name, content, sha256, size_bytes, uploaded_by, uploaded_at)
        VALUES (@Id, @FileName, @Content, @Sha256, @SizeBytes, @UploadedBy, @UploadedAt)
        """;

    public const string Current = """
        SELECT id, file_name, content, sha256, size_bytes, uploaded_by, uploaded_at
        FROM contract_templates WHERE removed_at IS NULL ORDER BY uploaded_at DESC, id {{page}}
        """;

    public const string RemoveAll = """
        UPDATE contract_templates SET removed_by = @By, removed_at = @At WHERE removed_at IS NULL
        """;
}

/// <summary>The organisation's contract templates: each upload is kept; the newest not removed is the one in use.</summary>
public sealed class ContractTemplateStore(Database database)
{
    public async Task<ContractTemplateRow?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ContractTemplateRow>(new CommandDefinition(database.Sql(ContractTemplateSql.Current),
            new { Offset = 0, Limit = 1 }, cancellationToken: cancellationToken));
    }

    public Task InsertAsync(UnitOfWork unit, ContractTemplateRow row, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ContractTemplateSql.Insert), row, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Stops using any template; returns how many were in use.</summary>
    public Task<int> RemoveAllAsync(UnitOfWork unit, string by, DateTimeOffset at, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ContractTemplateSql.RemoveAll), new { By = by, At = at }, unit.Transaction,
            cancellationToken: cancellationToken));
}
