using Microsoft.Data.SqlClient;
using Respawn;
using SlaGovernance.Data;
using SlaGovernance.Data.Dialects;
using SlaGovernance.Tests;

namespace SlaGovernance.Tests.Providers;

/// <summary>A database of its own on the server SLAGOV_TEST_SQLSERVER names (e.g. `docker compose up sqlserver`).</summary>
public sealed class SqlServerFixture : ProviderFixture
{
    private string? _connectionString;
    private Respawner? _respawner;

    protected override DatabaseProvider Provider => DatabaseProvider.SqlServer;
    public override bool Optional => true;

    protected override Task<string?> CreateDatabaseAsync()
    {
        if (TestEnvironment.SqlServer is not { } server)
        {
            SkipReason = $"{TestEnvironment.SqlServerVariable} is not set (a SQL Server connection string); `docker compose up sqlserver` gives one.";
            return Task.FromResult<string?>(null);
        }
        _connectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = UniqueName("mssql") }.ConnectionString;
        return Task.FromResult<string?>(_connectionString);
    }

    protected override async Task PrepareResetAsync()
    {
        await using var connection = new SqlConnection(_connectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.SqlServer,
            // Respawn deletes rows, which the audit tables' append-only triggers refuse; TRUNCATE TABLE fires no trigger.
            TablesToIgnore = [new Respawn.Graph.Table(SqlDialect.MigrationJournalTable), new Respawn.Graph.Table("audit_log"),
                new Respawn.Graph.Table("audit_checkpoints")],
        });
    }

    public override async Task ResetAsync()
    {
        await using var connection = new SqlConnection(_connectionString);
        await connection.OpenAsync();
        await _respawner!.ResetAsync(connection);
        await ExecuteAsync(connection, "TRUNCATE TABLE audit_log; TRUNCATE TABLE audit_checkpoints;");
    }

    protected override async Task DropDatabaseAsync()
    {
        SqlConnection.ClearAllPools();
        var name = new SqlConnectionStringBuilder(_connectionString).InitialCatalog;
        var builder = new SqlConnectionStringBuilder(_connectionString) { InitialCatalog = "master", Pooling = false };
        await using var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]");
    }
}
