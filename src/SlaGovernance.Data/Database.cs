using System.Data.Common;
using SlaGovernance.Data.Dialects;

namespace SlaGovernance.Data;

/// <summary>Opens connections and transactions for the configured provider, and renders statements for it.</summary>
public sealed class Database
{
    private readonly string _connectionString;

    public Database(ISqlDialect dialect, string connectionString)
    {
        Dialect = dialect;
        _connectionString = connectionString;
        DapperTypeHandlers.Register();
    }

    public ISqlDialect Dialect { get; }

    public string ConnectionString => _connectionString;

    public string Sql(string template) => Dialect.Render(template);

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(Dialect.CreateConnection(_connectionString), cancellationToken);

    /// <summary>A connection for session state such as a session lock; see <see cref="ISqlDialect.CreateSessionConnection"/>.</summary>
    public Task<DbConnection> OpenSessionAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(Dialect.CreateSessionConnection(_connectionString), cancellationToken);

    private static async Task<DbConnection> OpenAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new UnitOfWork(this, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>A connection with an open transaction; disposed without <see cref="CommitAsync"/>, it rolls back.</summary>
public sealed class UnitOfWork(Database database, DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    public Database Database { get; } = database;
    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;

    public string Sql(string template) => Database.Sql(template);

    private List<Action>? _committed;

    /// <summary>
    /// Runs <paramref name="action"/> once this unit has committed, never if it does not: how a store that writes in a
    /// caller's transaction tells the rest of this process (inbox readers, say) about rows others can now see.
    /// </summary>
    public void AfterCommit(Action action) => (_committed ??= []).Add(action);

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        if (_committed is not { } committed)
            return;
        _committed = null;
        foreach (var action in committed)
            action();
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
