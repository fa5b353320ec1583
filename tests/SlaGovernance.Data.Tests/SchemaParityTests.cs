using Dapper;
using SlaGovernance.Tests.Providers;
using SlaGovernance.Tests;

namespace SlaGovernance.Data.Tests;

/// <summary>The three migration sets describe one schema: the same files, and on SQLite and PostgreSQL the same tables and columns.</summary>
public sealed class SchemaParityTests(SqliteFixture sqlite, PostgresFixture postgres)
    : IClassFixture<SqliteFixture>, IClassFixture<PostgresFixture>
{
    [Fact]
    public void Every_provider_has_the_same_numbered_migration_files()
    {
        var db = Path.Combine(TestEnvironment.RepositoryRoot(), "db");
        string[] Files(string provider) => Directory.GetFiles(Path.Combine(db, provider), "*.sql").Select(Path.GetFileName).Order().ToArray()!;
        var sqlite = Files("sqlite");
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, Files("postgres"));
        Assert.Equal(sqlite, Files("sqlserver"));
        Assert.All(sqlite, name => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", name));
    }

    [SkippableFact]
    public async Task Sqlite_and_postgres_have_the_same_tables_and_columns()
    {
        TestEnvironment.SkipUnlessAvailable(postgres.Database is not null, postgres.SkipReason ?? "");
        await using var lite = await sqlite.Database!.OpenAsync();
        var liteColumns = (await lite.QueryAsync<string>("""
            SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'schema_versions'
            """)).Select(c => c.ToLowerInvariant()).Order().ToList();
        await using var pg = await postgres.Database!.OpenAsync();
        var pgColumns = (await pg.QueryAsync<string>("""
            SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_versions'
            """)).Select(c => c.ToLowerInvariant()).Order().ToList();
        Assert.NotEmpty(liteColumns);
        Assert.Equal(liteColumns, pgColumns);
    }
}
