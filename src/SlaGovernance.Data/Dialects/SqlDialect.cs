using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using DbUp.Builder;

namespace SlaGovernance.Data.Dialects;

/// <summary>Shared rendering with a cache, since templates are constants rendered on every call.</summary>
public abstract class SqlDialect : ISqlDialect
{
    public const string PageToken = "{{page}}";
    public const string MigrationJournalTable = "schema_versions";

    private readonly ConcurrentDictionary<string, string> _rendered = new(StringComparer.Ordinal);

    public abstract DatabaseProvider Provider { get; }
    public abstract string MigrationsFolder { get; }
    protected abstract string PageClause { get; }

    public abstract void ValidateConnectionString(string connectionString);
    public abstract DbConnection CreateConnection(string connectionString);

    public virtual DbConnection CreateSessionConnection(string connectionString) => CreateConnection(connectionString);

    public virtual void EndSession(DbConnection connection)
    {
    }
    public abstract Task AcquireTransactionLockAsync(DbTransaction transaction, string resource, CancellationToken cancellationToken);

    public virtual async Task<T?> AcquireTransactionLockThenReadAsync<T>(DbTransaction transaction, string resource, string query, object parameters,
        CancellationToken cancellationToken)
    {
        await AcquireTransactionLockAsync(transaction, resource, cancellationToken);
        return await transaction.Connection!.QuerySingleOrDefaultAsync<T>(new CommandDefinition(query, parameters, transaction,
            cancellationToken: cancellationToken));
    }
    public virtual string? TryAcquireSessionLockSql => null;
    public virtual string? ReleaseSessionLockSql => null;
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>A stable 64-bit key for a lock name, for providers whose locks are numbered.</summary>
    public static long LockKey(string resource) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(resource)), 0);
    public abstract Task PrepareDatabaseAsync(string connectionString, CancellationToken cancellationToken);
    public abstract UpgradeEngineBuilder Migrations(string connectionString);
    public abstract RawData.IBulkWriter CreateBulkWriter(DbTransaction transaction);

    public string Render(string template) =>
        _rendered.GetOrAdd(template, t => t.Replace(PageToken, PageClause, StringComparison.Ordinal));

    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.PostgreSql => new PostgresDialect(),
        DatabaseProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };

    /// <summary>Parses the <c>Database:Provider</c> setting, naming the setting and the accepted values when it is wrong.</summary>
    public static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "SQLITE" => DatabaseProvider.Sqlite,
        "POSTGRESQL" or "POSTGRES" => DatabaseProvider.PostgreSql,
        "SQLSERVER" => DatabaseProvider.SqlServer,
        null or "" => throw new DatabaseConfigurationException(
            "Database:Provider is not set. Set it to SqlServer, PostgreSql or Sqlite."),
        _ => throw new DatabaseConfigurationException(
            $"Database:Provider '{value}' is not a known provider. Set it to SqlServer, PostgreSql or Sqlite."),
    };

    protected static DbConnectionStringBuilder ParseConnectionString(DbConnectionStringBuilder builder, string connectionString)
    {
        try
        {
            builder.ConnectionString = connectionString;
            return builder;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException(e.Message, nameof(connectionString), e);
        }
    }
}
