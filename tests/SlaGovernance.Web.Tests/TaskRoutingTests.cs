using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Tests;

/// <summary>Starting an instance, delegating and reassigning its task in pages and the API, deactivation, and the journal.</summary>
public sealed class TaskRoutingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("slagov-web-routing-").FullName;
    private readonly SlaGovernanceFactory _factory;

    public TaskRoutingTests()
    {
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", "workflow.schema.json"), Path.Combine(_folder, "workflow.schema.json"));
        File.WriteAllText(Path.Combine(_folder, "route.json"), """
            {
              "id": "test-route", "version": 1, "title": "A review that may move",
              "subject": { "type": "Agreement", "fields": ["title"] },
              "start": "review",
              "steps": [
                { "id": "review", "type": "humanTask", "title": "Review {title}", "role": "Procurement", "escalateTo": "GovernanceBoard",
                  "outcomes": ["approve"], "routes": { "approve": "end" } },
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

    [Fact]
    public async Task A_task_is_delegated_in_the_page_reassigned_by_an_admin_returned_on_deactivation_and_every_move_is_on_the_timeline()
    {
        var reviewer = await _factory.CreateUserAsync("reviewer", Roles.Procurement);
        var second = await _factory.CreateUserAsync("second", Roles.Procurement);
        var third = await _factory.CreateUserAsync("third", Roles.Procurement);
        await _factory.CreateUserAsync("lawyer", Roles.Legal);
        var admin = await _factory.AdminApiAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/v1/workflows/definitions/no-such/instances", new { subjectId = "x" })).StatusCode);
        var badField = await admin.PostAsJsonAsync("/api/v1/workflows/definitions/test-route/instances", new { subjectId = "agr-7", fields = new { colour = "red" } });
        Assert.Equal(HttpStatusCode.BadRequest, badField.StatusCode);
        Assert.Contains("fields.colour", (await badField.ProblemErrorsAsync()).Keys);
        var outsider = await _factory.ApiClientAsync("outsider", Roles.Procurement);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync("/api/v1/workflows/definitions/test-route/instances", new { subjectId = "x" })).StatusCode);
        var started = await admin.PostAsJsonAsync("/api/v1/workflows/definitions/test-route/instances",
            new { subjectId = "agr-7", fields = new { title = "Hosting SLA" }, requestedBy = "drafter" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var workflowId = (await started.ReadJsonAsync()).GetProperty("id").GetString();

        var page = await _factory.Browser().SignInAsync(reviewer.UserName, reviewer.Password);
        Guid taskId = default;
        for (var attempt = 0; attempt < 200 && taskId == default; attempt++)
        {
            var inbox = await (await page.GetAsync("/api/v1/tasks")).ReadJsonAsync();
            if (inbox.GetArrayLength() > 0)
                taskId = inbox[0].GetProperty("id").GetGuid();
            else
                await Task.Delay(50);
        }
        Assert.NotEqual(default, taskId);

        var taskPage = await page.GetPageAsync($"/tasks/{taskId}");
        Assert.Null(taskPage.QuerySelector("#reassign"));
        var delegated = await page.SubmitAsync(taskPage, "#delegate", new Dictionary<string, string> { ["ToUser"] = "second", ["Reason"] = "On leave" });
        Assert.Equal(HttpStatusCode.Redirect, delegated.StatusCode);

        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        var secondApi = await SignedApiAsync(second.UserName, second.Password);
        var toLawyer = await secondApi.Client.SendAsync(secondApi.Post($"/api/v1/tasks/{taskId}/delegate", new { toUser = "lawyer" }));
        Assert.Equal(HttpStatusCode.Forbidden, toLawyer.StatusCode);
        Assert.Contains("not a member of Procurement", (await toLawyer.ReadJsonAsync()).GetProperty("detail").GetString());
        var reviewerApi = await SignedApiAsync(reviewer.UserName, reviewer.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewerApi.Client.SendAsync(reviewerApi.Post($"/api/v1/tasks/{taskId}/complete", new { outcome = "approve" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewerApi.Client.SendAsync(reviewerApi.Post($"/api/v1/tasks/{taskId}/reassign", new { toUser = "reviewer" }))).StatusCode);

        var reassigned = await admin.PostAsJsonAsync($"/api/v1/tasks/{taskId}/reassign", new { toUser = "third", reason = "second is overloaded" });
        Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        Assert.Equal(third.Id, (await reassigned.ReadJsonAsync()).GetProperty("assigneeUserId").GetGuid());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/tasks/{taskId}/reassign", new { toUser = "third", toRole = "Legal" })).StatusCode);

        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        var users = _factory.Services.GetRequiredService<UserStore>();
        var thirdRow = (await users.GetAsync(third.Id))!;
        var deactivated = await _factory.Services.GetRequiredService<UserAdministration>().UpdateAsync("admin", third.Id,
            new UserChange(new UserAccountInput(thirdRow.UserName, thirdRow.DisplayName, thirdRow.Email, thirdRow.TimeZone, thirdRow.Roles), false,
                thirdRow.Version));
        Assert.Null(deactivated.Errors);
        var task = await (await admin.GetAsync($"/api/v1/tasks/{taskId}")).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, task.GetProperty("assigneeUserId").ValueKind);
        Assert.Equal("Procurement", task.GetProperty("assigneeRole").GetString());

        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await reviewerApi.Client.SendAsync(reviewerApi.Post($"/api/v1/tasks/{taskId}/complete", new { outcome = "approve" }))).StatusCode);

        var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/workflows/{workflowId}/journal")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/workflows/{Guid.NewGuid()}/journal")).StatusCode);
        JsonKinds journal = default;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            journal = new JsonKinds(await (await reviewerApi.Client.GetAsync($"/api/v1/workflows/{workflowId}/journal")).ReadJsonAsync());
            if (journal.Status == "Complete")
                break;
            await Task.Delay(50);
        }
        Assert.Equal("Complete", journal.Status);
        Assert.Equal(["task-opened", "task-delegated", "task-reassigned", "task-returned-to-role", "task-completed"],
            journal.Kinds.Where(k => k.StartsWith("task-", StringComparison.Ordinal)));
        Assert.Equal("workflow-started", journal.Kinds[0]);
        Assert.Equal("workflow-ended", journal.Kinds[^1]);

        var timeline = await page.GetPageAsync($"/workflows/{workflowId}");
        var text = timeline.QuerySelector("#timeline")!.TextContent;
        Assert.Contains("On leave", text);
        Assert.Contains("third was deactivated", text);
        Assert.Contains("reviewer", text);
    }

    private async Task<(HttpClient Client, Func<string, object, HttpRequestMessage> Post)> SignedApiAsync(string userName, string password)
    {
        var client = await _factory.Browser().SignInAsync(userName, password);
        var token = (await (await client.GetAsync("/api/v1/antiforgery")).ReadJsonAsync()).GetProperty("token").GetString();
        return (client, (url, body) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            request.Headers.Add("X-CSRF-TOKEN", token);
            return request;
        });
    }

    private readonly record struct JsonKinds(System.Text.Json.JsonElement Json)
    {
        public string? Status => Json.ValueKind == System.Text.Json.JsonValueKind.Object ? Json.GetProperty("status").GetString() : null;
        public List<string> Kinds => Json.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToList();
    }
}
