using Dapper;
using Microsoft.Data.Sqlite;
using SlaGovernance.Data;
using SlaGovernance.Data.Dialects;

namespace SlaGovernance.Tests.Providers;

/// <summary>A SQLite file in the temp folder. Respawn has no SQLite adapter, so the reset deletes every table but the journal.</summary>
public sealed class SqliteFixture : ProviderFixture
{
    private string? _path;
    private string[] _tables = [];

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string?> CreateDatabaseAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"slagov-data-{Guid.NewGuid():N}.db");
        return Task.FromResult<string?>($"Data Source={_path}");
    }

    protected override async Task PrepareResetAsync()
    {
        await using var connection = await Database!.OpenAsync();
        _tables = (await connection.QueryAsync<string>(
            $"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '{SqlDialect.MigrationJournalTable}'")).ToArray();
    }

    public override async Task ResetAsync()
    {
        await using var connection = await Database!.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA foreign_keys = OFF;" + string.Concat(_tables.Select(t => $"DELETE FROM {t};")) + "PRAGMA foreign_keys = ON;");
    }

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_path + suffix);
        return Task.CompletedTask;
    }
}
