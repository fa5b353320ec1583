using System.Data.Common;
using DbUp.Builder;

namespace SlaGovernance.Data.Dialects;

/// <summary>
/// Everything that differs between the database providers. Statements are written once, in the subset the three
/// share, with <c>{{page}}</c> standing for the paging clause (parameters <c>@Offset</c> and <c>@Limit</c>).
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>The folder under <c>db/</c> holding this provider's migrations.</summary>
    string MigrationsFolder { get; }

    /// <summary>Checks the connection string's form; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    void ValidateConnectionString(string connectionString);

    DbConnection CreateConnection(string connectionString);

    /// <summary>
    /// A connection whose session state (a session lock) must not outlive it: pooled apart from the others. Whoever
    /// takes a lock on it and cannot be sure it was released calls <see cref="EndSession"/>, so a lock whose release
    /// failed cannot stay behind in a pooled session.
    /// </summary>
    DbConnection CreateSessionConnection(string connectionString) => CreateConnection(connectionString);

    /// <summary>Makes sure the server session behind a pooled connection ends when it is closed, with whatever it holds.</summary>
    void EndSession(DbConnection connection)
    {
    }

    /// <summary>Replaces the dialect tokens in a statement template.</summary>
    string Render(string template);

    /// <summary>Takes an exclusive lock on a named resource that lasts until the transaction ends.</summary>
    Task AcquireTransactionLockAsync(DbTransaction transaction, string resource, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lock of <see cref="AcquireTransactionLockAsync"/> and then reads the first row of
    /// <paramref name="query"/>, in one round trip where the provider can: the read sees what committed before the lock
    /// was granted, as a separate statement after it would. A lock held until commit is held one round trip less.
    /// </summary>
    Task<T?> AcquireTransactionLockThenReadAsync<T>(DbTransaction transaction, string resource, string query, object parameters,
        CancellationToken cancellationToken);

    /// <summary>
    /// A statement answering 1 when it took an exclusive lock held by the connection's session (parameters
    /// <c>@Resource</c>, a name, and <c>@Key</c>, its 64-bit hash), 0 when another session holds it; null where the
    /// provider has no session locks (SQLite), which then uses the lease table.
    /// </summary>
    string? TryAcquireSessionLockSql { get; }

    /// <summary>Releases a lock taken by <see cref="TryAcquireSessionLockSql"/> on the same connection.</summary>
    string? ReleaseSessionLockSql { get; }

    bool IsUniqueViolation(DbException exception);

    /// <summary>Creates the database if the server allows it and the provider needs it, and prepares the file or session.</summary>
    Task PrepareDatabaseAsync(string connectionString, CancellationToken cancellationToken);

    UpgradeEngineBuilder Migrations(string connectionString);

    /// <summary>The provider's bulk path for raw data (binary COPY, SqlBulkCopy, a prepared INSERT), inside <paramref name="transaction"/>.</summary>
    RawData.IBulkWriter CreateBulkWriter(DbTransaction transaction);
}
