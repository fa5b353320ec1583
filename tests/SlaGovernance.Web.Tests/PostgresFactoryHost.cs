using Npgsql;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// The app on a PostgreSQL database of its own (created by the app's migrations on start) that is dropped afterwards;
/// <see cref="Factory"/> is null when no server is configured, so tests can skip.
/// </summary>
public class PostgresFactoryHost(string databasePrefix) : IAsyncLifetime
{
    private string? _connectionString;

    public SlaGovernanceFactory? Factory { get; private set; }

    public Task InitializeAsync()
    {
        if (TestEnvironment.Postgres is { } server)
        {
            _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = $"{databasePrefix}{Guid.NewGuid():N}"[..40] }.ConnectionString;
            Factory = new SlaGovernanceFactory
            {
                Settings = new() { ["Database:Provider"] = "PostgreSql", ["Database:ConnectionString"] = _connectionString },
            };
            Configure(Factory);
        }
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (Factory is null)
            return;
        Factory.Dispose();
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(_connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand(
            $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(_connectionString).Database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Sets up the factory before its first use, for instance its clock.</summary>
    protected virtual void Configure(SlaGovernanceFactory factory)
    {
    }
}
