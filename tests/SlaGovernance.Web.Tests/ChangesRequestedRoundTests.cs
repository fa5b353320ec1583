using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// A round sent back with requested changes, on a stepped clock through the API: tasks that name their subject, stage and
/// reason; a "Revise draft" task for the submitter carrying the comment, its email copied to the owner; the banner and
/// progress on the agreement page; the task closed when the draft is resubmitted; and what each person's start page lists.
/// </summary>
public sealed class ChangesRequestedRoundTests : IDisposable
{
    private readonly SlaGovernanceFactory _factory = new()
    {
        Settings = new()
        {
            ["Workflows:DefinitionsFolder"] = Path.Combine(TestEnvironment.RepositoryRoot(), "workflows"),
            ["Workflows:PollIntervalSeconds"] = "0.2",
        },
    };

    public void Dispose() => _factory.Dispose();

    private const string Comment = "Name the third parties the exclusion covers.";

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string url, string etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: AgreementContent.Json) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    private static async Task<JsonElement> TaskForAsync(HttpClient person, string title)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            foreach (var task in (await (await person.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray())
            {
                if (task.GetProperty("title").GetString() == title)
                    return task;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No task '{title}' appeared.");
    }

    private static async Task AnswerAsync(HttpClient person, JsonElement task, string outcome, string? comment = null) =>
        Assert.Equal(HttpStatusCode.OK,
            (await person.PostAsJsonAsync($"/api/v1/tasks/{task.GetProperty("id").GetGuid()}/complete", new { outcome, comment })).StatusCode);

    private async Task<OutboxRow> EmailAsync(string subject)
    {
        var outbox = _factory.Services.GetRequiredService<EmailOutbox>();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if ((await outbox.ListAsync(OutboxStatus.Pending, PageRequest.Of(1, 200))).Items.FirstOrDefault(m => m.Subject == subject) is { } mail)
                return mail;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No email '{subject}' was queued.");
    }

    private static Dictionary<string, JsonElement> Sections(JsonElement attention) =>
        attention.GetProperty("sections").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => s);

    [Fact]
    public async Task Requested_changes_give_the_submitter_a_revise_task_with_the_comment_closed_when_the_draft_is_resubmitted()
    {
        var drafter = await _factory.ApiClientAsync("drafter", Roles.Procurement);
        var buyer = await _factory.ApiClientAsync("buyer", Roles.Procurement);
        var lawyer = await _factory.ApiClientAsync("lawyer", Roles.Legal);
        await _factory.ApiClientAsync("finance", Roles.Finance);
        await _factory.CreateUserAsync("owner", Roles.VendorManager);
        var vendor = await (await drafter.PostAsJsonAsync("/api/v1/vendors", new { name = "Hostly GmbH", riskTier = "High", contactEmail = "sla@hostly.test" }))
            .ReadJsonAsync();
        var content = AgreementSamples.Hosting(vendor.GetProperty("id").GetGuid()) with { Owner = "owner" };
        var created = await drafter.PostAsJsonAsync("/api/v1/agreements", content, AgreementContent.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await drafter.SendAsync(WithIfMatch(HttpMethod.Post, $"/api/v1/agreements/{id}/submit", created.Headers.ETag!.Tag))).StatusCode);

        // Procurement's task names the agreement, its vendor and annual value, and its place among the four stages routed.
        var procurement = await TaskForAsync(buyer, "Procurement approval");
        Assert.Equal("Managed hosting SLA · Hostly GmbH · 150,000 EUR a year", procurement.GetProperty("subject").GetString());
        Assert.Equal("stage 1 of 4 routed", procurement.GetProperty("stage").GetString());
        Assert.Equal(["Approve", "Reject", "Request changes"], procurement.GetProperty("outcomeChoices").EnumerateArray().Select(o => o.GetProperty("label").GetString()));
        var waiting = Sections(await (await drafter.GetAsync("/api/v1/me/attention")).ReadJsonAsync())["waiting-approvals"].GetProperty("items");
        Assert.Contains("Stage 1 of 4: Procurement approval", Assert.Single(waiting.EnumerateArray()).GetProperty("detail").GetString());
        await AnswerAsync(buyer, procurement, "approve");

        // A day later Legal, routed for the exclusions, sends the draft back.
        _factory.Time.Advance(TimeSpan.FromDays(1));
        var legal = await TaskForAsync(lawyer, "Legal review of exclusions and clauses");
        Assert.Equal("stage 2 of 4 routed", legal.GetProperty("stage").GetString());
        Assert.Equal("The draft has exclusions or non-standard clauses, which Legal reviews.", legal.GetProperty("routeReason").GetString());
        await AnswerAsync(lawyer, legal, "request-changes", Comment);

        var revise = await TaskForAsync(drafter, "Revise draft");
        Assert.Contains(Comment, revise.GetProperty("note").GetString());
        Assert.Contains("lawyer", revise.GetProperty("note").GetString());
        Assert.Equal(("resubmitted", 0), (revise.GetProperty("closesOn").GetString(), revise.GetProperty("outcomes").GetArrayLength()));
        Assert.Equal("Managed hosting SLA · Hostly GmbH · 150,000 EUR a year", revise.GetProperty("subject").GetString());
        // Nobody answers it by hand: it closes when the draft is submitted again.
        Assert.Equal(HttpStatusCode.BadRequest,
            (await drafter.PostAsJsonAsync($"/api/v1/tasks/{revise.GetProperty("id").GetGuid()}/complete", new { outcome = "resubmitted" })).StatusCode);

        var email = await EmailAsync("Task for you: Revise draft");
        Assert.Equal(["drafter@example.com", "owner@example.com"], email.To.Select(t => t.Address).Order(StringComparer.Ordinal));
        Assert.Contains(Comment, email.TextBody);
        Assert.Contains("About: Managed hosting SLA · Hostly GmbH · 150,000 EUR a year", email.TextBody);
        Assert.Contains("closes by itself once it is resubmitted", email.TextBody);

        // The drafter's start page lists the returned draft with the comment; the agreement page shows the banner and the progress.
        var returned = Sections(await (await drafter.GetAsync("/api/v1/me/attention")).ReadJsonAsync())["returned-drafts"].GetProperty("items");
        Assert.Contains(Comment, Assert.Single(returned.EnumerateArray()).GetProperty("detail").GetString());
        var page = await (await _factory.Browser().SignInAsync("drafter", "drafter-password-1")).GetPageAsync($"/agreements/{id}");
        var banner = page.QuerySelector("#changes-requested")!.TextContent;
        Assert.Contains(Comment, banner);
        Assert.Contains("lawyer", banner);
        var stages = page.QuerySelectorAll("#approval-progress li.stage").Select(s => s.ClassName).ToList();
        Assert.Equal(["stage done", "stage decided", "stage not-reached", "stage not-reached"], stages);

        // Two days later the drafter resubmits: the revise task closes and round 2 starts at Procurement.
        _factory.Time.Advance(TimeSpan.FromDays(2));
        var tag = (await drafter.GetAsync($"/api/v1/agreements/{id}")).Headers.ETag!.Tag;
        var saved = await drafter.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/agreements/{id}/draft", tag,
            content with { Exclusions = [new Exclusion(ExclusionType.ThirdParty, "Outages of Cloudflare and AWS eu-central-1 are excluded.")] }));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await drafter.SendAsync(WithIfMatch(HttpMethod.Post, $"/api/v1/agreements/{id}/submit", saved.Headers.ETag!.Tag))).StatusCode);
        var closed = await (await drafter.GetAsync($"/api/v1/tasks/{revise.GetProperty("id").GetGuid()}")).ReadJsonAsync();
        Assert.Equal(("Completed", "resubmitted", "drafter"),
            (closed.GetProperty("status").GetString(), closed.GetProperty("outcome").GetString(), closed.GetProperty("completedBy").GetString()));
        Assert.DoesNotContain((await (await drafter.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray(),
            t => t.GetProperty("title").GetString() == "Revise draft");
        var admin = await _factory.AdminApiAsync();
        var roundOne = revise.GetProperty("workflowId").GetGuid();
        var status = "";
        for (var attempt = 0; attempt < 300 && status != "Complete"; attempt++)
        {
            status = (await (await admin.GetAsync($"/api/v1/workflows/{roundOne}/journal")).ReadJsonAsync()).GetProperty("status").GetString()!;
            await Task.Delay(50);
        }
        Assert.Equal("Complete", status);
        Assert.Equal("stage 1 of 4 routed", (await TaskForAsync(buyer, "Procurement approval")).GetProperty("stage").GetString());
        Assert.Empty(Sections(await (await drafter.GetAsync("/api/v1/me/attention")).ReadJsonAsync())["returned-drafts"].GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Each_role_has_the_start_page_sections_of_its_work_and_an_empty_section_says_what_to_do_next()
    {
        async Task<List<string>> KeysOf(string userName, string role) =>
            [.. Sections(await (await (await _factory.ApiClientAsync(userName, role)).GetAsync("/api/v1/me/attention")).ReadJsonAsync()).Keys];

        Assert.Equal(["tasks", "incidents-open", "returned-drafts", "waiting-approvals", "notice-deadlines", "budgets-at-risk", "last-period", "certificate-risk"],
            await KeysOf("a-buyer", Roles.Procurement));
        Assert.Equal(["tasks", "exclusions-for-legal", "notice-deadlines"], await KeysOf("a-lawyer", Roles.Legal));
        Assert.Equal(["tasks", "notice-deadlines"], await KeysOf("an-auditor", Roles.Auditor));
        Assert.Equal(["tasks", "notice-deadlines", "last-period", "claims-outstanding"], await KeysOf("a-controller", Roles.Finance));
        Assert.Equal(["tasks", "incidents-open", "returned-drafts", "waiting-approvals", "notice-deadlines", "budgets-at-risk", "last-period", "claims-outstanding",
            "certificate-risk", "dead-letters", "exit-readiness", "failed-workflows"], await KeysOf("an-admin", Roles.Admin));

        var empty = Sections(await (await (await _factory.ApiClientAsync("a-member", Roles.GovernanceBoard)).GetAsync("/api/v1/me/attention")).ReadJsonAsync());
        Assert.Empty(empty["tasks"].GetProperty("items").EnumerateArray());
        Assert.StartsWith("Nothing is waiting for you", empty["tasks"].GetProperty("whenEmpty").GetString());
        Assert.StartsWith("No critical vendor is on record", empty["exit-readiness"].GetProperty("whenEmpty").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().GetAsync("/api/v1/me/attention")).StatusCode);
    }
}
