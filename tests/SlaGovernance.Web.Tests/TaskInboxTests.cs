using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Tests;

public sealed class TaskInboxTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("slagov-web-tasks-").FullName;
    private readonly SlaGovernanceFactory _factory;

    public TaskInboxTests()
    {
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", "workflow.schema.json"), Path.Combine(_folder, "workflow.schema.json"));
        File.WriteAllText(Path.Combine(_folder, "review.json"), """
            {
              "id": "test-review", "version": 1, "title": "Procurement review",
              "subject": { "type": "Agreement", "fields": [] },
              "start": "review",
              "steps": [
                { "id": "review", "type": "humanTask", "title": "Review the draft SLA", "role": "Procurement", "dueInBusinessDays": 2,
                  "outcomes": ["approve", "request-changes"], "commentRequiredFor": ["request-changes"], "excludeRequester": true,
                  "routes": { "approve": "end", "request-changes": "end" } },
                { "id": "end", "type": "end" }
              ]
            }
            """);
        _factory = new SlaGovernanceFactory { Settings = new() { ["Workflows:DefinitionsFolder"] = _folder, ["Workflows:PollIntervalSeconds"] = "0.2" } };
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<(string WorkflowId, Guid TaskId)> StartReviewAsync(string requestedBy)
    {
        var id = await _factory.Services.GetRequiredService<IWorkflowHost>()
            .StartWorkflow("test-review", 1, new WorkflowSubject { Type = "Agreement", Id = "agr-42", RequestedBy = requestedBy });
        var api = await _factory.AdminApiAsync();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var admin = await (await api.GetAsync("/api/v1/workflows/instances?definition=test-review")).ReadJsonAsync();
            if (admin.GetProperty("total").GetInt64() > 0)
            {
                var reviewer = await _factory.ApiClientAsync("probe-" + Guid.NewGuid().ToString("N")[..6], Roles.Procurement);
                var inbox = await (await reviewer.GetAsync("/api/v1/tasks")).ReadJsonAsync();
                if (inbox.GetArrayLength() > 0)
                    return (id, inbox[0].GetProperty("id").GetGuid());
            }
            await Task.Delay(50);
        }
        var errors = await (await api.GetAsync($"/api/v1/workflows/{id}/errors")).Content.ReadAsStringAsync();
        var instance = await _factory.Services.GetRequiredService<IPersistenceProvider>().GetWorkflowInstance(id);
        var pointers = string.Join("; ", instance.ExecutionPointers.Select(p => $"{p.StepName} {p.Status} event={p.EventName}"));
        throw new TimeoutException($"The review task never appeared in the inbox; the instance is {instance.Status} at [{pointers}], errors: {errors}");
    }

    [Fact]
    public async Task A_reviewer_decides_in_the_page_and_the_requester_and_a_second_decision_are_refused()
    {
        var requester = await _factory.CreateUserAsync("drafter", Roles.Procurement);
        var reviewer = await _factory.CreateUserAsync("reviewer", Roles.Procurement);
        var (workflowId, taskId) = await StartReviewAsync(requestedBy: "drafter");

        var drafterApi = await _factory.Browser().SignInAsync(requester.UserName, requester.Password);
        var token = await (await drafterApi.GetAsync("/api/v1/antiforgery")).ReadJsonAsync();
        var selfApproval = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tasks/{taskId}/complete")
        {
            Content = JsonContent.Create(new { outcome = "approve" }),
        };
        selfApproval.Headers.Add("X-CSRF-TOKEN", token.GetProperty("token").GetString());
        var refused = await drafterApi.SendAsync(selfApproval);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("segregation of duties", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());

        var browser = await _factory.Browser().SignInAsync(reviewer.UserName, reviewer.Password);
        var inbox = await browser.GetPageAsync("/tasks");
        Assert.Contains("Review the draft SLA", inbox.QuerySelector("#tasks")!.TextContent);
        var page = await browser.GetPageAsync($"/tasks/{taskId}");
        var missingComment = await browser.SubmitAsync(page, "form.stacked", new Dictionary<string, string> { ["Outcome"] = "request-changes" });
        Assert.Contains("comment is required", (await Pages.ParseAsync(missingComment)).QuerySelector(".alert")!.TextContent);

        var decided = await browser.SubmitAsync(await browser.GetPageAsync($"/tasks/{taskId}"), "form.stacked", new Dictionary<string, string>
        {
            ["Outcome"] = "request-changes",
            ["Comment"] = "The credit cap is missing.",
        });
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);

        var other = await _factory.ApiClientAsync("late-reviewer", Roles.Procurement);
        var late = await other.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("reviewer", (await late.ReadJsonAsync()).GetProperty("detail").GetString());

        var store = _factory.Services.GetRequiredService<IPersistenceProvider>();
        for (var attempt = 0; attempt < 200 && (await store.GetWorkflowInstance(workflowId)).Status != WorkflowStatus.Complete; attempt++)
            await Task.Delay(50);
        Assert.Equal(WorkflowStatus.Complete, (await store.GetWorkflowInstance(workflowId)).Status);
    }

    [Fact]
    public async Task An_inbox_read_with_its_etag_is_not_modified_and_a_waiting_read_returns_when_a_task_opens_or_the_wait_ends()
    {
        var reviewer = await _factory.ApiClientAsync("waiter", Roles.Procurement);
        var empty = await reviewer.GetAsync("/api/v1/tasks");
        var etag = empty.Headers.ETag!.ToString();
        Assert.Equal(0, (await empty.ReadJsonAsync()).GetArrayLength());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, (await reviewer.SendAsync(conditional)).StatusCode);

        // Held until the task opens: the engine's commit wakes the request, not a poll by the client.
        using var waiting = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
        waiting.Headers.TryAddWithoutValidation("If-None-Match", etag);
        waiting.Headers.TryAddWithoutValidation("Prefer", "wait=30");
        var held = reviewer.SendAsync(waiting);
        await _factory.Services.GetRequiredService<IWorkflowHost>()
            .StartWorkflow("test-review", 1, new WorkflowSubject { Type = "Agreement", Id = "agr-77", RequestedBy = "someone" });
        var woken = await held.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, woken.StatusCode);
        Assert.Equal("wait=30", woken.Headers.GetValues("Preference-Applied").Single());
        Assert.Equal("agr-77", (await woken.ReadJsonAsync())[0].GetProperty("subjectId").GetString());
        var opened = woken.Headers.ETag!.ToString();
        Assert.NotEqual(etag, opened);

        // Nothing changes: the wait ends on the injected clock with 304.
        using var idle = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
        idle.Headers.TryAddWithoutValidation("If-None-Match", opened);
        idle.Headers.TryAddWithoutValidation("Prefer", "wait=2");
        var ending = reviewer.SendAsync(idle);
        for (var second = 0; second < 60 && !ending.IsCompleted; second++)
        {
            await Task.Delay(20);
            _factory.Time.Advance(TimeSpan.FromMilliseconds(250));
        }
        Assert.Equal(HttpStatusCode.NotModified, (await ending.WaitAsync(TimeSpan.FromSeconds(20))).StatusCode);
    }

    [Fact]
    public async Task Someone_outside_the_role_neither_sees_nor_completes_the_task()
    {
        var (_, taskId) = await StartReviewAsync(requestedBy: "nobody");
        var legal = await _factory.ApiClientAsync("legal-" + Guid.NewGuid().ToString("N")[..6], Roles.Legal);
        Assert.Equal(0, (await (await legal.GetAsync("/api/v1/tasks")).ReadJsonAsync()).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await legal.GetAsync($"/api/v1/tasks/{taskId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await legal.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome = "approve" })).StatusCode);
        var reviewer = await _factory.ApiClientAsync("rev-" + Guid.NewGuid().ToString("N")[..6], Roles.Procurement);
        var invalid = await reviewer.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome = "shrug" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("outcome", (await invalid.ProblemErrorsAsync()).Keys);
    }
}
