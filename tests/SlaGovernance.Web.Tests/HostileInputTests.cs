using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Tests;
using Xunit.Abstractions;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Walks the OpenAPI document and sends every operation seeded hostile requests built from its schema (<see cref="HostileRequests"/>)
/// as an administrator, whom every policy admits: no answer may be 5xx, and a refused request (4xx) may not change the row count of
/// any table. A failure prints the seed, the operation and the request; SLAGOV_HOSTILE_SEED and SLAGOV_HOSTILE_OPERATION (an
/// operationId) replay it.
/// </summary>
public static class HostileInputSuite
{
    public const int DefaultSeed = 1505;

    /// <summary>The workflow runtime's lease table changes under its own timers, whatever the requests do.</summary>
    private static readonly string[] Unwatched = ["wf_locks"];

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("SLAGOV_HOSTILE_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    public static async Task RunAsync(SlaGovernanceFactory factory, int requestsPerOperation, ITestOutputHelper output)
    {
        var subjects = await ApiSubjects.PrepareAsync(factory);
        var admin = await factory.AdminApiAsync();
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var only = Environment.GetEnvironmentVariable("SLAGOV_HOSTILE_OPERATION");
        var operations = ApiOperation.AllOf(document).Where(o => string.IsNullOrEmpty(only) || o.Id == only).ToList();
        Assert.NotEmpty(operations);
        var requests = new HostileRequests(document, subjects);
        var database = factory.Services.GetRequiredService<Database>();
        var tables = await TablesAsync(database);
        var counts = await SettledCountsAsync(factory, database, tables);
        var failures = new List<string>();
        var sent = 0;
        var started = DateTimeOffset.UtcNow;
        foreach (var operation in operations)
        {
            foreach (var request in requests.For(operation, Seed, requestsPerOperation))
            {
                var response = await admin.SendAsync(request.ToMessage());
                sent++;
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    failures.Add(Describe(operation, request, $"answered {status}: {Shorten(await response.Content.ReadAsStringAsync())}"));
                    counts = await SettledCountsAsync(factory, database, tables);
                    continue;
                }
                if (status < 400)
                {
                    counts = operation.IsWrite ? await SettledCountsAsync(factory, database, tables) : await CountsAsync(database, tables);
                    continue;
                }
                var after = await CountsAsync(database, tables);
                var written = tables.Where((_, i) => after[i] != counts[i]).Select((t, _) => t).ToList();
                if (written.Count > 0)
                {
                    failures.Add(Describe(operation, request, $"answered {status} but changed the rows of " +
                        string.Join(", ", tables.Select((t, i) => (t, i)).Where(x => after[x.i] != counts[x.i]).Select(x => $"{x.t} ({counts[x.i]} → {after[x.i]})"))));
                    counts = after;
                }
            }
        }
        output.WriteLine($"{sent} hostile requests to {operations.Count} operations (seed {Seed}) in {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile requests failed (seed {Seed}; replay with " +
            $"SLAGOV_HOSTILE_SEED={Seed} SLAGOV_HOSTILE_OPERATION=<operationId>):\n\n" + string.Join("\n\n", failures.Take(40)));
    }

    private static string Describe(ApiOperation operation, HostileRequest request, string outcome) =>
        $"seed {Seed}, operation {operation}, {outcome}\n{request}";

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";

    private static async Task<List<string>> TablesAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var sql = database.Dialect.Provider == DatabaseProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
        return [.. (await connection.QueryAsync<string>(sql)).Where(t => !Unwatched.Contains(t, StringComparer.OrdinalIgnoreCase))];
    }

    private static async Task<long[]> CountsAsync(Database database, List<string> tables)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + string.Join(", ", tables.Select(t => $"(SELECT COUNT(*) FROM \"{t}\")"));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return [.. Enumerable.Range(0, tables.Count).Select(i => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// After an accepted write, the counts once its domain events and any workflow it started have come to rest: no event to
    /// deliver, no workflow instance or event runnable on the engine's clock, and the same counts on three reads in a row.
    /// </summary>
    private static async Task<long[]> SettledCountsAsync(SlaGovernanceFactory factory, Database database, List<string> tables)
    {
        var engine = factory.Services.GetRequiredService<SlaGovernance.Workflows.Persistence.DapperPersistenceProvider>();
        var time = factory.Services.GetRequiredService<TimeProvider>();
        var counts = await CountsAsync(database, tables);
        var quiet = 0;
        for (var attempt = 0; attempt < 500 && quiet < 3; attempt++)
        {
            await Task.Delay(20);
            await factory.DrainEventsAsync();
            var now = time.GetUtcNow().UtcDateTime;
            var busy = (await engine.GetRunnableInstances(now)).Any() || (await engine.GetRunnableEvents(now)).Any();
            var again = await CountsAsync(database, tables);
            quiet = !busy && again.SequenceEqual(counts) ? quiet + 1 : 0;
            counts = again;
        }
        return counts;
    }
}

public sealed class HostileInputTests(SlaGovernanceFactory factory, ITestOutputHelper output) : IClassFixture<SlaGovernanceFactory>
{
    [Fact]
    public Task No_hostile_request_is_answered_5xx_or_writes_when_refused_on_sqlite() =>
        HostileInputSuite.RunAsync(factory, requestsPerOperation: 52, output);

    [Fact]
    public async Task The_same_seed_builds_the_same_requests()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var subjects = ApiSubjects.Placeholders();
        var operation = ApiOperation.AllOf(document).Single(o => o.Id == "EvaluateCompliance");
        string Render(IReadOnlyList<HostileRequest> requests) => string.Join("\n", requests.Select(r => r.ToString()));
        Assert.Equal(Render(new HostileRequests(document, subjects).For(operation, 7, 60)), Render(new HostileRequests(document, subjects).For(operation, 7, 60)));
        Assert.NotEqual(Render(new HostileRequests(document, subjects).For(operation, 7, 60)), Render(new HostileRequests(document, subjects).For(operation, 8, 60)));
    }
}

public sealed class HostileInputPostgresTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly PostgresFactoryHost _host = new("slagov_test_hostile_");

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [SkippableFact]
    public Task No_hostile_request_is_answered_5xx_or_writes_when_refused_on_postgresql()
    {
        TestEnvironment.SkipUnlessAvailable(_host.Factory is not null,
            $"{TestEnvironment.PostgresVariable} is not set (a PostgreSQL connection string); .ci/run sets it.");
        return HostileInputSuite.RunAsync(_host.Factory!, requestsPerOperation: 12, output);
    }
}
