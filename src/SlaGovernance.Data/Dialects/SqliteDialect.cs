using System.Collections.Concurrent;
using System.Data.Common;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.Sqlite;

namespace SlaGovernance.Data.Dialects;

public sealed class SqliteDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override string MigrationsFolder => "sqlite";
    protected override string PageClause => "LIMIT @Limit OFFSET @Offset";

    public override void ValidateConnectionString(string connectionString)
    {
        var builder = (SqliteConnectionStringBuilder)ParseConnectionString(new SqliteConnectionStringBuilder(), connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            throw new ArgumentException("it names no 'Data Source' file.", nameof(connectionString));
    }

    public override DbConnection CreateConnection(string connectionString)
    {
        var connection = new SqliteConnection(WithDefaults(connectionString));
        connection.StateChange += WaitInSqliteWhenBusy;
        return connection;
    }

    /// <summary>How long SQLite itself waits for another writer before answering "busy".</summary>
    public const int BusyTimeoutMilliseconds = 5_000;

    /// <remarks>
    /// Microsoft.Data.Sqlite retries a busy database by sleeping 150 ms at a time, so one writer waiting for another
    /// (the engine, a task completion and the outbox write at once) paid 150 to 300 ms per step: 13 transitions/s in the
    /// workflow benchmark. SQLite's own busy handler, turned on here for the connection, retries after 1, 2,
    /// 5, 10 ms and on, so a writer goes as soon as the one before it commits. It is set on every open, since a pooled
    /// connection cannot tell whether it already has it, straight on the native handle (what PRAGMA busy_timeout does)
    /// rather than by compiling and running a statement each time.
    /// </remarks>
    private static void WaitInSqliteWhenBusy(object sender, System.Data.StateChangeEventArgs change)
    {
        if (change.CurrentState == System.Data.ConnectionState.Open)
            SQLitePCL.raw.sqlite3_busy_timeout(((SqliteConnection)sender).Handle, BusyTimeoutMilliseconds);
    }

    // SQLite serialises writers itself; a write transaction (BEGIN IMMEDIATE) already excludes every other writer.
    public override Task AcquireTransactionLockAsync(DbTransaction transaction, string resource, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    public override async Task PrepareDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        await using var connection = CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // WAL lets readers proceed while one writer commits.
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override UpgradeEngineBuilder Migrations(string connectionString) =>
        DeployChanges.To.SqliteDatabase(WithDefaults(connectionString)).JournalToSqliteTable(MigrationJournalTable);

    private readonly ConcurrentDictionary<string, string> _withDefaults = new(StringComparer.Ordinal);

    private string WithDefaults(string connectionString) =>
        _withDefaults.GetOrAdd(connectionString, cs => new SqliteConnectionStringBuilder(cs) { ForeignKeys = true }.ToString());

    public override RawData.IBulkWriter CreateBulkWriter(DbTransaction transaction) =>
        new RawData.SqliteBulkWriter((SqliteConnection)transaction.Connection!, (SqliteTransaction)transaction);
}
