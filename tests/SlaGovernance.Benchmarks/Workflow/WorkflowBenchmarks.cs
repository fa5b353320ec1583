using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SlaGovernance.Data;

namespace SlaGovernance.Benchmarks.Workflow;

/// <summary>
/// Issue 3: the workflow runtime driven like its users drive it. Targets on PostgreSQL: at least 200 stage transitions/s,
/// p99 from a completion's response to the next task in the inbox under 100 ms, and within 1.5x with 100,000 finished
/// instances stored of the figure with 1,000.
/// </summary>
public static class WorkflowBenchmarks
{
    public const string PostgresVariable = "SLAGOV_BENCH_POSTGRES";

    public const string ClientsVariable = "SLAGOV_BENCH_CLIENTS";
    public const string ProvidersVariable = "SLAGOV_BENCH_PROVIDERS";

    /// <summary>The shortest warm-up in seconds (20 by default).</summary>
    public const string WarmupVariable = "SLAGOV_BENCH_WARMUP_SECONDS";

    /// <summary>Closed-loop clients: with few, the figure is bounded by latency (clients x 1 / cycle time), not capacity.</summary>
    private static readonly int Clients = int.TryParse(Environment.GetEnvironmentVariable(ClientsVariable), out var clients) && clients > 0 ? clients : 8;

    /// <summary>Which providers to measure ("sqlite,postgres" by default).</summary>
    private static readonly string Providers = Environment.GetEnvironmentVariable(ProvidersVariable) is { Length: > 0 } providers
        ? providers.ToLowerInvariant()
        : "sqlite,postgres";
    private const int Runs = 3;
    private static readonly TimeSpan RunLength = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan PollPause = TimeSpan.FromMilliseconds(2);
    private static readonly int[] HistorySizes = [1_000, 100_000];

    public static async Task RunAsync()
    {
        Console.WriteLine($"Workflow runtime: three-stage approval (Procurement, Legal, Finance) over the HTTP task API, {Clients} clients " +
                          $"waiting on their inboxes (If-None-Match + Prefer: wait), the end awaited from the engine's life-cycle event, then read from the store every {PollPause.TotalMilliseconds:F0} ms until saved, runs of about {RunLength.TotalSeconds:F0} s, median of {Runs}");
        var ours = new List<(string Provider, double WorkflowsPerSecond)>();

        if (Providers.Contains("sqlite"))
        {
            var sqliteFile = Path.Combine(Path.GetTempPath(), $"slagov-bench-{Guid.NewGuid():N}.db");
            try
            {
                var counter = new SqliteCommitCounter();
                var rate = await RunProviderAsync("SQLite (file, WAL)", "Sqlite", $"Data Source={sqliteFile}", counter,
                    new Database(counter, $"Data Source={sqliteFile}"));
                ours.Add(("SQLite", rate));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                    File.Delete(sqliteFile + suffix);
            }
        }

        if (!Providers.Contains("postgres"))
            Console.WriteLine($"  PostgreSQL: not measured ({ProvidersVariable}={Providers}).");
        else if (Environment.GetEnvironmentVariable(PostgresVariable) is not { Length: > 0 } server)
            Console.WriteLine($"  PostgreSQL: skipped, {PostgresVariable} is not set (a connection string to a server where a database may be created).");
        else
        {
            var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = $"slagov_bench_{Guid.NewGuid():N}"[..40] }.ConnectionString;
            try
            {
                ours.Add(("PostgreSQL", await RunProviderAsync("PostgreSQL", "PostgreSql", connectionString, new PostgresCommitCounter(connectionString), null)));
            }
            finally
            {
                await DropPostgresDatabaseAsync(connectionString);
            }
        }

        await InMemoryEngineBenchmark.RunAsync(ours);
    }

    /// <returns>Workflows/s with the smaller history, for the comparison with WorkflowCore's in-memory store.</returns>
    private static async Task<double> RunProviderAsync(string title, string provider, string connectionString, ICommitCounter counter, Database? database)
    {
        Console.WriteLine($"  {title}; commits: {counter.Meaning}");
        var folder = ApprovalDefinition.WriteFolder();
        try
        {
            await using var host = await BenchmarkHost.StartAsync(provider, connectionString, folder, database);
            database ??= host.Services.GetRequiredService<Database>();
            var clients = await ApprovalClients.CreateAsync(host, Clients, PollPause);
            var settledRate = await WarmUpAsync(clients);
            var instancesPerClient = Math.Clamp((int)(settledRate * RunLength.TotalSeconds / (Clients * ApprovalDefinition.Stages.Length)), 2, 50);
            var template = await FinishedTemplateAsync(database);

            var perHistory = new List<HistoryResult>();
            foreach (var history in HistorySizes)
            {
                await FinishedHistory.TopUpAsync(database, template, history);
                if (database.Dialect.Provider == DatabaseProvider.PostgreSql)
                {
                    await VacuumAndCheckpointAsync(database);
                    await SettleAfterCheckpointAsync(clients, counter, instancesPerClient);
                }
                var result = await MeasureAsync(clients, counter, database, instancesPerClient);
                Print($"{history,7:N0} finished", result);
                perHistory.Add(result);
            }
            var slower = perHistory[0].TransitionsPerSecond / perHistory[^1].TransitionsPerSecond;
            var p99 = perHistory[^1].NextTaskP99 / perHistory[0].NextTaskP99;
            Console.WriteLine($"    {HistorySizes[^1]:N0} vs {HistorySizes[0]:N0} finished: transitions/s {slower:F2}x slower, next-task p99 {p99:F2}x " +
                              $"(target within 1.5x: {(Math.Max(slower, p99) <= 1.5 ? "met" : "missed")})");
            return perHistory[0].TransitionsPerSecond / ApprovalDefinition.Stages.Length;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Warms the JIT and the pools until the rate has settled and the JIT has gone quiet, and returns the rate to size the
    /// runs. With dynamic PGO on two cores the runtime keeps tiering up the hot path (ASP.NET Core, Npgsql, WorkflowCore,
    /// ours: some 13,000 compilations) for 80 to 90 s here, taking 10% of the CPU meanwhile, while the rate already looks
    /// settled within the noise. So rounds of about two seconds run for at least 20 s (<see cref="WarmupVariable"/>), then
    /// until two in a row are no more than 3% faster than the one before and the last compiled fewer than
    /// <see cref="QuietJitMethodsPerSecond"/> methods a second, for at most 160 s more.
    /// </summary>
    private static async Task<double> WarmUpAsync(ApprovalClients clients)
    {
        var clock = Stopwatch.StartNew();
        var perClient = 2;
        var rate = 0.0;
        var settling = new Measure.Settling();
        var rounds = 0;
        var jitPerSecond = double.MaxValue;
        var minimum = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable(WarmupVariable), out var seconds) && seconds > 0 ? seconds : 20);
        var maximum = minimum + TimeSpan.FromSeconds(160);
        while (clock.Elapsed < maximum && (!settling.IsSettled || jitPerSecond >= QuietJitMethodsPerSecond || clock.Elapsed < minimum))
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            var round = await clients.RunAsync(perClient);
            rounds++;
            jitPerSecond = (System.Runtime.JitInfo.GetCompiledMethodCount() - compiled) / round.Elapsed.TotalSeconds;
            rate = round.TransitionsPerSecond;
            settling.Add(1 / rate);
            perClient = Math.Clamp((int)(2 * rate / (Clients * ApprovalDefinition.Stages.Length)), 2, 50);
        }
        Console.WriteLine($"    (warmed up for {clock.Elapsed.TotalSeconds:F0} s in {rounds} rounds, settled at {rate:F0} transitions/s, " +
                          $"the JIT compiling {jitPerSecond:F0} methods/s in the last round)");
        return rate;
    }

    /// <summary>
    /// Runs the workload after a checkpoint until the database logs few whole pages again. After a checkpoint PostgreSQL
    /// logs every page the first time it changes (full_page_writes), and the indexes on random keys spread the first
    /// changes over thousands of pages: here some 5,000 pages in the first 10 to 15 s, two or three per transition,
    /// doubling the log written. With 1,000 instances stored they then fall to about 0.03 a transition within 20 s; with
    /// 100,000, under 0.1 within about 25 s (while instance ids were random, still 0.2 after a minute). Runs measured straight after the checkpoint would charge the first changes of a
    /// running system's five minutes between checkpoints (the default) to twelve seconds. Rounds of about two seconds run
    /// until one logs fewer than <see cref="QuietFullPagesPerTransition"/> whole pages a transition, for at most 60 s; the
    /// figure of the measured runs is printed beside them.
    /// </summary>
    private static async Task SettleAfterCheckpointAsync(ApprovalClients clients, ICommitCounter counter, int instancesPerClient)
    {
        var clock = Stopwatch.StartNew();
        var before = await counter.ReadAsync();
        if (before.FullPageImages is null)
            return;
        var perTransition = double.MaxValue;
        // Half a measured run's instances: rounds of about two seconds.
        var perClient = Math.Max(2, instancesPerClient / 2);
        while (perTransition >= QuietFullPagesPerTransition && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var round = await clients.RunAsync(perClient);
            var after = await counter.ReadAsync();
            perTransition = (double)(after - before).FullPageImages!.Value / round.Transitions;
            before = after;
        }
        Console.WriteLine($"    (ran {clock.Elapsed.TotalSeconds:F0} s after the checkpoint until {perTransition:F2} whole pages were logged a transition)");
    }

    private const double QuietFullPagesPerTransition = 0.1;

    /// <summary>The JIT counts as quiet below this many compilations a second (it ran at 130 to 250 a second while tiering up).</summary>
    private const double QuietJitMethodsPerSecond = 20;

    private sealed record HistoryResult(int InstancesPerRun, double TransitionsPerSecond, double NextTaskP50, double NextTaskP99, double CompletionP50,
        double CompletionP99, double EngineP50, double EngineP99, double CommitsPerTransition, double? WritingPerTransition, double CpuMsPerTransition, double? StatementsPerTransition,
        double? ServerCpuMsPerTransition, double? FullPagesPerTransition, IReadOnlyList<double> RunRates, double JitMethodsPerSecond);

    private static async Task<HistoryResult> MeasureAsync(ApprovalClients clients, ICommitCounter counter, Database database, int instancesPerClient)
    {
        var before = await counter.ReadAsync();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var runs = new List<ApprovalRun>();
        for (var i = 0; i < Runs; i++)
            runs.Add(await clients.RunAsync(instancesPerClient));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var jitPerSecond = (System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBefore) / runs.Sum(r => r.Elapsed.TotalSeconds);
        var commits = await counter.ReadAsync() - before;
        var transitions = runs.Sum(r => r.Transitions);
        var engine = new List<List<double>>();
        foreach (var run in runs)
            engine.Add(await EngineLatencyAsync(database, run.WorkflowIds));
        return new HistoryResult(
            runs[0].WorkflowIds.Count,
            Median(runs.Select(r => r.TransitionsPerSecond)),
            Median(runs.Select(r => Percentile(r.NextTaskMs, 0.50))),
            Median(runs.Select(r => Percentile(r.NextTaskMs, 0.99))),
            Median(runs.Select(r => Percentile(r.CompletionMs, 0.50))),
            Median(runs.Select(r => Percentile(r.CompletionMs, 0.99))),
            Median(engine.Select(e => Percentile(e, 0.50))),
            Median(engine.Select(e => Percentile(e, 0.99))),
            (double)commits.Commits / transitions,
            commits.Writing is { } writing ? (double)writing / transitions : null,
            cpu.TotalMilliseconds / transitions,
            commits.Statements is { } statements ? (double)statements / transitions : null,
            commits.ServerCpu is { } serverCpu ? serverCpu.TotalMilliseconds / transitions : null,
            commits.FullPageImages is { } images ? (double)images / transitions : null,
            runs.Select(r => r.TransitionsPerSecond).ToList(),
            jitPerSecond);
    }

    /// <summary>
    /// The same wait seen by the server, free of the clients' polling: from the time a completion stamps on its task (before
    /// its commit) to the time the next step of the instance started (the next task's creation time).
    /// </summary>
    private static async Task<List<double>> EngineLatencyAsync(Database database, List<Guid> workflowIds)
    {
        await using var connection = await database.OpenAsync();
        var wanted = workflowIds.ToHashSet();
        var tasks = await connection.QueryAsync<(Guid WorkflowId, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt)>(
            "SELECT workflow_id, created_at, completed_at FROM wf_tasks WHERE definition_id = @Id AND subject_id NOT LIKE 'history-%'",
            new { ApprovalDefinition.Id });
        var gaps = new List<double>();
        foreach (var instance in tasks.Where(t => wanted.Contains(t.WorkflowId)).GroupBy(t => t.WorkflowId))
        {
            var ordered = instance.OrderBy(t => t.CreatedAt).ToList();
            for (var i = 1; i < ordered.Count; i++)
                gaps.Add((ordered[i].CreatedAt - ordered[i - 1].CompletedAt!.Value).TotalMilliseconds);
        }
        return gaps;
    }

    private static void Print(string label, HistoryResult r) =>
        Console.WriteLine($"    {label}: {r.TransitionsPerSecond,5:F0} transitions/s (runs {string.Join(", ", r.RunRates.Select(x => x.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))})  next task p50 {r.NextTaskP50,5:F1} ms  p99 {r.NextTaskP99,6:F1} ms  " +
                          $"(stamped by the server p50 {r.EngineP50:F1}, p99 {r.EngineP99:F1}; to complete p50 {r.CompletionP50:F1}, p99 {r.CompletionP99:F1} ms)\n" +
                          $"{"",22}commits/transition {r.CommitsPerTransition:F1}" +
                          (r.WritingPerTransition is { } w && Math.Abs(w - r.CommitsPerTransition) > 1e-9 ? $" / {w:F1} writing" : "") +
                          (r.StatementsPerTransition is { } s ? $"  statements/transition {s:F1}" : "") +
                          $"  app CPU {r.CpuMsPerTransition:F1} ms/transition (clients included)" +
                          (r.ServerCpuMsPerTransition is { } db ? $"  database CPU {db:F1} ms/transition" : "") +
                          (r.FullPagesPerTransition is { } pages ? $"  whole pages logged/transition {pages:F2}" : "") +
                          $"  ({r.InstancesPerRun} instances/run, JIT {r.JitMethodsPerSecond:F0} methods/s)");

    private static async Task<Guid> FinishedTemplateAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QueryFirstAsync<Guid>(
            database.Sql("SELECT id FROM wf_instances WHERE status = 2 AND definition_id = @Id ORDER BY create_time {{page}}"),
            new { ApprovalDefinition.Id, Offset = 0, Limit = 1 });
    }

    /// <summary>
    /// What autovacuum and the checkpointer do within minutes of a bulk insert, done before measuring rather than during it:
    /// history built up over months has long been vacuumed and written out, while a vacuum of 100,000 fresh rows took
    /// seconds of CPU out of the measurement.
    /// </summary>
    private static async Task VacuumAndCheckpointAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        foreach (var table in new[] { "wf_instances", "wf_tasks", "wf_events", "wf_subscriptions", "email_outbox", "audit_log" })
            await connection.ExecuteAsync($"VACUUM (ANALYZE) {table}", commandTimeout: 600);
        // The checkpoint the bulk insert's WAL would soon cause, so its writes are not counted as the measured transitions' CPU.
        await connection.ExecuteAsync("CHECKPOINT", commandTimeout: 600, commandType: System.Data.CommandType.Text);
    }

    private static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
