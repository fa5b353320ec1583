using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using Npgsql;

namespace SlaGovernance.Data.Dialects;

public sealed class PostgresDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
    public override string MigrationsFolder => "postgres";
    protected override string PageClause => "LIMIT @Limit OFFSET @Offset";

    public override void ValidateConnectionString(string connectionString)
    {
        var builder = (NpgsqlConnectionStringBuilder)ParseConnectionString(new NpgsqlConnectionStringBuilder(), connectionString);
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw new ArgumentException("it names no Host.", nameof(connectionString));
        if (string.IsNullOrWhiteSpace(builder.Database))
            throw new ArgumentException("it names no Database.", nameof(connectionString));
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _pooled = new(StringComparer.Ordinal);

    /// <summary>
    /// Ordinary connections keep no session state (no SET, no temporary tables, locks are per transaction), so they
    /// skip Npgsql's DISCARD ALL on return to the pool: it cost PostgreSQL a statement and a transaction per connection
    /// use, more than half of all statements under load. Surviving the return to the pool, Npgsql's automatic prepared
    /// statements then spare PostgreSQL parsing and planning the same few dozen statements again on every call, which
    /// was most of its CPU time per workflow transition. A connection string that sets Max Auto Prepare keeps its value.
    /// </summary>
    public override DbConnection CreateConnection(string connectionString) =>
        new NpgsqlConnection(_pooled.GetOrAdd(connectionString, cs =>
        {
            var builder = new NpgsqlConnectionStringBuilder(cs) { NoResetOnClose = true };
            if (!HasKeyword(cs, "Max Auto Prepare") && !HasKeyword(cs, "MaxAutoPrepare"))
                builder.MaxAutoPrepare = 100;
            return builder.ConnectionString;
        }));

    private static bool HasKeyword(string connectionString, string keyword) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey(keyword);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _sessions = new(StringComparer.Ordinal);

    /// <summary>
    /// Session-lock connections have a pool of their own (told apart by their application name) and skip DISCARD ALL too:
    /// a lock is released by its own statement, and whenever that release, or the taking, fails, the lock provider ends
    /// the session (<see cref="EndSession"/>), so no lock outlives its holder in a pooled session. DISCARD ALL was a third
    /// of the statements the engine spent per workflow pass on locking.
    /// </summary>
    public override DbConnection CreateSessionConnection(string connectionString) =>
        new NpgsqlConnection(_sessions.GetOrAdd(connectionString, cs =>
        {
            var builder = new NpgsqlConnectionStringBuilder(cs) { NoResetOnClose = true };
            builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? "SlaGovernance locks" : builder.ApplicationName + " (locks)";
            if (!HasKeyword(cs, "Max Auto Prepare") && !HasKeyword(cs, "MaxAutoPrepare"))
                builder.MaxAutoPrepare = 10;
            return builder.ConnectionString;
        }));

    /// <summary>Npgsql resets a pooled session only when it is next used, so a failed release ends the session instead.</summary>
    public override void EndSession(DbConnection connection) => NpgsqlConnection.ClearPool((NpgsqlConnection)connection);

    public override async Task AcquireTransactionLockAsync(DbTransaction transaction, string resource, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(@key)";
        command.Parameters.Add(new NpgsqlParameter("key", LockKey(resource)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <remarks>
    /// Two statements in one message: in READ COMMITTED each takes its own snapshot when it starts, so the read runs once
    /// the lock is granted and sees every commit before it.
    /// </remarks>
    public override async Task<T?> AcquireTransactionLockThenReadAsync<T>(DbTransaction transaction, string resource, string query, object parameters,
        CancellationToken cancellationToken) where T : default
    {
        var arguments = new DynamicParameters(parameters);
        arguments.Add("LockKey", LockKey(resource));
        await using var results = await transaction.Connection!.QueryMultipleAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@LockKey);\n" + query, arguments, transaction, cancellationToken: cancellationToken));
        await results.ReadAsync();
        return await results.ReadSingleOrDefaultAsync<T>();
    }

    public override string TryAcquireSessionLockSql => "SELECT CASE WHEN pg_try_advisory_lock(@Key) THEN 1 ELSE 0 END";
    public override string ReleaseSessionLockSql => "SELECT pg_advisory_unlock(@Key)";

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override async Task PrepareDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database!;
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another process created it first.
            }
        }
    }

    public override UpgradeEngineBuilder Migrations(string connectionString) =>
        DeployChanges.To.PostgresqlDatabase(connectionString).JournalToPostgresqlTable("public", MigrationJournalTable);

    public override RawData.IBulkWriter CreateBulkWriter(DbTransaction transaction) =>
        new RawData.PostgresBulkWriter((NpgsqlConnection)transaction.Connection!);
}
