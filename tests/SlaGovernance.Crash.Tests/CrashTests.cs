using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using SlaGovernance.Tests;

namespace SlaGovernance.Crash.Tests;

/// <summary>
/// The app runs as a child process with approvals in flight and is killed (SIGKILL) at failpoints in the middle of
/// steps, then restarted; every instance must complete with no task opened twice and no email sent with different
/// content under one Message-ID or twice for one outbox row. Once on SQLite, once with two processes on PostgreSQL.
/// </summary>
public sealed partial class CrashTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How many instances are in flight; more with two nodes, since the steady one takes half the work.</summary>
    private int Instances { get; set; } = 6;
    private const string AdminPassword = "Crash-admin-password-1";

    /// <summary>
    /// Where each run may die: failpoints with the hit that kills (whichever comes first). Every run completes at least
    /// one unit of work before any of its failpoints fires, so the work always moves on; the last run has none.
    /// </summary>
    private static readonly string[] Runs =
    [
        "human-task-after-open:2,task-completion-after-commit:2",
        "task-completion-before-commit:2,notify-after-enqueue:2",
        "approval-after-open:2,outbox-after-send:3",
        "task-completion-after-commit:2,outbox-after-send:2",
        "notify-after-enqueue:1,approval-after-open:3",
        "task-completion-before-commit:3,human-task-after-open:2",
        "outbox-after-send:2,task-completion-after-commit:3",
        "approval-after-open:1,task-completion-before-commit:2",
        "workflow-save-before-commit:3,outbox-after-send:3",
        "",
    ];

    private const string Definition = """
        {
          "id": "crash-approval", "version": 1, "title": "Approval under fire",
          "subject": { "type": "Agreement", "fields": ["title"] },
          "start": "review",
          "steps": [
            { "id": "review", "type": "humanTask", "title": "Review {title}", "role": "Procurement", "excludeRequester": true,
              "outcomes": ["approve"], "routes": { "approve": "tell" } },
            { "id": "tell", "type": "notify", "toRoles": ["Finance"], "toRequester": true,
              "subject": "{title} passed review", "body": "{subjectType} {subjectId} goes to the board.", "next": "board" },
            { "id": "board", "type": "approval", "title": "Board approval", "role": "GovernanceBoard", "quorum": "all",
              "outcomes": ["approve"], "routes": { "approve": "done" } },
            { "id": "done", "type": "notify", "toRequester": true, "subject": "{title} approved", "body": "Approved by the board.", "next": "end" },
            { "id": "end", "type": "end" }
          ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("slagov-crash-").FullName;
    private readonly LoopbackSmtpServer _smtp = new();
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public Task InitializeAsync()
    {
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", "workflow.schema.json"), Path.Combine(_folder, "workflow.schema.json"));
        File.WriteAllText(Path.Combine(_folder, "crash.json"), Definition);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Killed_mid_step_again_and_again_on_sqlite_every_instance_completes_once()
    {
        var path = Path.Combine(_folder, "crash.db");
        var connectionString = $"Data Source={path}";
        try
        {
            var kills = await RunScenarioAsync("Sqlite", connectionString, twoNodes: false);
            await AssertNothingTwiceAsync(new SqliteConnection(connectionString));
            Assert.True(kills >= 4, $"Only {kills} runs were killed by a failpoint; the scenario did not exercise the crashes it claims.");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    [SkippableFact]
    public async Task Two_processes_on_one_postgresql_database_one_killed_again_and_again_every_instance_completes_once()
    {
        TestEnvironment.SkipUnlessAvailable(TestEnvironment.Postgres is not null, $"{TestEnvironment.PostgresVariable} is not set");
        Instances = 14;
        var connectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = $"slagov_crash_{Guid.NewGuid():N}"[..36] }
            .ConnectionString;
        try
        {
            var kills = await RunScenarioAsync("PostgreSql", connectionString, twoNodes: true);
            await AssertNothingTwiceAsync(new NpgsqlConnection(connectionString));
            Assert.True(kills >= 3, $"Only {kills} runs were killed by a failpoint; the scenario did not exercise the crashes it claims.");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");
        }
    }

    private Dictionary<string, string> Environment(string provider, string connectionString, string failpoints) => new()
    {
        ["Database__Provider"] = provider,
        ["Database__ConnectionString"] = connectionString,
        ["Seed__DemoData"] = "false",
        ["Seed__AdminUserName"] = "admin",
        ["Seed__AdminPassword"] = AdminPassword,
        ["Security__LoginAttemptsPerMinute"] = "1000",
        ["Security__LoginAttemptsPerAccount"] = "1000",
        ["Workflows__DefinitionsFolder"] = _folder,
        ["Workflows__PollIntervalSeconds"] = "0.2",
        // A killed node's SQLite lease blocks its instances until it expires; short here, so the test does not wait out 30 s.
        ["Workflows__Locks__LeaseDuration"] = "00:00:03",
        ["Email__Smtp__Host"] = "127.0.0.1",
        ["Email__Smtp__Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email__Smtp__Security"] = "None",
        ["Email__Outbox__PollInterval"] = "00:00:00.200",
        ["Email__Outbox__ClaimDuration"] = "00:00:02",
        ["Email__PublicBaseUrl"] = "http://crash.test",
        ["Logging__LogLevel__Default"] = "Warning",
        [SlaGovernance.Data.Failpoints.Variable] = failpoints,
    };

    /// <summary>Sets up people and instances, then runs the app once per failpoint until all is done; returns how many runs a failpoint killed.</summary>
    private async Task<int> RunScenarioAsync(string provider, string connectionString, bool twoNodes)
    {
        await using (var first = await AppProcess.StartAsync(Environment(provider, connectionString, "")))
        {
            await SetUpAsync(first.Address);
        }

        AppProcess? steady = twoNodes ? await AppProcess.StartAsync(Environment(provider, connectionString, "")) : null;
        var kills = 0;
        var finished = false;
        try
        {
            foreach (var failpoints in Runs)
            {
                var began = System.Diagnostics.Stopwatch.StartNew();
                await using var app = await AppProcess.StartAsync(Environment(provider, connectionString, failpoints));
                var nodes = steady is null ? new[] { app } : [app, steady];
                finished = !app.HasExited && await DriveAsync(nodes, stopWhenKilled: app, last: failpoints.Length == 0);
                if (app.HasExited)
                {
                    Assert.True(app.ExitCode != 0, $"The app stopped by itself (exit {app.ExitCode}):\n{app.Output}");
                    Assert.Contains("failpoint ", app.Output);
                    kills++;
                }
                output.WriteLine($"run [{failpoints}]: {(app.HasExited ? "killed" : finished ? "finished the work" : "survived")} after {began.Elapsed.TotalSeconds:F1} s");
                if (finished)
                    break;
            }
        }
        finally
        {
            if (steady is not null)
                await steady.DisposeAsync();
        }
        Assert.True(finished, "Not every instance completed with every email sent.");
        return kills;
    }

    private async Task SetUpAsync(Uri address)
    {
        _tokens["admin"] = await SignInForTokenAsync(address, "admin", AdminPassword);
        var admin = Client(address, "admin");
        foreach (var (name, role) in new[] { ("drafter", "Procurement"), ("reviewer", "Procurement"), ("board-a", "GovernanceBoard"),
                     ("board-b", "GovernanceBoard"), ("finance", "Finance") })
        {
            var created = await admin.PostAsJsonAsync("/api/v1/users", new
            {
                userName = name, displayName = name, email = $"{name}@crash.test", timeZone = "Europe/London", roles = new[] { role },
                password = $"{name}-Password-1",
            });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            _tokens[name] = await SignInForTokenAsync(address, name, $"{name}-Password-1");
        }
    }

    /// <summary>Starts the instances not started yet, by subject; a start whose answer a crash swallowed is found by its reference.</summary>
    private async Task EnsureStartedAsync(Uri address)
    {
        var admin = Client(address, "admin");
        var existing = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/workflows/instances?definition=crash-approval&pageSize=100"))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reference").GetString()).ToHashSet();
        for (var i = 0; i < Instances; i++)
        {
            if (existing.Contains($"agreement-{i}"))
                continue;
            var started = await admin.PostAsJsonAsync("/api/v1/workflows/definitions/crash-approval/instances",
                new { subjectId = $"agreement-{i}", fields = new { title = $"SLA {i}" }, requestedBy = "drafter" });
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        }
    }

    /// <summary>The people answer their tasks on any node until the work is done or the node under test dies.</summary>
    private async Task<bool> DriveAsync(AppProcess[] nodes, AppProcess stopWhenKilled, bool last)
    {
        var deadline = DateTime.UtcNow.AddSeconds(last ? 120 : 45);
        var turn = 0;
        while (DateTime.UtcNow < deadline)
        {
            if (stopWhenKilled.HasExited)
                return false;
            try
            {
                await EnsureStartedAsync(stopWhenKilled.Address);
                var node = nodes[turn++ % nodes.Length];
                if (await AllDoneAsync(node.Address))
                    return true;
                foreach (var person in new[] { "reviewer", "board-a", "board-b" })
                {
                    // Reads from either node; answers through the node under test, so its failpoints are reached.
                    var inbox = await (await Client(nodes[turn++ % nodes.Length].Address, person).GetAsync("/api/v1/tasks"))
                        .Content.ReadFromJsonAsync<JsonElement>();
                    var api = Client(stopWhenKilled.Address, person);
                    foreach (var task in inbox.EnumerateArray())
                    {
                        var answer = await api.PostAsJsonAsync($"/api/v1/tasks/{task.GetProperty("id").GetGuid()}/complete", new { outcome = "approve" });
                        Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, await answer.Content.ReadAsStringAsync());
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The node under test is dying; give it a moment to be gone. Anything else is a real failure.
                if (await stopWhenKilled.WaitForExitAsync(TimeSpan.FromSeconds(5)))
                    return false;
                throw;
            }
            await Task.Delay(100);
        }
        if (last)
            throw new TimeoutException($"The work did not finish in the last, failpoint-free run:\n{await StateAsync(nodes[0].Address)}\n{stopWhenKilled.Output}");
        return false;
    }

    /// <summary>What is left, for a failure message: unfinished instances with their journals' tails, and pending emails.</summary>
    private async Task<string> StateAsync(Uri address)
    {
        var admin = Client(address, "admin");
        var report = new System.Text.StringBuilder();
        var instances = await admin.GetFromJsonAsync<JsonElement>("/api/v1/workflows/instances?definition=crash-approval&pageSize=100");
        foreach (var instance in instances.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("status").GetString() != "Complete"))
        {
            var id = instance.GetProperty("id").GetGuid();
            var journal = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/workflows/{id}/journal");
            report.AppendLine($"{id} {instance.GetProperty("status")}: " + string.Join(" | ", journal.GetProperty("entries").EnumerateArray().TakeLast(6)
                .Select(e => $"{e.GetProperty("kind")} {e.GetProperty("stepId")} {e.GetProperty("outcome")} {e.GetProperty("detail")}")));
        }
        report.AppendLine("pending emails: " + await admin.GetStringAsync("/api/v1/admin/emails?status=Pending"));
        return report.ToString();
    }

    private async Task<bool> AllDoneAsync(Uri address)
    {
        var admin = Client(address, "admin");
        var complete = await (await admin.GetAsync("/api/v1/workflows/instances?definition=crash-approval&status=Complete"))
            .Content.ReadFromJsonAsync<JsonElement>();
        if (complete.GetProperty("total").GetInt64() < Instances)
            return false;
        var pending = await (await admin.GetAsync("/api/v1/admin/emails?status=Pending")).Content.ReadFromJsonAsync<JsonElement>();
        return pending.GetProperty("total").GetInt64() == 0;
    }

    private async Task AssertNothingTwiceAsync(DbConnection connection)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            var tasks = (await connection.QueryAsync<(string StepId, long Count)>(
                "SELECT step_id, COUNT(*) FROM wf_tasks GROUP BY workflow_id, step_id")).ToList();
            Assert.Equal(Instances * 2, tasks.Count);
            Assert.All(tasks.Where(t => t.StepId == "review"), t => Assert.Equal(1, t.Count));
            Assert.All(tasks.Where(t => t.StepId == "board"), t => Assert.Equal(2, t.Count));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM wf_instances WHERE status <> 2"));

            var outbox = (await connection.QueryAsync<(string Key, string MessageId, string Status)>(
                "SELECT idempotency_key, message_id, status FROM email_outbox")).ToList();
            // Per instance: the review task to Procurement, the notice to Finance, a board task each for two members, the outcome;
            // and a welcome for each of the five accounts set up.
            Assert.Equal(Instances * 3, outbox.Count(o => o.Key.StartsWith("task/", StringComparison.Ordinal)));
            Assert.Equal(5, outbox.Count(o => o.Key.StartsWith("account-created/", StringComparison.Ordinal)));
            Assert.Equal(Instances * 5 + 5, outbox.Count);
            Assert.All(outbox, o => Assert.Equal("Sent", o.Status));
            Assert.Equal(outbox.Count, outbox.Select(o => o.MessageId).Distinct().Count());

            var received = _smtp.Received.ToList();
            var byMessageId = received.GroupBy(m => "<" + m.MessageId + ">").ToList();
            Assert.Equal(outbox.Select(o => o.MessageId).Order(), byMessageId.Select(g => g.Key).Order());
            foreach (var copies in byMessageId)
            {
                var first = copies.First();
                Assert.All(copies, copy =>
                {
                    Assert.Equal(first.Subject, copy.Subject);
                    Assert.Equal(first.TextBody, copy.TextBody);
                    Assert.Equal(first.To.ToString(), copy.To.ToString());
                });
            }
        }
    }

    private HttpClient Client(Uri address, string person)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[person]);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Signs in through the login page, then issues a personal API token with the cookie and the antiforgery header.</summary>
    private static async Task<string> SignInForTokenAsync(Uri address, string userName, string password)
    {
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = address };
        var page = await browser.GetStringAsync("/account/login");
        var field = AntiforgeryField().Match(page);
        Assert.True(field.Success, "The login page has no antiforgery field.");
        var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(field.Groups[1].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var antiforgery = await browser.GetFromJsonAsync<JsonElement>("/api/v1/antiforgery");
        var issue = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = JsonContent.Create(new { name = "crash test" }) };
        issue.Headers.Add("X-CSRF-TOKEN", antiforgery.GetProperty("token").GetString());
        var issued = await browser.SendAsync(issue);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
    }
}
