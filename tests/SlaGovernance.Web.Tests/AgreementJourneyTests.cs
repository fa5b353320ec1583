using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

/// <summary>Draft, concurrent edits, submission routed by policy through four stages, the frozen version, and a request-changes round.</summary>
public sealed class AgreementJourneyTests : IDisposable
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

    private static readonly byte[] SignedCopy = System.Text.Encoding.ASCII.GetBytes("%PDF-1.7 signed copy");

    private static MultipartFormDataContent Signature(string fileName, DateOnly signedOn) => new()
    {
        { new ByteArrayContent(SignedCopy), "file", fileName },
        { new StringContent(signedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "signedOn" },
        { new StringContent("Dana Drafter (buyer); Hans Host (Hostly GmbH)"), "signatories" },
    };

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string url, string etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: AgreementContent.Json) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    private static async Task<JsonElement> TaskForAsync(HttpClient person, string stepTitle)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var inbox = await (await person.GetAsync("/api/v1/tasks")).ReadJsonAsync();
            foreach (var task in inbox.EnumerateArray())
            {
                if (task.GetProperty("title").GetString() == stepTitle)
                    return task;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No task '{stepTitle}' appeared.");
    }

    private static async Task AnswerAsync(HttpClient person, string stepTitle, string outcome, string? comment = null)
    {
        var task = await TaskForAsync(person, stepTitle);
        var answer = await person.PostAsJsonAsync($"/api/v1/tasks/{task.GetProperty("id").GetGuid()}/complete", new { outcome, comment });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    private async Task<JsonElement> WaitForStatusAsync(HttpClient client, Guid id, string status)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var agreement = await (await client.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync();
            if (agreement.GetProperty("agreement").GetProperty("status").GetString() == status)
                return agreement;
            await Task.Delay(50);
        }
        var admin = await _factory.AdminApiAsync();
        var faulted = await (await admin.GetAsync("/api/v1/workflows/instances?faulted=true")).ReadJsonAsync();
        var errors = new List<string>();
        foreach (var instance in faulted.GetProperty("items").EnumerateArray())
            errors.Add(await (await admin.GetAsync($"/api/v1/workflows/{instance.GetProperty("id").GetGuid()}/errors")).Content.ReadAsStringAsync());
        var versions = await (await admin.GetAsync($"/api/v1/agreements/{id}/versions")).ReadJsonAsync();
        foreach (var v in versions.EnumerateArray())
        {
            if (v.GetProperty("workflowId").ValueKind == JsonValueKind.String)
                errors.Add(await (await admin.GetAsync($"/api/v1/workflows/{v.GetProperty("workflowId").GetGuid()}/journal")).Content.ReadAsStringAsync());
        }
        throw new TimeoutException($"Agreement {id} never became {status}; workflow errors: {string.Join(" / ", errors)}");
    }

    [Fact]
    public async Task A_draft_is_routed_by_policy_approved_frozen_and_a_change_goes_back_to_draft_for_a_new_round()
    {
        var drafter = await _factory.ApiClientAsync("drafter", Roles.Procurement);
        var buyer = await _factory.ApiClientAsync("buyer", Roles.Procurement);
        var approver = await _factory.ApiClientAsync("approver", Roles.Procurement);
        var lawyer = await _factory.ApiClientAsync("lawyer", Roles.Legal);
        var finance = await _factory.ApiClientAsync("finance", Roles.Finance);
        var boardOne = await _factory.ApiClientAsync("board-one", Roles.GovernanceBoard);
        var boardTwo = await _factory.ApiClientAsync("board-two", Roles.GovernanceBoard);
        var vendor = await (await drafter.PostAsJsonAsync("/api/v1/vendors", new { name = "Hostly GmbH", riskTier = "High", contactEmail = "sla@hostly.test" }))
            .ReadJsonAsync();
        // The term began yesterday, so the agreement becomes Active as soon as it is signed.
        var today = DateOnly.FromDateTime(_factory.Time.GetUtcNow().UtcDateTime);
        var content = AgreementSamples.Hosting(vendor.GetProperty("id").GetGuid()) with { TermStart = today.AddDays(-1), TermEnd = today.AddYears(2) };

        var invalid = await drafter.PostAsJsonAsync("/api/v1/agreements", content with { Slos = [], TimeZone = "Nowhere/Else" }, AgreementContent.Json);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("timeZone", (await invalid.ProblemErrorsAsync()).Keys);
        var noCalendar = await drafter.PostAsJsonAsync("/api/v1/agreements", content with { BusinessCalendarId = Guid.NewGuid() }, AgreementContent.Json);
        Assert.Equal(["businessCalendarId"], (await noCalendar.ProblemErrorsAsync()).Keys);
        Assert.Equal(HttpStatusCode.Forbidden, (await lawyer.PostAsJsonAsync("/api/v1/agreements", content, AgreementContent.Json)).StatusCode);

        var created = await drafter.PostAsJsonAsync("/api/v1/agreements", content, AgreementContent.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        var etag = created.Headers.ETag!.Tag;

        // Two people edit the same draft: the second save, based on the first revision, is refused.
        var first = await buyer.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/agreements/{id}/draft", etag, content with { MonthlyFee = 12_000m }));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stale = await drafter.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/agreements/{id}/draft", etag, content with { MonthlyFee = 13_000m }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        etag = first.Headers.ETag!.Tag;

        var submitted = await drafter.SendAsync(WithIfMatch(HttpMethod.Post, $"/api/v1/agreements/{id}/submit", etag));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal("InApproval", (await submitted.ReadJsonAsync()).GetProperty("agreement").GetProperty("status").GetString());

        // The drafter holds no vote; the exclusions send it to Legal, 150,000 EUR a year to Finance, a 30 % cap to the board (two of them).
        Assert.DoesNotContain((await (await drafter.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray(),
            t => t.GetProperty("title").GetString() == "Procurement approval");
        // The buyer edited version 1, so segregation of duties leaves the buyer's vote out too: another buyer approves.
        Assert.DoesNotContain((await (await buyer.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray(),
            t => t.GetProperty("title").GetString() == "Procurement approval");
        await AnswerAsync(approver, "Procurement approval", "approve");
        await AnswerAsync(lawyer, "Legal review of exclusions and clauses", "approve");
        await AnswerAsync(finance, "Finance approval of the spend", "approve");
        await AnswerAsync(boardOne, "Governance board approval", "approve");
        Assert.Equal("InApproval", (await (await drafter.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync()).GetProperty("agreement").GetProperty("status").GetString());
        await AnswerAsync(boardTwo, "Governance board approval", "approve");

        var approved = await WaitForStatusAsync(drafter, id, "Approved");
        var version = approved.GetProperty("version");
        Assert.Equal(("Approved", false), (version.GetProperty("status").GetString(), version.GetProperty("editable").GetBoolean()));
        Assert.Equal((content with { MonthlyFee = 12_000m }).WithObjectiveKeys().ContentHash(), version.GetProperty("contentHash").GetString());

        // Procurement records the signature with the signed copy; the term began yesterday, so the agreement is Active at once.
        Assert.Equal(HttpStatusCode.BadRequest, (await drafter.PostAsync($"/api/v1/agreements/{id}/signature", Signature("virus.exe", today))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await drafter.PostAsync($"/api/v1/agreements/{id}/signature", Signature("signed.pdf", today.AddDays(7)))).StatusCode);
        var signed = await drafter.PostAsync($"/api/v1/agreements/{id}/signature", Signature("signed.pdf", today));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await drafter.PostAsync($"/api/v1/agreements/{id}/signature", Signature("again.pdf", today))).StatusCode);
        var documentId = (await signed.ReadJsonAsync()).GetProperty("documentId").GetGuid();
        Assert.Equal(SignedCopy, await (await lawyer.GetAsync($"/api/v1/agreements/{id}/documents/{documentId}")).Content.ReadAsByteArrayAsync());
        Assert.Equal("Active", (await (await drafter.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync()).GetProperty("agreement").GetProperty("status").GetString());

        var approvedTag = (await drafter.GetAsync($"/api/v1/agreements/{id}")).Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.Forbidden,
            (await drafter.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/agreements/{id}/draft", approvedTag, content))).StatusCode);

        // A change is a change request: POST .../versions opens one (201) with a draft copied from the governing version. Here the
        // change is a tighter P2 response; Procurement sends it back, and the resubmission is round 2.
        var second = await drafter.SendAsync(WithIfMatch(HttpMethod.Post, $"/api/v1/agreements/{id}/versions", approvedTag,
            new { @class = "Standard", reason = "P2 tickets need a faster answer.", effectiveOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2) }));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var opened = await (await drafter.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync();
        // Each objective keeps its key in the new version.
        Assert.Equal(["customer-portal/availability/gold", "service-desk/response-time"],
            opened.GetProperty("content").GetProperty("slos").EnumerateArray().Select(s => s.GetProperty("key").GetString()));
        Assert.Equal((2, "Draft"), (opened.GetProperty("version").GetProperty("number").GetInt32(), opened.GetProperty("version").GetProperty("status").GetString()));
        var round1 = AgreementContent.FromJson(opened.GetProperty("content").GetRawText());
        var p2 = round1.Slos.ToList();
        p2[1] = p2[1] with { PriorityTargets = [p2[1].PriorityTargets![0], new PriorityTarget("P2", 45), .. p2[1].PriorityTargets!.Skip(2)] };
        var edited = await drafter.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/agreements/{id}/draft",
            (await drafter.GetAsync($"/api/v1/agreements/{id}")).Headers.ETag!.Tag, round1 with { Slos = p2 }));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var submit2 = await drafter.SendAsync(WithIfMatch(HttpMethod.Post, $"/api/v1/agreements/{id}/submit", edited.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, submit2.StatusCode);
        var task = await TaskForAsync(buyer, "Procurement review of the change");
        var noComment = await buyer.PostAsJsonAsync($"/api/v1/tasks/{task.GetProperty("id").GetGuid()}/complete", new { outcome = "request-changes" });
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        await AnswerAsync(buyer, "Procurement review of the change", "request-changes", "Cap the P1 response at 10 minutes.");
        JsonElement back = default;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            back = await (await drafter.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync();
            if (back.GetProperty("version").GetProperty("status").GetString() == "ChangesRequested")
                break;
            await Task.Delay(50);
        }
        // The change went back to draft; the agreement in force keeps its status meanwhile.
        Assert.Equal(("ChangesRequested", 1, "Active"), (back.GetProperty("version").GetProperty("status").GetString(),
            back.GetProperty("version").GetProperty("round").GetInt32(), back.GetProperty("agreement").GetProperty("status").GetString()));

        var versions = await (await drafter.GetAsync($"/api/v1/agreements/{id}/versions")).ReadJsonAsync();
        Assert.Equal(["ChangesRequested", "Approved"], versions.EnumerateArray().Select(v => v.GetProperty("status").GetString()));
        // Each status is set one step before its notice is queued, so wait for the notices rather than race them.
        var mails = _factory.Services.GetRequiredService<SlaGovernance.Notifications.Outbox.EmailOutbox>();
        var pending = (await mails.ListAsync("Pending", SlaGovernance.Data.PageRequest.Of(1, 200))).Items;
        for (var attempt = 0; attempt < 300 && !(pending.Any(m => m.Subject == "Task for you: Revise the change request")
            && pending.Any(m => m.Subject == "Approved: Managed hosting SLA (version 1)")); attempt++)
        {
            await Task.Delay(50);
            pending = (await mails.ListAsync("Pending", SlaGovernance.Data.PageRequest.Of(1, 200))).Items;
        }
        var subjects = pending.Select(m => m.Subject).ToList();
        Assert.Contains($"/agreements/{id}", pending.Single(m => m.Subject.StartsWith("Approved:", StringComparison.Ordinal)).TextBody);
        Assert.Contains("/tasks/", pending.First(m => m.Subject == "Task for you: Governance board approval").TextBody);
        Assert.Contains("Approved: Managed hosting SLA (version 1)", subjects);
        // Requested changes reach the drafter as a task to revise the draft, whose email carries the comment.
        Assert.Contains("Cap the P1 response at 10 minutes.", pending.Single(m => m.Subject == "Task for you: Revise the change request").TextBody);
        Assert.Contains("Task for you: Governance board approval", subjects);

        // The drafter makes the requested change and resubmits: the approver's task page shows that change alone, against round 1.
        var draftTag = (await drafter.GetAsync($"/api/v1/agreements/{id}")).Headers.ETag!.Tag;
        var v2Content = AgreementContent.FromJson((await (await drafter.GetAsync($"/api/v1/agreements/{id}/versions/2")).ReadJsonAsync())
            .GetProperty("content").GetRawText());
        var slos = v2Content.Slos.ToList();
        slos[1] = slos[1] with { PriorityTargets = [new PriorityTarget("P1", 10), .. slos[1].PriorityTargets!.Skip(1)] };
        var saved = await drafter.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/agreements/{id}/draft", draftTag, v2Content with { Slos = slos }));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await drafter.SendAsync(WithIfMatch(HttpMethod.Post, $"/api/v1/agreements/{id}/submit", saved.Headers.ETag!.Tag))).StatusCode);

        var changes = await (await drafter.GetAsync($"/api/v1/agreements/{id}/versions/2/changes")).ReadJsonAsync();
        Assert.Equal((2, "round 1 of version 2"), (changes.GetProperty("round").GetInt32(), changes.GetProperty("since").GetString()));
        var change = Assert.Single(changes.GetProperty("changes").EnumerateArray());
        Assert.Equal(("slos[Service desk].priorityTargets[P1].minutes", "15", "10"),
            (change.GetProperty("path").GetString(), change.GetProperty("before").GetString(), change.GetProperty("after").GetString()));
        var firstRound = await (await drafter.GetAsync($"/api/v1/agreements/{id}/versions/2/changes?round=1")).ReadJsonAsync();
        Assert.Equal("version 1 (Approved)", firstRound.GetProperty("since").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await drafter.GetAsync($"/api/v1/agreements/{id}/versions/2/changes?round=9")).StatusCode);

        // The resubmitted change request waits for Procurement again.
        JsonElement round2Task = default;
        for (var attempt = 0; attempt < 300 && round2Task.ValueKind != JsonValueKind.Object; attempt++)
        {
            var mine = await (await buyer.GetAsync("/api/v1/tasks")).ReadJsonAsync();
            round2Task = mine.EnumerateArray().FirstOrDefault(t => t.GetProperty("title").GetString() == "Procurement review of the change");
            await Task.Delay(50);
        }
        Assert.Equal(JsonValueKind.Object, round2Task.ValueKind);
        Assert.Equal("ChangeRequest", round2Task.GetProperty("subjectType").GetString());
    }
}
