using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Dialects;
using SlaGovernance.Domain.Audit;
using SlaGovernance.Tests;
using SlaGovernance.Tests.Providers;

namespace SlaGovernance.Data.Tests;

/// <summary>
/// Statements as the database's owner would run them: past the append-only triggers, as one who wants to hide something could.
/// The checkpoints are what must catch such a change.
/// </summary>
internal static class AuditTampering
{
    public static async Task ExecuteAsync(Database database, string sql, object? args = null)
    {
        await using var connection = await database.OpenAsync();
        var (off, on) = database.Dialect.Provider switch
        {
            DatabaseProvider.PostgreSql => (
                "ALTER TABLE audit_log DISABLE TRIGGER tr_audit_log_append_only; ALTER TABLE audit_checkpoints DISABLE TRIGGER tr_audit_checkpoints_append_only;",
                "ALTER TABLE audit_log ENABLE TRIGGER tr_audit_log_append_only; ALTER TABLE audit_checkpoints ENABLE TRIGGER tr_audit_checkpoints_append_only;"),
            DatabaseProvider.SqlServer => (
                "DISABLE TRIGGER tr_audit_log_append_only ON audit_log; DISABLE TRIGGER tr_audit_checkpoints_append_only ON audit_checkpoints;",
                "ENABLE TRIGGER tr_audit_log_append_only ON audit_log; ENABLE TRIGGER tr_audit_checkpoints_append_only ON audit_checkpoints;"),
            _ => ("", ""),
        };
        if (off.Length > 0)
            await connection.ExecuteAsync(off);
        try
        {
            await connection.ExecuteAsync(sql, args);
        }
        finally
        {
            if (on.Length > 0)
                await connection.ExecuteAsync(on);
        }
    }
}

/// <summary>Keeps what was logged, to check that a checkpoint leaves the database as a log line too.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
            Entries.Add((logLevel, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }
}

/// <summary>The audit log held to its keyed checkpoints, and kept append-only by the database, on every provider.</summary>
public abstract class AuditSuite<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ProviderFixture
{
    private const string Key = "a-checkpoint-key-of-at-least-32-characters";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero));
    private readonly RecordingLogger<AuditCheckpoints> _logged = new();

    private Database Db => fixture.Database!;
    private AuditLog Log => new(Db, _time);
    private AuditCheckpoints Checkpoints(string key = Key) => new(Db, Log, new AuditCheckpointSeal(key), _time, _logged);

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var unit = await Db.BeginAsync();
            await Log.AppendAsync(unit, new AuditRecord("ada", "vendor.updated", "Vendor", "v-1", $"change {i}"));
            await unit.CommitAsync();
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [SkippableFact]
    public async Task The_database_refuses_to_update_or_delete_audit_entries()
    {
        Skip.If(Db.Dialect.Provider == DatabaseProvider.Sqlite,
            "SQLite has no users to refuse: whoever holds the file holds everything, so the checkpoints alone protect it.");
        await AppendAsync(2);
        await Checkpoints().VerifyAsync();
        await using var connection = await Db.OpenAsync();
        foreach (var statement in new[]
                 {
                     "UPDATE audit_log SET actor = 'mallory' WHERE sequence = 1",
                     "DELETE FROM audit_log WHERE sequence = 2",
                     "UPDATE audit_checkpoints SET entry_count = 1",
                     "DELETE FROM audit_checkpoints",
                 })
        {
            var refused = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(statement));
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }
        var report = await Checkpoints().VerifyAsync();
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(2, report.EntriesChecked);
    }

    [SkippableFact]
    public async Task Removing_the_newest_entries_is_reported_as_truncation_against_the_checkpoint()
    {
        await AppendAsync(5);
        var first = await Checkpoints().VerifyAsync();
        Assert.True(first.Intact, first.Problem);
        var sealedHead = await Checkpoints().NewestAsync();
        Assert.Equal(5, sealedHead!.EntryCount);

        await AuditTampering.ExecuteAsync(Db, "DELETE FROM audit_log WHERE sequence >= 4");
        Assert.True((await Log.VerifyAsync()).Intact, "The links alone cannot see a cut end: that is why checkpoints exist.");

        var report = await Checkpoints().VerifyAsync();
        Assert.False(report.Intact);
        Assert.Equal(AuditFindings.Truncated, report.Finding);
        Assert.Equal(4, report.FirstBrokenSequence);
        Assert.Contains("sealed 5 entries", report.Problem, StringComparison.Ordinal);
        Assert.Contains("removed", report.Problem, StringComparison.Ordinal);
        Assert.Equal(sealedHead.Id, (await Checkpoints().NewestAsync())!.Id);
    }

    [SkippableFact]
    public async Task An_edit_whose_hashes_were_recomputed_is_reported_as_a_rewrite()
    {
        await AppendAsync(4);
        await Checkpoints().VerifyAsync();

        var entries = (await Log.ListAsync(new PageRequest(1, 10))).Items.OrderBy(e => e.Sequence).ToList();
        var previous = entries[0].Hash;
        foreach (var entry in entries.Skip(1))
        {
            var forged = entry with { Summary = entry.Sequence == 2 ? "nothing happened" : entry.Summary, PreviousHash = previous };
            forged = forged with { Hash = AuditChain.ComputeHash(forged) };
            await AuditTampering.ExecuteAsync(Db, "UPDATE audit_log SET summary = @Summary, previous_hash = @PreviousHash, hash = @Hash WHERE sequence = @Sequence",
                new { forged.Summary, forged.PreviousHash, forged.Hash, forged.Sequence });
            previous = forged.Hash;
        }
        Assert.True((await Log.VerifyAsync()).Intact, "A rewrite with fresh hashes keeps every link.");

        var report = await Checkpoints().VerifyAsync();
        Assert.False(report.Intact);
        Assert.Equal(AuditFindings.Rewritten, report.Finding);
        Assert.Equal(4, report.FirstBrokenSequence);
        Assert.Contains("rewritten", report.Problem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Swapped_entries_are_reported_as_reordered()
    {
        await AppendAsync(4);
        var entries = (await Log.ListAsync(new PageRequest(1, 10))).Items.OrderBy(e => e.Sequence).ToList();
        foreach (var (into, from) in new[] { (entries[1], entries[2]), (entries[2], entries[1]) })
            await AuditTampering.ExecuteAsync(Db, """
                UPDATE audit_log SET occurred_at = @OccurredAt, summary = @Summary, previous_hash = @PreviousHash, hash = @Hash
                WHERE sequence = @Into
                """, new { from.OccurredAt, from.Summary, from.PreviousHash, from.Hash, Into = into.Sequence });

        var report = await Checkpoints().VerifyAsync();
        Assert.False(report.Intact);
        Assert.Equal(AuditFindings.Reordered, report.Finding);
        Assert.Equal(2, report.FirstBrokenSequence);
        Assert.Contains("written as number 3", report.Problem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_log_cut_and_written_on_is_not_sealed_and_is_reported()
    {
        await AppendAsync(3);
        var sealedHead = await Checkpoints().WriteScheduledAsync();
        Assert.Equal(3, sealedHead!.HeadSequence);
        Assert.Null(await Checkpoints().WriteScheduledAsync());

        await AuditTampering.ExecuteAsync(Db, "DELETE FROM audit_log WHERE sequence = 3");
        await AppendAsync(2);

        Assert.Null(await Checkpoints().WriteScheduledAsync());
        Assert.Equal(sealedHead.Id, (await Checkpoints().NewestAsync())!.Id);
        Assert.Contains(_logged.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("rewritten", StringComparison.Ordinal));
        var report = await Checkpoints().VerifyAsync();
        Assert.Equal(AuditFindings.Rewritten, report.Finding);
        Assert.Equal(3, report.FirstBrokenSequence);
    }

    [SkippableFact]
    public async Task Each_checkpoint_is_logged_with_its_count_head_and_seal()
    {
        await AppendAsync(2);
        var checkpoint = await Checkpoints().WriteScheduledAsync();
        await AppendAsync(1);
        var next = await Checkpoints().WriteScheduledAsync();
        Assert.Equal(3, next!.EntryCount);

        var logged = _logged.Entries.Where(e => e.Level == LogLevel.Information).Select(e => e.State.ToDictionary(p => p.Key, p => p.Value)).ToList();
        Assert.Equal(2, logged.Count);
        Assert.Equal(checkpoint!.HeadHash, logged[0]["HeadHash"]);
        Assert.Equal(2L, logged[0]["EntryCount"]);
        Assert.Equal(next.Seal, logged[1]["Seal"]);
        Assert.Equal(AuditCheckpointReasons.Schedule, logged[1]["Reason"]);
    }

    [SkippableFact]
    public async Task A_checkpoint_not_sealed_with_the_key_is_reported_as_forged()
    {
        await AppendAsync(2);
        await Checkpoints().VerifyAsync();
        var genuine = (await Checkpoints().NewestAsync())!;
        await using (var connection = await Db.OpenAsync())
            await connection.ExecuteAsync(Db.Sql("""
                INSERT INTO audit_checkpoints (id, taken_at, entry_count, head_sequence, head_hash, key_id, seal, reason)
                VALUES (@Id, @TakenAt, 9, 9, @HeadHash, @KeyId, @Seal, 'schedule')
                """), new { Id = Guid.NewGuid(), genuine.TakenAt, genuine.HeadHash, genuine.KeyId, genuine.Seal });

        var report = await Checkpoints().VerifyAsync();
        Assert.False(report.Intact);
        Assert.Equal(AuditFindings.ForgedCheckpoint, report.Finding);

        var otherKey = await Checkpoints("another-key-of-at-least-32-characters!!").VerifyAsync();
        Assert.True(otherKey.Intact, "Checkpoints sealed under another key are not this key's to judge.");
    }
}

public sealed class SqliteAuditTests(SqliteFixture fixture) : AuditSuite<SqliteFixture>(fixture);

public sealed class PostgresAuditTests(PostgresFixture fixture) : AuditSuite<PostgresFixture>(fixture);

public sealed class SqlServerAuditTests(SqlServerFixture fixture) : AuditSuite<SqlServerFixture>(fixture);
