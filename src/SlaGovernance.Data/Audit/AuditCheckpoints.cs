using Dapper;
using Microsoft.Extensions.Logging;
using SlaGovernance.Domain.Audit;

namespace SlaGovernance.Data.Audit;

[SqlCatalogue]
internal static class AuditCheckpointSql
{
    public const string Insert = """
        INSERT INTO audit_checkpoints (id, taken_at, entry_count, head_sequence, head_hash, key_id, seal, reason)
        VALUES (@Id, @TakenAt, @EntryCount, @HeadSequence, @HeadHash, @KeyId, @Seal, @Reason)
        """;

    public const string Newest = """
        SELECT id, taken_at, entry_count, head_sequence, head_hash, key_id, seal, reason
        FROM audit_checkpoints WHERE key_id = @KeyId
        ORDER BY head_sequence DESC, taken_at DESC {{page}}
        """;

    public const string EntriesFrom = AuditSql.Columns + """

        WHERE sequence >= @From
        ORDER BY sequence
        """;
}

/// <summary>Why a checkpoint was written.</summary>
public static class AuditCheckpointReasons
{
    public const string Schedule = "schedule";
    public const string Verify = "verify";
}

/// <summary>
/// Seals the audit log's head with a keyed checkpoint and holds the log to the newest one: a verification reports entries
/// removed from the end, and edits whose hashes were recomputed, which the chain alone cannot show. A checkpoint is written
/// only over a log that holds to the one before it, so a damaged log is never sealed; each is also logged, so a copy lives
/// outside the database (and reaches OTLP when it is configured).
/// </summary>
public sealed class AuditCheckpoints(Database database, AuditLog log, AuditCheckpointSeal seal, TimeProvider time, ILogger<AuditCheckpoints> logger)
{
    /// <summary>Streams the whole chain, compares it with the newest checkpoint and, when everything holds, seals the head.</summary>
    public async Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var newest = await NewestAsync(cancellationToken);
        if (newest is not null && !seal.IsGenuine(newest))
            return Forged(newest);
        var (report, head) = await CheckAsync(new AuditChainVerifier(newest), AuditSql.All, null, cancellationToken);
        if (!report.Intact)
        {
            LogDamage(report);
            return report;
        }
        if (head is not null)
            await WriteAsync(report.EntriesChecked, head, AuditCheckpointReasons.Verify, cancellationToken);
        return report;
    }

    /// <summary>
    /// Checks the entries written since the newest checkpoint and seals the new head; returns null when nothing was written
    /// since, or when the log does not hold (which is logged as an error with what was found).
    /// </summary>
    public async Task<AuditCheckpoint?> WriteScheduledAsync(CancellationToken cancellationToken = default)
    {
        var newest = await NewestAsync(cancellationToken);
        if (newest is not null && !seal.IsGenuine(newest))
        {
            LogDamage(Forged(newest));
            return null;
        }
        var (report, head) = newest is null
            ? await CheckAsync(new AuditChainVerifier(null, resumeAtCheckpoint: true), AuditSql.All, null, cancellationToken)
            : await CheckAsync(new AuditChainVerifier(newest, resumeAtCheckpoint: true), AuditCheckpointSql.EntriesFrom, new { From = newest.HeadSequence },
                cancellationToken);
        if (!report.Intact)
        {
            LogDamage(report);
            return null;
        }
        if (head is null || head.Sequence == newest?.HeadSequence)
            return null;
        return await WriteAsync(report.EntriesChecked, head, AuditCheckpointReasons.Schedule, cancellationToken);
    }

    public async Task<AuditCheckpoint?> NewestAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CheckpointRow>(new CommandDefinition(database.Sql(AuditCheckpointSql.Newest),
            new { seal.KeyId, Offset = 0, Limit = 1 }, cancellationToken: cancellationToken));
        return row?.ToCheckpoint();
    }

    private async Task<AuditCheckpoint> WriteAsync(long entryCount, AuditEntry head, string reason, CancellationToken cancellationToken)
    {
        var checkpoint = seal.Create(Guid.CreateVersion7(), time.GetUtcNow(), entryCount, head.Sequence, head.Hash, reason);
        await using (var connection = await database.OpenAsync(cancellationToken))
            await connection.ExecuteAsync(new CommandDefinition(database.Sql(AuditCheckpointSql.Insert), checkpoint, cancellationToken: cancellationToken));
        logger.LogInformation(
            "Audit checkpoint {CheckpointId} ({Reason}) at {TakenAt:O}: {EntryCount} entries up to entry {HeadSequence} with hash {HeadHash}, seal {Seal} under key {KeyId}",
            checkpoint.Id, checkpoint.Reason, checkpoint.TakenAt, checkpoint.EntryCount, checkpoint.HeadSequence, checkpoint.HeadHash,
            checkpoint.Seal, checkpoint.KeyId);
        return checkpoint;
    }

    /// <summary>Streams the entries <paramref name="sql"/> selects through the verifier; its report and the last entry that held.</summary>
    private async Task<(AuditChainReport Report, AuditEntry? Head)> CheckAsync(AuditChainVerifier verifier, string sql, object? args,
        CancellationToken cancellationToken)
    {
        AuditEntry? head = null;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await foreach (var entry in log.StreamAsync(connection, sql, args, cancellationToken))
            {
                if (!verifier.Accept(entry))
                    break;
                head = entry;
            }
        }
        return (verifier.Finish(), head);
    }

    private static AuditChainReport Forged(AuditCheckpoint checkpoint) =>
        new(false, 0, checkpoint.HeadSequence,
            $"The newest checkpoint (taken {checkpoint.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {checkpoint.EntryCount} entries) does not carry a valid " +
            "seal: it was not written by this system under its key, or was changed since.",
            AuditFindings.ForgedCheckpoint, checkpoint);

    private void LogDamage(AuditChainReport report) =>
        logger.LogError("The audit log does not hold ({Finding}) at entry {Sequence}: {Problem}", report.Finding, report.FirstBrokenSequence, report.Problem);

    private sealed class CheckpointRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset TakenAt { get; init; }
        public long EntryCount { get; init; }
        public long HeadSequence { get; init; }
        public string HeadHash { get; init; } = "";
        public string KeyId { get; init; } = "";
        public string Seal { get; init; } = "";
        public string Reason { get; init; } = "";

        // CHAR(64) columns may come back padded on some providers.
        public AuditCheckpoint ToCheckpoint() => new(Id, TakenAt, EntryCount, HeadSequence, HeadHash.Trim(), KeyId.Trim(), Seal.Trim(), Reason);
    }
}
