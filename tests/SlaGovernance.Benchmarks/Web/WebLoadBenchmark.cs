using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SlaGovernance.Benchmarks.Workflow;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;

namespace SlaGovernance.Benchmarks.Web;

/// <summary>
/// Issue 15: the inbox as people load it. Open-loop: requests leave on a fixed schedule (200/s, alternating
/// GET /api/v1/tasks and the /tasks page, spread over 8 users), whether or not earlier ones have answered, and each
/// latency runs from the moment the request was due to leave, so a stall counts against every request it held up
/// (no coordinated omission). Target on PostgreSQL: p99 under 50 ms and no errors over 60 s.
/// </summary>
public static class WebLoadBenchmark
{
    private const int Users = 8;
    private const int RequestsPerSecond = 200;
    private const int OpenInstances = 40;
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(50);

    /// <summary>Seconds of load before measuring (30 by default): the JIT is still tiering the host up well into the first minute.</summary>
    public const string WarmupVariable = "SLAGOV_BENCH_WEB_WARMUP_SECONDS";

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable(WarmupVariable), out var seconds) && seconds >= 0 ? seconds : 30);

    private sealed record Sample(bool Page, double Milliseconds, bool Failed);

    public static async Task RunAsync()
    {
        Console.WriteLine($"Web: {RequestsPerSecond} requests/s open-loop for {Measured.TotalSeconds:F0} s after {Warmup.TotalSeconds:F0} s of the same load, " +
                          $"GET /api/v1/tasks and GET /tasks alternating over {Users} users (API tokens), each inbox holding {OpenInstances} open tasks; " +
                          "latency from each request's scheduled send time");
        if (Environment.GetEnvironmentVariable(WorkflowBenchmarks.PostgresVariable) is not { Length: > 0 } server)
        {
            Console.WriteLine($"  skipped: {WorkflowBenchmarks.PostgresVariable} is not set (a connection string to a server where a database may be created).");
            return;
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = $"slagov_bench_web_{Guid.NewGuid():N}"[..40] }.ConnectionString;
        var folder = ApprovalDefinition.WriteFolder();
        try
        {
            await using var host = await BenchmarkHost.StartAsync("PostgreSql", connectionString, folder);
            var users = new List<HttpClient>();
            for (var u = 0; u < Users; u++)
                users.Add(await host.ApiClientAsync($"web-bench-{u}", ApprovalDefinition.Stages[0]));
            await OpenTasksAsync(host, users[0]);

            await DriveAsync(users, Warmup);
            var samples = await DriveAsync(users, Measured);
            Print("GET /api/v1/tasks", samples.Where(s => !s.Page).ToList());
            Print("GET /tasks (page)", samples.Where(s => s.Page).ToList());
            var all = samples.ToList();
            Print("both", all);
            var p99 = Percentile(all.Select(s => s.Milliseconds).ToList(), 0.99);
            var errors = all.Count(s => s.Failed);
            Console.WriteLine($"  target p99 < {Target.TotalMilliseconds:F0} ms with no errors: {(p99 < Target.TotalMilliseconds && errors == 0 ? "met" : "missed")}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            await DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>Starts approvals until every user's inbox holds the first stage's tasks, which all of them may take.</summary>
    private static async Task OpenTasksAsync(BenchmarkHost host, HttpClient user)
    {
        var engine = host.Services.GetRequiredService<IWorkflowHost>();
        for (var i = 0; i < OpenInstances; i++)
            await engine.StartWorkflow(ApprovalDefinition.Id, ApprovalDefinition.Version, new WorkflowSubject { Type = "Agreement", Id = $"web-{i}" });
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var inbox = System.Text.Json.JsonDocument.Parse(await user.GetStringAsync("/api/v1/tasks"));
            if (inbox.RootElement.GetArrayLength() >= OpenInstances)
                return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The {OpenInstances} approvals did not open their first tasks within 60 s.");
    }

    /// <summary>Sends on schedule for <paramref name="length"/> and returns once every request has answered.</summary>
    private static async Task<IReadOnlyList<Sample>> DriveAsync(List<HttpClient> users, TimeSpan length)
    {
        var interval = Stopwatch.Frequency / RequestsPerSecond;
        var count = (int)(length.TotalSeconds * RequestsPerSecond);
        var inFlight = new List<Task<Sample>>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + i * interval;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var page = i % 2 == 1;
            inFlight.Add(SendAsync(users[i / 2 % users.Count], page ? "/tasks" : "/api/v1/tasks", page, due));
        }
        return await Task.WhenAll(inFlight);
    }

    private static async Task<Sample> SendAsync(HttpClient user, string path, bool page, long due)
    {
        try
        {
            using var response = await user.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            return new Sample(page, Stopwatch.GetElapsedTime(due).TotalMilliseconds, !response.IsSuccessStatusCode);
        }
        catch (HttpRequestException)
        {
            return new Sample(page, Stopwatch.GetElapsedTime(due).TotalMilliseconds, true);
        }
    }

    private static void Print(string name, List<Sample> samples)
    {
        var times = samples.Select(s => s.Milliseconds).ToList();
        Console.WriteLine($"  {name,-20} {samples.Count,6:N0} requests  p50 {Percentile(times, 0.50),7:F1} ms  p99 {Percentile(times, 0.99),7:F1} ms  " +
                          $"max {times.Max(),7:F1} ms  errors {samples.Count(s => s.Failed)}");
    }

    private static double Percentile(List<double> values, double quantile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
