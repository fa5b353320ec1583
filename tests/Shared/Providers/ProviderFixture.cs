using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using SlaGovernance.Data;
using SlaGovernance.Data.Dialects;

namespace SlaGovernance.Tests.Providers;

/// <summary>
/// One migrated database of one provider for this test project, reset between tests. A provider whose server is not
/// configured leaves <see cref="Database"/> null and says why in <see cref="SkipReason"/>.
/// </summary>
public abstract class ProviderFixture : IAsyncLifetime
{
    public Database? Database { get; private set; }
    public string? SkipReason { get; protected set; }
    public virtual bool Optional => false;

    protected abstract Task<string?> CreateDatabaseAsync();
    protected abstract DatabaseProvider Provider { get; }
    public abstract Task ResetAsync();
    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var connectionString = await CreateDatabaseAsync();
        if (connectionString is null)
            return;
        Database = new Database(SqlDialect.For(Provider), connectionString);
        await new DatabaseMigrator(Database, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        await PrepareResetAsync();
    }

    protected virtual Task PrepareResetAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Database is not null)
            await DropDatabaseAsync();
    }

    /// <summary>A database name unique to this test run, so parallel test projects never share one.</summary>
    protected static string UniqueName(string provider) => $"slagov_test_{provider}_{Guid.NewGuid():N}"[..40];

    protected async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
