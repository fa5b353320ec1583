using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Tests;
using SlaGovernance.Web.Hosting;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Tests;

public sealed class ObservabilityTests : IDisposable
{
    private const string ScrapeToken = "prometheus-scrape-token-for-the-tests";

    /// <summary>A definition whose one step proceeds at once: one transition per instance.</summary>
    private const string InstantDefinition = """
        {
          "id": "test-instant", "version": 1, "title": "Done at once",
          "subject": { "type": "Agreement", "fields": [] },
          "start": "done",
          "steps": [ { "id": "done", "type": "end" } ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("slagov-web-metrics-").FullName;
    private readonly SlaGovernanceFactory _factory;

    public ObservabilityTests()
    {
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", "workflow.schema.json"), Path.Combine(_folder, "workflow.schema.json"));
        File.WriteAllText(Path.Combine(_folder, "signature.json"), WorkflowOperationsTests.WaitingDefinition);
        File.WriteAllText(Path.Combine(_folder, "instant.json"), InstantDefinition);
        _factory = new SlaGovernanceFactory
        {
            Settings = new()
            {
                ["Workflows:DefinitionsFolder"] = _folder,
                ["Workflows:PollIntervalSeconds"] = "0.2",
                ["Observability:ScrapeToken"] = ScrapeToken,
                ["Observability:OutboxBacklogThreshold"] = "1",
            },
        };
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private HttpClient WithBearer(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task The_scrape_endpoint_refuses_anonymous_callers_other_roles_and_wrong_tokens()
    {
        var anonymous = await _factory.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("slagov_", await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithBearer(ScrapeToken + "x").GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithBearer(ScrapeToken[..^1]).GetAsync("/metrics")).StatusCode);
        var auditor = await _factory.ApiClientAsync("auditor-" + Guid.NewGuid().ToString("N")[..6], Roles.Auditor);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/metrics")).StatusCode);

        var scraper = await WithBearer(ScrapeToken).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraper.StatusCode);
        Assert.Contains("slagov_outbox_backlog", await scraper.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_admin_scrapes_the_applications_own_metrics_after_a_workflow_transition()
    {
        var host = _factory.Services.GetRequiredService<IWorkflowHost>();
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync("/health/live")).StatusCode);
        var id = await host.StartWorkflow("test-instant", 1, new WorkflowSubject { Type = "Agreement", Id = "metrics-1" }, "metrics-1");
        var api = await _factory.AdminApiAsync();

        // Measurements land a moment after the work that makes them (a request's duration once its pipeline has finished).
        string[] expected = ["slagov_workflow_transitions_total{", "definition=\"test-instant\"", "slagov_outbox_backlog", "slagov_outbox_dead_letters",
            "http_server_request_duration_seconds", "dotnet_gc_"];
        var scraped = "";
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var response = await api.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scraped = await response.Content.ReadAsStringAsync();
            if (expected.All(name => scraped.Contains(name, StringComparison.Ordinal)))
                break;
            await Task.Delay(50);
        }
        foreach (var name in expected)
            Assert.True(scraped.Contains(name, StringComparison.Ordinal),
                $"{name} is missing from:\n" + string.Join('\n', scraped.Split('\n').Where(line => line.Contains("slagov", StringComparison.Ordinal))));
        Assert.NotNull(id);
    }

    [Fact]
    public async Task Readiness_reports_a_stopped_workflow_poller_and_an_outbox_backlog_in_words()
    {
        var client = _factory.CreateClient();
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"workflow-poller\"", await ready.Content.ReadAsStringAsync());

        var outbox = _factory.Services.GetRequiredService<EmailOutbox>();
        foreach (var key in new[] { "backlog-1", "backlog-2" })
            await outbox.EnqueueAsync(key, [new EmailAddress("board@example.com")], "Waiting", "Body");
        var degraded = await (await client.GetAsync("/health/ready")).ReadJsonAsync();
        Assert.Equal("Degraded", degraded.GetProperty("status").GetString());
        Assert.Contains("2 emails wait in the outbox, more than Observability:OutboxBacklogThreshold (1)",
            degraded.GetProperty("checks").GetProperty("outbox").GetProperty("description").GetString());

        await _factory.Services.GetRequiredService<WorkflowEngineService>().StopAsync(CancellationToken.None);
        var stopped = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stopped.StatusCode);
        var poller = (await stopped.ReadJsonAsync()).GetProperty("checks").GetProperty("workflow-poller");
        Assert.Equal("Unhealthy", poller.GetProperty("status").GetString());
        Assert.Contains("The workflow engine is stopped", poller.GetProperty("description").GetString());
    }
}
