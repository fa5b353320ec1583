using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Tests;

public sealed class WorkflowOperationsTests : IDisposable
{
    public const string WaitingDefinition = """
        {
          "id": "test-signature", "version": 3, "title": "Wait for a signature",
          "subject": { "type": "Agreement", "fields": [] },
          "start": "wait",
          "steps": [
            { "id": "wait", "type": "waitForEvent", "event": "signature-recorded", "next": "done" },
            { "id": "done", "type": "end" }
          ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("slagov-web-workflows-").FullName;
    private readonly SlaGovernanceFactory _factory;

    public WorkflowOperationsTests()
    {
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", "workflow.schema.json"), Path.Combine(_folder, "workflow.schema.json"));
        File.WriteAllText(Path.Combine(_folder, "signature.json"), WaitingDefinition);
        _factory = new SlaGovernanceFactory { Settings = new() { ["Workflows:DefinitionsFolder"] = _folder, ["Workflows:PollIntervalSeconds"] = "0.2", ["Workflows:PurgeFinishedAfterDays"] = "2" } };
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task An_admin_sees_the_loaded_definition_and_a_running_instance_and_can_cancel_it_once()
    {
        var api = await _factory.AdminApiAsync();
        var definitions = await (await api.GetAsync("/api/v1/workflows/definitions")).ReadJsonAsync();
        var definition = Assert.Single(definitions.EnumerateArray());
        Assert.Equal(("test-signature", 3, "workflows/signature.json"),
            (definition.GetProperty("id").GetString(), definition.GetProperty("version").GetInt32(), definition.GetProperty("sourceFile").GetString()));

        var id = await _factory.Services.GetRequiredService<IWorkflowHost>()
            .StartWorkflow("test-signature", 3, new WorkflowSubject { Type = "Agreement", Id = "agreement-1" }, "agreement-1");
        var instances = await (await api.GetAsync("/api/v1/workflows/instances?definition=test-signature&status=Runnable")).ReadJsonAsync();
        var listed = Assert.Single(instances.GetProperty("items").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetGuid().ToString());

        var browser = await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var page = await browser.GetPageAsync("/admin/workflows");
        Assert.Contains("test-signature", page.QuerySelector("#definitions")!.TextContent);
        Assert.Contains(id, page.QuerySelector("#instances")!.TextContent);

        var cancelled = await api.PostAsync($"/api/v1/workflows/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Terminated", (await cancelled.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/workflows/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/v1/workflows/{Guid.NewGuid()}/cancel", null)).StatusCode);

        var audit = await (await api.GetAsync($"/api/v1/audit?entityType=WorkflowInstance&entityId={id}")).ReadJsonAsync();
        Assert.Equal("workflow.cancelled", Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("action").GetString());
    }

    [Fact]
    public async Task Finished_instances_past_the_configured_age_are_purged_and_running_ones_kept()
    {
        var host = _factory.Services.GetRequiredService<IWorkflowHost>();
        var finished = await host.StartWorkflow("test-signature", 3, new WorkflowSubject { Type = "Agreement", Id = "old" });
        var running = await host.StartWorkflow("test-signature", 3, new WorkflowSubject { Type = "Agreement", Id = "live" });
        var api = await _factory.AdminApiAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/workflows/{finished}/cancel", null)).StatusCode);

        var purge = _factory.Services.GetRequiredService<SlaGovernance.Web.Hosting.FinishedWorkflowPurge>();
        await purge.PurgeAsync(CancellationToken.None);
        var store = _factory.Services.GetRequiredService<IPersistenceProvider>();
        Assert.NotNull(await store.GetWorkflowInstance(finished));

        _factory.Time.Advance(TimeSpan.FromDays(2.5)); // small: the fake clock fires every periodic timer once per period it skips
        await purge.PurgeAsync(CancellationToken.None);
        Assert.Null(await store.GetWorkflowInstance(finished));
        Assert.NotNull(await store.GetWorkflowInstance(running));
    }

    [Fact]
    public async Task Workflow_operations_are_for_admins_only()
    {
        var legal = await _factory.ApiClientAsync("legal-ops", Roles.Legal);
        Assert.Equal(HttpStatusCode.Forbidden, (await legal.GetAsync("/api/v1/workflows/instances")).StatusCode);
        var api = await _factory.AdminApiAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/workflows/instances?status=Sleepy")).StatusCode);
    }
}
