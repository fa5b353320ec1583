using Dapper;
using SlaGovernance.Domain.Audit;

namespace SlaGovernance.Data.Audit;

/// <summary>What a state change records: who, what, and a summary of before and after.</summary>
public sealed record AuditRecord(
    string Actor,
    string Action,
    string EntityType,
    string? EntityId,
    string? Summary,
    string? Before = null,
    string? After = null);

[SqlCatalogue]
internal static class AuditSql
{
    public const string Last = """
        SELECT sequence, hash FROM audit_log ORDER BY sequence DESC {{page}}
        """;

    public const string Insert = """
        INSERT INTO audit_log (sequence, occurred_at, actor, action, entity_type, entity_id, summary, before_state, after_state, previous_hash, hash)
        VALUES (@Sequence, @OccurredAt, @Actor, @Action, @EntityType, @EntityId, @Summary, @Before, @After, @PreviousHash, @Hash)
        """;

    public const string Columns = """
        SELECT sequence, occurred_at, actor, action, entity_type, entity_id, summary, before_state AS before, after_state AS after, previous_hash, hash
        FROM audit_log
        """;

    public const string Page = Columns + """

        WHERE (@EntityType IS NULL OR entity_type = @EntityType) AND (@EntityId IS NULL OR entity_id = @EntityId)
        ORDER BY sequence DESC {{page}}
        """;

    public const string Count = """
        SELECT COUNT(*) FROM audit_log
        WHERE (@EntityType IS NULL OR entity_type = @EntityType) AND (@EntityId IS NULL OR entity_id = @EntityId)
        """;

    public const string All = Columns + """

        ORDER BY sequence
        """;
}

/// <summary>The append-only, hash-chained audit log. Entries are written in the same transaction as the change they record.</summary>
public sealed class AuditLog(Database database, TimeProvider time)
{
    private const string ChainLock = "slagov:audit-chain";

    public async Task<AuditEntry> AppendAsync(UnitOfWork unit, AuditRecord record, CancellationToken cancellationToken = default)
    {
        // The chain's head is read once the lock is held, in the same round trip: the lock is held until commit, so every
        // round trip inside it is one more that every other writer of the chain waits for.
        var last = await unit.Database.Dialect.AcquireTransactionLockThenReadAsync<ChainHead>(unit.Transaction, ChainLock, unit.Sql(AuditSql.Last),
            new { Offset = 0, Limit = 1 }, cancellationToken);
        var sequence = (last?.Sequence ?? 0) + 1;
        var previousHash = last?.Hash.Trim() ?? AuditChain.GenesisHash;
        var occurredAt = AuditChain.Normalize(time.GetUtcNow());
        var hash = AuditChain.ComputeHash(previousHash, sequence, occurredAt, record.Actor, record.Action, record.EntityType,
            record.EntityId, record.Summary, record.Before, record.After);
        var entry = new AuditEntry(sequence, occurredAt, record.Actor, record.Action, record.EntityType, record.EntityId,
            record.Summary, record.Before, record.After, previousHash, hash);
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AuditSql.Insert), entry, unit.Transaction,
            cancellationToken: cancellationToken));
        return entry;
    }

    public async Task<Page<AuditEntry>> ListAsync(PageRequest page, string? entityType = null, string? entityId = null,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new { EntityType = entityType, EntityId = entityId, page.Offset, Limit = page.PageSize };
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(database.Sql(AuditSql.Page), args,
            cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(AuditSql.Count), args,
            cancellationToken: cancellationToken));
        return new Page<AuditEntry>(rows.Select(r => r.ToEntry()).ToList(), page.Page, page.PageSize, total);
    }

    /// <summary>
    /// Streams the whole chain in order and reports the first broken link. The links alone: <see cref="AuditCheckpoints"/> also
    /// holds the log to its sealed checkpoints.
    /// </summary>
    public async Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var verifier = new AuditChainVerifier();
        await foreach (var entry in StreamAsync(connection, AuditSql.All, null, cancellationToken))
        {
            if (!verifier.Accept(entry))
                break;
        }
        return verifier.Finish();
    }

    /// <summary>Entries one at a time, in the order the statement gives them.</summary>
    internal async IAsyncEnumerable<AuditEntry> StreamAsync(System.Data.Common.DbConnection connection, string sql, object? args,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in connection.QueryUnbufferedAsync<AuditRow>(database.Sql(sql), args).WithCancellation(cancellationToken))
            yield return row.ToEntry();
    }

    private sealed class ChainHead
    {
        public long Sequence { get; init; }
        public string Hash { get; init; } = "";
    }
}
