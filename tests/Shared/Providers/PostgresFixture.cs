using Npgsql;
using Respawn;
using SlaGovernance.Data;
using SlaGovernance.Data.Dialects;
using SlaGovernance.Tests;

namespace SlaGovernance.Tests.Providers;

/// <summary>A database of its own on the server SLAGOV_TEST_POSTGRES names; dropped afterwards.</summary>
public sealed class PostgresFixture : ProviderFixture
{
    private string? _connectionString;
    private Respawner? _respawner;

    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override Task<string?> CreateDatabaseAsync()
    {
        if (TestEnvironment.Postgres is not { } server)
        {
            SkipReason = $"{TestEnvironment.PostgresVariable} is not set (a PostgreSQL connection string); .ci/run sets it.";
            return Task.FromResult<string?>(null);
        }
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = UniqueName("pg") }.ConnectionString;
        return Task.FromResult<string?>(_connectionString);
    }

    protected override async Task PrepareResetAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = [new Respawn.Graph.Table(SqlDialect.MigrationJournalTable)],
        });
    }

    public override async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await _respawner!.ResetAsync(connection);
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Database = "postgres", Pooling = false };
        var name = new NpgsqlConnectionStringBuilder(_connectionString).Database;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }
}
