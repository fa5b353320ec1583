using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using SlaGovernance.Tests;
using SlaGovernance.Web.Hosting;

namespace SlaGovernance.Web.Tests;

public sealed class HostingTests : IClassFixture<SlaGovernanceFactory>
{
    private readonly SlaGovernanceFactory _factory;

    public HostingTests(SlaGovernanceFactory factory) => _factory = factory;

    [Fact]
    public async Task Live_and_ready_answer_200_when_the_database_answers()
    {
        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_lost_database_makes_ready_503_and_requests_fail_with_problem_json()
    {
        var path = Path.Combine(Path.GetTempPath(), $"slagov-web-{Guid.NewGuid():N}.db");
        using var factory = new SlaGovernanceFactory { DatabasePath = path };
        var api = await factory.AdminApiAsync();
        var browser = await factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/vendors")).StatusCode);

        // The host's pollers keep opening the file; one may create it again between the delete and the directory taking its place.
        for (var attempt = 0; !Directory.Exists(path); attempt++)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(path + suffix);
            try
            {
                Directory.CreateDirectory(path);
            }
            catch (IOException) when (attempt < 20)
            {
            }
        }
        try
        {
            var client = factory.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);

            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/vendors");
            request.Headers.Authorization = api.DefaultRequestHeaders.Authorization;
            var failed = await client.SendAsync(request);
            Assert.True(failed.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Unauthorized,
                $"Expected 503 (or 401 when the token cannot be checked), got {failed.StatusCode}");
            Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("   at ", await failed.Content.ReadAsStringAsync());

            var page = await browser.GetAsync("/vendors");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("database is unavailable", await page.Content.ReadAsStringAsync());
        }
        finally
        {
            Directory.Delete(path);
        }
    }

    [Fact]
    public async Task The_openapi_document_and_its_reference_page_are_served()
    {
        var client = _factory.CreateClient();
        var document = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var json = await document.ReadJsonAsync();
        var paths = json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/vendors", paths);
        Assert.Contains("/api/v1/vendors/{id}", paths);
        Assert.Contains("/api/v1/audit/verify", paths);
        var reference = await client.GetAsync("/api-reference");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("openapi/v1.json", await reference.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Every_store_is_registered_once()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddSlaGovernance();
        var twice = builder.Services.Where(d => d.ServiceType.Name.EndsWith("Store", StringComparison.Ordinal))
            .GroupBy(d => d.ServiceType).Where(g => g.Count() > 1).Select(g => g.Key.FullName);
        Assert.Empty(twice);
    }

    [Theory]
    [InlineData("Oracle", "Data Source=x.db", "Database:Provider 'Oracle' is not a known provider")]
    [InlineData("Sqlite", "", "Database:ConnectionString is not set")]
    [InlineData("PostgreSql", "Host=127.0.0.1;Port=notaport", "Database:ConnectionString is not a valid PostgreSql connection string")]
    [InlineData("PostgreSql", "Host=127.0.0.1;Port=1;Database=x;Username=u;Timeout=2", "Cannot use the PostgreSql database named by Database:ConnectionString")]
    [InlineData("SqlServer", "Server=127.0.0.1,1;Database=x;Connect Timeout=2;TrustServerCertificate=true", "Database:ConnectionString")]
    public async Task Bad_database_settings_stop_start_up_with_a_message_naming_the_setting(string provider, string connectionString, string message)
    {
        var (exitCode, _, errors) = await RunHostAsync([], new()
        {
            ["Database__Provider"] = provider,
            ["Database__ConnectionString"] = connectionString,
        });
        Assert.Equal(2, exitCode);
        Assert.Contains(message, errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Theory]
    [InlineData("", "Audit:CheckpointKey is not set")]
    [InlineData("short", "Audit:CheckpointKey has 5 characters")]
    public async Task Production_without_an_audit_checkpoint_key_refuses_to_start_naming_the_setting(string key, string message)
    {
        var path = Path.Combine(Path.GetTempPath(), $"slagov-nokey-{Guid.NewGuid():N}.db");
        try
        {
            var (exitCode, _, errors) = await RunHostAsync([], new()
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = $"Data Source={path}",
                ["Audit__CheckpointKey"] = key,
            });
            Assert.Equal(2, exitCode);
            Assert.Contains(message, errors);
            Assert.DoesNotContain("   at ", errors);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(path + suffix);
        }
    }

    [Fact]
    public async Task Migrate_only_applies_the_migrations_and_exits()
    {
        var path = Path.Combine(Path.GetTempPath(), $"slagov-migrate-{Guid.NewGuid():N}.db");
        try
        {
            var env = new Dictionary<string, string> { ["Database__Provider"] = "Sqlite", ["Database__ConnectionString"] = $"Data Source={path}" };
            var (exitCode, output, _) = await RunHostAsync(["--migrate-only"], env);
            Assert.Equal(0, exitCode);
            var migrations = Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot(), "db", "sqlite"), "*.sql").Length;
            Assert.Contains($"Applied {migrations} migration(s): 0001_platform.sql, ", output);
            (exitCode, output, _) = await RunHostAsync(["--migrate-only"], env);
            Assert.Equal(0, exitCode);
            Assert.Contains("up to date", output);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(path + suffix);
        }
    }

    [Fact]
    public async Task A_bad_workflow_definition_stops_start_up_naming_the_file_the_path_and_the_rule()
    {
        var folder = Directory.CreateTempSubdirectory("slagov-bad-workflows-").FullName;
        var path = Path.Combine(Path.GetTempPath(), $"slagov-bad-{Guid.NewGuid():N}.db");
        try
        {
            File.Copy(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", "workflow.schema.json"), Path.Combine(folder, "workflow.schema.json"));
            File.WriteAllText(Path.Combine(folder, "broken.json"),
                WorkflowOperationsTests.WaitingDefinition.Replace("\"next\": \"done\"", "\"next\": \"missing\""));
            var (exitCode, _, errors) = await RunHostAsync([], new()
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = $"Data Source={path}",
                ["Workflows__DefinitionsFolder"] = folder,
            });
            Assert.Equal(2, exitCode);
            Assert.Contains("workflows/broken.json at $.steps[0]: Step 'wait' leads to 'missing'", errors);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(path + suffix);
        }
    }

    [Fact]
    public async Task A_bad_questionnaire_stops_start_up_naming_the_file_the_path_and_the_rule()
    {
        var folder = Directory.CreateTempSubdirectory("slagov-bad-questionnaires-").FullName;
        var path = Path.Combine(Path.GetTempPath(), $"slagov-bad-{Guid.NewGuid():N}.db");
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", "questionnaires")))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            var legal = Path.Combine(folder, "legal.v1.json");
            File.WriteAllText(legal, File.ReadAllText(legal).Replace("\"type\": \"yesNo\", \"good\": \"yes\", \"weight\": 25", "\"type\": \"maybe\", \"good\": \"yes\", \"weight\": 25",
                StringComparison.Ordinal));
            var (exitCode, _, errors) = await RunHostAsync([], new()
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = $"Data Source={path}",
                ["Assessments__QuestionnairesFolder"] = folder,
            });
            Assert.Equal(2, exitCode);
            Assert.Contains("workflows/questionnaires/legal.v1.json at $.questions[1].type: 'maybe' is not an answer type", errors);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(path + suffix);
        }
    }

    /// <summary>Runs the built host as its own process, as an operator would, and returns its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> RunHostAsync(string[] args, Dictionary<string, string> environment)
    {
        var configuration = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar) is var parts && Array.LastIndexOf(parts, "bin") is var bin and >= 0
            ? parts[bin + 1]
            : "Debug";
        var dll = Path.Combine(TestEnvironment.RepositoryRoot(), "src", "SlaGovernance.Web", "bin", configuration, "net10.0", "SlaGovernance.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Seed__DemoData"] = "false";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
