using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using DbUp.Builder;
using Microsoft.Data.Sqlite;
using Npgsql;
using SlaGovernance.Data;
using SlaGovernance.Data.Dialects;

namespace SlaGovernance.Benchmarks.Workflow;

/// <summary>Counts a database's commits between two readings.</summary>
public interface ICommitCounter
{
    /// <summary>What is counted, printed beside the figure.</summary>
    string Meaning { get; }

    Task<CommitReading> ReadAsync();
}

/// <param name="Commits">Every committed transaction the counter sees.</param>
/// <param name="Writing">Transactions that wrote, where the database can tell them apart.</param>
/// <param name="Statements">Statements the server executed for the database, where it counts them.</param>
/// <param name="ServerCpu">CPU time of the database server's processes, where the server runs on this machine.</param>
/// <param name="FullPageImages">
/// Whole pages the server wrote to its log because they changed for the first time since the last checkpoint, where it
/// counts them (PostgreSQL 14 and later, pg_stat_wal.wal_fpi, the whole cluster).
/// </param>
public readonly record struct CommitReading(long Commits, long? Writing, long? Statements = null, TimeSpan? ServerCpu = null,
    long? FullPageImages = null)
{
    public static CommitReading operator -(CommitReading after, CommitReading before) =>
        new(after.Commits - before.Commits, after.Writing - before.Writing, after.Statements - before.Statements, after.ServerCpu - before.ServerCpu,
            after.FullPageImages - before.FullPageImages);
}

/// <summary>
/// SQLite has no commit statistics, so every connection the application opens gets sqlite3_commit_hook, which SQLite
/// calls once per committing write transaction (explicit or autocommit); read-only statements never call it.
/// </summary>
public sealed class SqliteCommitCounter : ISqlDialect, ICommitCounter
{
    private readonly ISqlDialect _inner = SqlDialect.For(DatabaseProvider.Sqlite);
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _hooked = new();
    private long _commits;

    public string Meaning => "write commits counted by sqlite3_commit_hook on every connection the app opens";

    public Task<CommitReading> ReadAsync()
    {
        var commits = Interlocked.Read(ref _commits);
        return Task.FromResult(new CommitReading(commits, commits));
    }

    public DbConnection CreateConnection(string connectionString)
    {
        var connection = (SqliteConnection)_inner.CreateConnection(connectionString);
        connection.StateChange += Hook;
        return connection;
    }

    private void Hook(object sender, StateChangeEventArgs change)
    {
        // Pooled connections keep their native handle, and the hook with it; hook each handle once.
        if (change.CurrentState != ConnectionState.Open || ((SqliteConnection)sender).Handle is not { } handle)
            return;
        _hooked.GetValue(handle, h =>
        {
            SQLitePCL.raw.sqlite3_commit_hook(h, _ =>
            {
                Interlocked.Increment(ref _commits);
                return 0;
            }, null);
            return new object();
        });
    }

    public DatabaseProvider Provider => _inner.Provider;
    public string MigrationsFolder => _inner.MigrationsFolder;
    public void ValidateConnectionString(string connectionString) => _inner.ValidateConnectionString(connectionString);
    public string Render(string template) => _inner.Render(template);
    public Task AcquireTransactionLockAsync(DbTransaction transaction, string resource, CancellationToken cancellationToken) =>
        _inner.AcquireTransactionLockAsync(transaction, resource, cancellationToken);
    public Task<T?> AcquireTransactionLockThenReadAsync<T>(DbTransaction transaction, string resource, string query, object parameters,
        CancellationToken cancellationToken) => _inner.AcquireTransactionLockThenReadAsync<T>(transaction, resource, query, parameters, cancellationToken);
    public string? TryAcquireSessionLockSql => _inner.TryAcquireSessionLockSql;
    public string? ReleaseSessionLockSql => _inner.ReleaseSessionLockSql;
    public bool IsUniqueViolation(DbException exception) => _inner.IsUniqueViolation(exception);
    public SlaGovernance.Data.RawData.IBulkWriter CreateBulkWriter(DbTransaction transaction) => _inner.CreateBulkWriter(transaction);
    public Task PrepareDatabaseAsync(string connectionString, CancellationToken cancellationToken) =>
        _inner.PrepareDatabaseAsync(connectionString, cancellationToken);
    public UpgradeEngineBuilder Migrations(string connectionString) => _inner.Migrations(connectionString);
}

/// <summary>
/// PostgreSQL: xact_commit of the benchmark database (every commit, read-only ones included) and transaction ids
/// assigned across the cluster (only writing transactions take one; this cluster serves nothing else). Where the server
/// loads pg_stat_statements, also the statements executed in the database; where it runs on this machine, the CPU time
/// of the postmaster and its children from /proc (children that exited are in the postmaster's cutime and cstime).
/// </summary>
public sealed class PostgresCommitCounter(string connectionString) : ICommitCounter
{
    public string Meaning => "pg_stat_database.xact_commit (all, incl. read-only) / transaction ids assigned (writing)";

    public async Task<CommitReading> ReadAsync()
    {
        // A backend reports its counts when it goes idle, at most once a second, or when it exits; closing the pooled
        // sessions makes xact_commit complete.
        NpgsqlConnection.ClearAllPools();
        await Task.Delay(300);
        var direct = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(direct);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT pg_stat_force_next_flush();
            SELECT xact_commit, pg_snapshot_xmax(pg_current_snapshot())::text::bigint, pg_backend_pid(),
                   current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'
            FROM pg_stat_database WHERE datname = current_database()
            """, connection);
        long commits, writing;
        int backend;
        bool statementsLoaded;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.NextResultAsync();
            await reader.ReadAsync();
            (commits, writing, backend, statementsLoaded) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetBoolean(3));
        }
        return new CommitReading(commits, writing, statementsLoaded ? await StatementsAsync(connection) : null, ServerCpu(backend),
            await FullPageImagesAsync(connection));
    }

    private static async Task<long?> FullPageImagesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT wal_fpi FROM pg_stat_wal", connection);
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Before PostgreSQL 14.
            return null;
        }
    }

    private static async Task<long> StatementsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
            SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static TimeSpan? ServerCpu(int backend)
    {
        if (ProcStat(backend) is not { } ours)
            return null;
        var postmaster = ours.ParentId;
        if (ProcStat(postmaster) is not { } server)
            return null;
        var ticks = server.OwnTicks + server.ChildrenTicks;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(folder), out var pid) && ProcStat(pid) is { } process && process.ParentId == postmaster)
                ticks += process.OwnTicks;
        // USER_HZ, 100 on Linux.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static (int ParentId, long OwnTicks, long ChildrenTicks)? ProcStat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the parenthesised command name: state ppid ... utime(14) stime(15) cutime(16) cstime(17).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture), long.Parse(fields[13], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[14], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
