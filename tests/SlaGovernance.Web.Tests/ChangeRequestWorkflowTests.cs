using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Change requests (workflows/change-request.json) run through the API on a stepped clock: a major change through every stage it
/// is routed to, an emergency change with its retrospective review, a termination that cancels the renewal, and the refusals.
/// </summary>
public sealed class ChangeRequestWorkflowTests : IDisposable
{
    private readonly SteppedClockFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private Database Database => _factory.Services.GetRequiredService<Database>();

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    private async Task AtAsync(DateTimeOffset at)
    {
        _factory.Clock.Set(at);
        await _factory.Services.GetRequiredService<AgreementLifecycle>().SweepAsync(at);
        await _factory.DrainEventsAsync();
        await _factory.Services.GetRequiredService<RenewalCycles>().StartDueAsync();
        await _factory.Services.GetRequiredService<TaskDeadlines>().RunOnceAsync();
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private sealed record Agreement(Guid Id, string Title, string Owner, string Vendor);

    /// <summary>An Active hosting agreement (signed, 1 January 2027 to 31 December 2029, tacit) with a vendor of <paramref name="riskTier"/>.</summary>
    private async Task<Agreement> ActiveAgreementAsync(string title, string riskTier = "High", Func<AgreementContent, AgreementContent>? shape = null)
    {
        var procurement = await _factory.ApiClientAsync(Unique("importer"), Roles.Procurement);
        var vendorName = Unique("Hostly");
        var vendor = await (await procurement.PostAsJsonAsync("/api/v1/vendors", new { name = vendorName, riskTier, contactEmail = "sla@vendor.test" }))
            .ReadJsonAsync();
        var owner = Unique("owner");
        await _factory.CreateUserAsync(owner, Roles.VendorManager);
        var content = AgreementSamples.Hosting(vendor.GetProperty("id").GetGuid()) with { Title = Unique(title), Owner = owner };
        content = shape?.Invoke(content) ?? content;
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2026-12-15"), "signedOn" },
            { new StringContent("Dana Drafter; Hans Host"), "signatories" },
        };
        var imported = await procurement.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var id = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        await _factory.DrainEventsAsync();
        return new Agreement(id, content.Title, owner, vendorName);
    }

    private sealed record Mail(string Subject, string Recipients, string TextBody);

    private async Task<List<Mail>> MailsAsync(string like)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<Mail>(Database.Sql(
            "SELECT subject, recipients, text_body FROM email_outbox WHERE subject LIKE @Like OR text_body LIKE @Like ORDER BY created_at, id"),
            new { Like = "%" + like + "%" })).ToList();
    }

    private async Task<List<TaskRow>> TasksAsync(Guid changeId)
    {
        await using var connection = await Database.OpenAsync();
        var ids = await connection.QueryAsync<Guid>(Database.Sql(
            "SELECT id FROM wf_tasks WHERE subject_type = 'ChangeRequest' AND subject_id = @Id ORDER BY created_at, id"), new { Id = changeId.ToString() });
        var store = _factory.Services.GetRequiredService<TaskStore>();
        var rows = new List<TaskRow>();
        foreach (var id in ids)
            rows.Add((await store.GetAsync(id))!);
        return rows;
    }

    private async Task<List<TaskRow>> OpenTasksAsync(Guid changeId, string stepId)
    {
        List<TaskRow> open = [];
        await UntilAsync(async () => (open = (await TasksAsync(changeId)).Where(t => t.StepId == stepId && t.Status == WorkflowTaskStatus.Open).ToList())
            .Count > 0, $"the open tasks of step {stepId}");
        return open;
    }

    private static async Task CompleteAsync(HttpClient client, Guid taskId, string outcome, string? comment = null)
    {
        var completed = await client.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome, comment });
        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
    }

    /// <summary>The open task of this change request in the client's own inbox (an approval stage gives each member a task of their own).</summary>
    private async Task<Guid> MyTaskAsync(HttpClient client, Guid changeId, string stepId)
    {
        Guid? found = null;
        await UntilAsync(async () =>
        {
            var ofStep = (await TasksAsync(changeId)).Where(t => t.StepId == stepId).Select(t => t.Id).ToHashSet();
            var mine = await (await client.GetAsync("/api/v1/tasks")).ReadJsonAsync();
            found = mine.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).Where(ofStep.Contains).Select(id => (Guid?)id).FirstOrDefault();
            return found is not null;
        }, $"a task of step {stepId} in the inbox");
        return found!.Value;
    }

    private async Task<JsonElement> ChangeAsync(HttpClient client, Guid id) => await (await client.GetAsync($"/api/v1/change-requests/{id}")).ReadJsonAsync();

    private async Task<string> WaitForChangeStatusAsync(HttpClient client, Guid id, string status)
    {
        var last = "";
        await UntilAsync(async () => (last = (await ChangeAsync(client, id)).GetProperty("status").GetString()!) == status, $"change request {id} {status}");
        return last;
    }

    private async Task<int> CountAsync(string sql, object parameters)
    {
        await using var connection = await Database.OpenAsync();
        return (int)await connection.ExecuteScalarAsync<long>(Database.Sql(sql), parameters);
    }

    /// <summary>Opens a change request through POST .../versions, as scripts written before change control do, with its class and reason.</summary>
    private static async Task<HttpResponseMessage> OpenThroughVersionsAsync(HttpClient client, Guid id, object body)
    {
        var etag = (await client.GetAsync($"/api/v1/agreements/{id}")).Headers.ETag!.Tag;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agreements/{id}/versions") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    /// <summary>Saves the change request's draft (the agreement's current version) with <paramref name="change"/> applied to it.</summary>
    private static async Task SaveDraftAsync(HttpClient client, Guid id, Func<AgreementContent, AgreementContent> change)
    {
        var current = await client.GetAsync($"/api/v1/agreements/{id}");
        var content = (await current.ReadJsonAsync()).GetProperty("content").Deserialize<AgreementContent>(AgreementContent.Json)!;
        var saved = await client.PutJsonAsync($"/api/v1/agreements/{id}/draft", change(content), current.Headers.ETag!.Tag);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
    }

    private static AgreementContent WeakenedWithExclusion(AgreementContent content) => content with
    {
        Slos = [content.Slos[0] with { Target = 99.5m }, .. content.Slos.Skip(1)],
        Exclusions = [.. content.Exclusions ?? [], new Exclusion(ExclusionType.CustomerCausedDelay, "Delays caused by the customer's own changes are excluded.")],
    };

    [Fact]
    public async Task A_major_change_goes_to_procurement_legal_the_owner_and_two_board_members_and_is_approved_with_its_contract_redline_and_amendment()
    {
        await AtAsync(Utc(2027, 1, 4));
        var agreement = await ActiveAgreementAsync("Hosting change");
        var drafterName = Unique("drafter");
        var drafter = await _factory.ApiClientAsync(drafterName, Roles.Procurement);

        // POST .../versions no longer opens a bare draft: it opens a change request, 201 with its Location.
        var opened = await OpenThroughVersionsAsync(drafter, agreement.Id,
            new { @class = "Major", reason = "The vendor cannot hold 99.9 % after moving data centres.", effectiveOn = "2027-02-01" });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var change = await opened.ReadJsonAsync();
        var changeId = change.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/change-requests/{changeId}", opened.Headers.Location!.OriginalString);
        Assert.Equal(("CR-1", "Draft", 1, 2), (change.GetProperty("reference").GetString(), change.GetProperty("status").GetString(),
            change.GetProperty("baseVersion").GetInt32(), change.GetProperty("proposedVersion").GetInt32()));

        // One open change request per agreement: a second is refused, naming the open one.
        var second = await drafter.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/change-requests",
            new { @class = "Standard", reason = "Another change", effectiveOn = "2027-03-01" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("CR-1", await second.Content.ReadAsStringAsync());

        // Edited in the agreement editor: one weakened target, one new exclusion. Filed as administrative, Legal would be skipped: refused.
        await SaveDraftAsync(drafter, agreement.Id, WeakenedWithExclusion);
        var read = await drafter.GetAsync($"/api/v1/change-requests/{changeId}");
        var lighter = await drafter.PutJsonAsync($"/api/v1/change-requests/{changeId}",
            new { @class = "Administrative", reason = "The vendor cannot hold 99.9 % after moving data centres.", effectiveOn = "2027-02-01" },
            read.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, lighter.StatusCode);
        var refused = await drafter.PostAsync($"/api/v1/change-requests/{changeId}/submit", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("weakens the objective Customer portal (Gold) availability", string.Join(" ", (await refused.ProblemErrorsAsync())["class"]));
        var corrected = await drafter.PutJsonAsync($"/api/v1/change-requests/{changeId}",
            new { @class = "Major", reason = "The vendor cannot hold 99.9 % after moving data centres.", effectiveOn = "2027-02-01" },
            lighter.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);

        // The approvers, each of whom gets a task of their own when their stage opens.
        var buyer = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement);
        var lawyer = await _factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        var members = new List<HttpClient>();
        for (var i = 0; i < 2; i++)
            members.Add(await _factory.ApiClientAsync(Unique("board"), Roles.GovernanceBoard));

        // Submitted from the agreement page's "Submit for approval" path too: the draft goes to approval as its change request.
        var agreementTag = (await drafter.GetAsync($"/api/v1/agreements/{agreement.Id}")).Headers.ETag!.Tag;
        var submitted = await drafter.PostWithIfMatchAsync($"/api/v1/agreements/{agreement.Id}/submit", agreementTag);
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        change = await ChangeAsync(drafter, changeId);
        Assert.Equal("InApproval", change.GetProperty("status").GetString());
        var impact = change.GetProperty("impact");
        var weakened = impact.GetProperty("objectives").EnumerateArray().Single(o => o.GetProperty("change").GetString() == "Changed");
        Assert.Equal(("Weakened", 99.9m, 99.5m), (weakened.GetProperty("effect").GetString(), weakened.GetProperty("targetBefore").GetDecimal(),
            weakened.GetProperty("targetAfter").GetDecimal()));
        Assert.Equal("Added", Assert.Single(impact.GetProperty("exclusions").EnumerateArray()).GetProperty("change").GetString());
        var summary = change.GetProperty("impactSummary").GetString()!;

        // Procurement first; the requester, a Procurement member, gets no task and may not take one.
        var procurementTasks = await OpenTasksAsync(changeId, "procurement");
        Assert.All(procurementTasks, t => Assert.Equal($"{agreement.Title} · {agreement.Vendor} · CR-1, major change: {char.ToLowerInvariant(summary[0])}{summary[1..]}",
            t.SubjectSummary));
        var procurementTask = await MyTaskAsync(buyer, changeId, "procurement");
        var own = await drafter.PostAsJsonAsync($"/api/v1/tasks/{procurementTask}/complete", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.DoesNotContain((await (await drafter.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray(),
            t => t.GetProperty("subjectId").GetString() == changeId.ToString());
        await CompleteAsync(buyer, procurementTask, "approve");

        // Legal, because a target weakens and an exclusion is added; then the owner, who answers for the service.
        var legalTask = (await OpenTasksAsync(changeId, "legal"))[0];
        Assert.Equal("The change weakens a target, adds excluded time or changes clause text, which Legal reviews.", legalTask.RouteReason);
        await CompleteAsync(lawyer, await MyTaskAsync(lawyer, changeId, "legal"), "approve");
        var ownerTask = Assert.Single(await OpenTasksAsync(changeId, "owner"));
        Assert.NotNull(ownerTask.AssigneeUserId);
        var ownerClient = await OwnerClientAsync(agreement.Owner);
        await CompleteAsync(ownerClient, ownerTask.Id, "approve");

        // A major change: two members of the Governance board.
        Assert.All(await OpenTasksAsync(changeId, "board"), t => Assert.Equal(2, t.ApprovalsRequired));
        foreach (var member in members)
            await CompleteAsync(member, await MyTaskAsync(member, changeId, "board"), "approve");
        Assert.Equal("Approved", await WaitForChangeStatusAsync(drafter, changeId, "Approved"));
        await UntilAsync(async () => (await MailsAsync($"Change approved: {agreement.Title} CR-1")).Count == 1, "the approval email");

        // The proposed version is approved and frozen, with its contract; the base keeps governing until it is signed.
        var versions = await (await drafter.GetAsync($"/api/v1/agreements/{agreement.Id}/versions")).ReadJsonAsync();
        Assert.Equal("Approved", versions.EnumerateArray().Single(v => v.GetProperty("number").GetInt32() == 2).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await drafter.GetAsync($"/api/v1/agreements/{agreement.Id}/versions/2/contract")).StatusCode);

        // Emails: a task email to each stage, each naming the agreement, the class and the impact; the approval to the requester.
        var taskMails = (await MailsAsync("Task for you: ")).Where(m => m.TextBody.Contains($"{agreement.Title} · {agreement.Vendor} · CR-1, major change",
            StringComparison.Ordinal)).ToList();
        Assert.Contains(taskMails, m => m.Subject == "Task for you: Procurement review of the change");
        Assert.Contains(taskMails, m => m.Subject == "Task for you: Legal review of the change");
        Assert.Contains(taskMails, m => m.Subject == "Task for you: Agree to the change as the agreement's owner" && m.Recipients.Contains($"{agreement.Owner}@example.com"));
        Assert.Contains(taskMails, m => m.Subject == "Task for you: Governance board approval of the change");
        var approvedMail = Assert.Single(await MailsAsync($"Change approved: {agreement.Title} CR-1"));
        Assert.Equal($"Change approved: {agreement.Title} CR-1 (major)", approvedMail.Subject);
        Assert.Contains($"{drafterName}@example.com", approvedMail.Recipients);
        Assert.Contains("to take effect on 2027-02-01", approvedMail.TextBody);

        // The redline tracks the change word by word; the amendment names the base version and its SHA-256.
        var redline = await drafter.GetByteArrayAsync($"/api/v1/change-requests/{changeId}/redline");
        using (var word = WordprocessingDocument.Open(new MemoryStream(redline), false))
        {
            Assert.Empty(new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(word));
            var xml = word.MainDocumentPart!.Document!.OuterXml;
            Assert.Contains("<w:ins ", xml);
            Assert.Contains("<w:del ", xml);
            Assert.Contains(drafterName, xml);
        }
        var amendment = await drafter.GetByteArrayAsync($"/api/v1/change-requests/{changeId}/amendment");
        using (var word = WordprocessingDocument.Open(new MemoryStream(amendment), false))
        {
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            var baseHash = versions.EnumerateArray().Single(v => v.GetProperty("number").GetInt32() == 1).GetProperty("contentHash").GetString()!;
            Assert.Contains(baseHash, text);
        }

        // The change calendar and the agreement's history list it; its workflow's steps replayed after a crash change nothing.
        var calendar = await (await drafter.GetAsync("/api/v1/change-calendar?from=2027-02-01&to=2027-02-28")).ReadJsonAsync();
        var entry = calendar.EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == changeId);
        Assert.Equal(("2027-02-01", "Approved", "Major"), (entry.GetProperty("effectiveOn").GetString(), entry.GetProperty("status").GetString(),
            entry.GetProperty("classLabel").GetString()));
        Assert.Single((await (await drafter.GetAsync($"/api/v1/agreements/{agreement.Id}/change-requests")).ReadJsonAsync()).EnumerateArray());
        await ReplayAsync(changeId, agreement.Id, "change-request-contract");

        // The request's page says what comes next: the signature of the approved version.
        var reader = await _factory.CreateUserAsync(Unique("reader"), Roles.Auditor);
        var page = await (await _factory.Browser().SignInAsync(reader.UserName, reader.Password)).GetPageAsync($"/changes/{changeId}");
        Assert.Contains("records the signature of version 2", page.QuerySelector("#change-next")!.TextContent);

        // Still unsigned on its effective date (1 February in Berlin): the switch waits, and Procurement gets a task naming the change.
        await AtAsync(new DateTimeOffset(2027, 1, 31, 23, 5, 0, TimeSpan.Zero));
        var signTask = Assert.Single(await OpenTasksAsync(changeId, "sign-amendment"));
        Assert.Equal("Procurement", signTask.AssigneeRole);
        Assert.StartsWith($"{agreement.Title} · {agreement.Vendor} · CR-1, major change", signTask.SubjectSummary);
        await UntilAsync(async () => (await MailsAsync("Task for you: Record the signature of the amendment")).Any(m => m.TextBody.Contains(agreement.Title)),
            "the signature task's email");
        Assert.Empty(await MailsAsync($"Amendment in force: {agreement.Title}"));
        // Version 1 still governs on 2 February: the amendment is approved but not signed.
        var signedVersions = await _factory.Services.GetRequiredService<AgreementStore>().SignedVersionsAsync(agreement.Id);
        Assert.Equal(1, GoverningVersion.At(signedVersions, NodaTime.Instant.FromUtc(2027, 2, 2, 12, 0))!.Number);

        // Signed on 3 February: the task closes by itself, and version 2 governs from that day, not from 1 February.
        await AtAsync(Utc(2027, 2, 3));
        await SignAsync(buyer, agreement.Id, "2027-02-03");
        await _factory.DrainEventsAsync();
        await UntilAsync(async () => (await TasksAsync(changeId)).Single(t => t.StepId == "sign-amendment").Status == WorkflowTaskStatus.Completed,
            "the signature task to close");
        await UntilAsync(async () => (await MailsAsync($"Amendment in force: {agreement.Title} version 2 governs from 2027-02-03 (CR-1)")).Count == 1,
            "the in-force email");
        var governing = await _factory.Services.GetRequiredService<AgreementStore>().SignedVersionsAsync(agreement.Id);
        Assert.Equal(1, GoverningVersion.At(governing, NodaTime.Instant.FromUtc(2027, 2, 2, 12, 0))!.Number);
        Assert.Equal(2, GoverningVersion.At(governing, NodaTime.Instant.FromUtc(2027, 2, 2, 23, 0))!.Number);
    }

    /// <summary>
    /// April 2027 in Berlin (30 days, no DST change) with an amendment in force from the 11th: version 1 (12,000 EUR a month)
    /// governs the first 10 days (14,400 minutes, a third), version 2 (13,200 EUR) the other 20 (28,800 minutes, two thirds).
    /// Tiers 5/10/25 % below 99.9/99.5/99 %, a 15 % cap in both. A 30-minute outage on the 5th and a 400-minute one on the 20th.
    /// </summary>
    [Fact]
    public async Task An_amendment_signed_ahead_governs_from_its_effective_date_and_the_month_of_the_switch_is_measured_in_parts()
    {
        await AtAsync(Utc(2027, 3, 22));
        var agreement = await ActiveAgreementAsync("Split month", shape: c => c with
        {
            MonthlyFee = 12_000m, AnnualValue = 144_000m, MaintenanceWindows = [],
            Slos = [new ServiceLevelObjective("Customer portal", MetricKind.Availability, 99.9m, WindowKind.CalendarMonth, null, false, null,
                new Measurement("Incident records", MeasurementMode.Passive, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown)],
            Credits = c.Credits with { MonthlyCapPercent = 15m },
        });
        var drafter = await _factory.ApiClientAsync(Unique("drafter"), Roles.Procurement);
        var buyer = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement, Roles.VendorManager);
        var opened = await drafter.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/change-requests",
            new { @class = "Standard", reason = "A second site, at 10 % more.", effectiveOn = "2027-04-11" });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var changeId = (await opened.ReadJsonAsync()).GetProperty("id").GetGuid();
        await SaveDraftAsync(drafter, agreement.Id, c => c with { MonthlyFee = 13_200m, AnnualValue = 158_400m });
        Assert.Equal(HttpStatusCode.OK, (await drafter.PostAsync($"/api/v1/change-requests/{changeId}/submit", null)).StatusCode);
        await CompleteAsync(buyer, await MyTaskAsync(buyer, changeId, "procurement"), "approve");
        await WaitForChangeStatusAsync(drafter, changeId, "Approved");
        await SignAsync(buyer, agreement.Id, "2027-03-22");
        await _factory.DrainEventsAsync();

        // Signed ahead: at the start of 11 April in Berlin it comes into force without a task.
        await AtAsync(new DateTimeOffset(2027, 4, 10, 22, 5, 0, TimeSpan.Zero));
        await UntilAsync(async () => (await MailsAsync($"Amendment in force: {agreement.Title} version 2 governs from 2027-04-11 (CR-1)")).Count == 1,
            "the in-force email");
        Assert.DoesNotContain(await TasksAsync(changeId), t => t.StepId == "sign-amendment");

        // The switch audited once; the step run again after a crash with its own key audits nothing more.
        string key;
        await using (var connection = await Database.OpenAsync())
            key = await connection.ExecuteScalarAsync<string>(Database.Sql(
                "SELECT idempotency_key FROM agreement_status_changes WHERE agreement_id = @Id AND status = 'InForce'"), new { Id = agreement.Id }) ?? "";
        Assert.NotEmpty(key);
        var audited = await CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'change-request.in-force' AND entity_id = @Id", new { Id = changeId.ToString() });
        Assert.Equal(1, audited);
        var request = (await _factory.Services.GetRequiredService<SlaGovernance.Data.Changes.ChangeRequestStore>().GetAsync(changeId))!;
        var subject = new WorkflowSubject { Type = "ChangeRequest", Id = changeId.ToString() };
        await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == "change-request-effective").RunAsync(
            new WorkflowActionContext(subject, request.WorkflowId!.Value.ToString(), "change-request", "check-signed", key), CancellationToken.None);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'change-request.in-force' AND entity_id = @Id", new { Id = changeId.ToString() }));
        Assert.Equal("2027-04-11", subject.Fields["governsFrom"].GetString());

        await UploadOutagesAsync(buyer, agreement.Id,
            "service,start,end,cause\nCustomer portal,2027-04-05T10:00:00Z,2027-04-05T10:30:00Z,Failover\nCustomer portal,2027-04-20T08:00:00Z,2027-04-20T14:40:00Z,Storage\n");
        await AtAsync(Utc(2027, 5, 3));
        var computed = await buyer.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/compliance/reports", new { period = "2027-04" });
        Assert.True(computed.StatusCode == HttpStatusCode.Created, await computed.Content.ReadAsStringAsync());
        var report = (await computed.ReadJsonAsync()).GetProperty("report");
        var parts = report.GetProperty("parts").EnumerateArray().ToList();
        Assert.Equal([(1, 1), (2, 2)], parts.Select(p => (p.GetProperty("number").GetInt32(), p.GetProperty("agreementVersion").GetInt32())));
        Assert.Equal(new DateTimeOffset(2027, 4, 10, 22, 0, 0, TimeSpan.Zero), parts[0].GetProperty("end").GetDateTimeOffset());
        var slos = report.GetProperty("slos").EnumerateArray().ToList();
        // Part 1: 30 of 14,400 minutes down, 99.79 %: below 99.9 %, 5 %. Part 2: 400 of 28,800 down, 98.61 %: below 99 %, 25 %.
        Assert.Equal((1, 14_400d, 30d, 5m), (slos[0].GetProperty("part").GetInt32(), slos[0].GetProperty("maximumMinutes").GetDouble(),
            slos[0].GetProperty("downtimeMinutes").GetDouble(), slos[0].GetProperty("creditPercent").GetDecimal()));
        Assert.Equal((14_400m - 30m) * 100m / 14_400m, slos[0].GetProperty("attainmentPercent").GetDecimal(), 20);
        Assert.Equal((2, 28_800d, 400d, 25m), (slos[1].GetProperty("part").GetInt32(), slos[1].GetProperty("maximumMinutes").GetDouble(),
            slos[1].GetProperty("downtimeMinutes").GetDouble(), slos[1].GetProperty("creditPercent").GetDecimal()));
        // Fee 12,000/3 + 13,200 x 2/3 = 12,800; earned 5 % x 4,000 + 25 % x 8,800 = 2,400 (18.75 %); one cap 15 % x 12,800 = 1,920 due.
        // Measured as one month under version 1, 430 of 43,200 minutes (99.00 %) would have earned 10 % of 12,000: 1,200.
        Assert.Equal((12_800m, 18.75m, 15m, true, 1_920m), (report.GetProperty("fee").GetDecimal(), report.GetProperty("earnedCreditPercent").GetDecimal(),
            report.GetProperty("appliedCreditPercent").GetDecimal(), report.GetProperty("capped").GetBoolean(), report.GetProperty("creditAmount").GetDecimal()));
        Assert.Equal((200m, 2_200m), (parts[0].GetProperty("earnedCreditAmount").GetDecimal(), parts[1].GetProperty("earnedCreditAmount").GetDecimal()));

        // The page shows the parts; computing again with nothing changed stores nothing new.
        var again = await buyer.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/compliance/reports", new { period = "2027-04" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var reader = await _factory.CreateUserAsync(Unique("reader"), Roles.Auditor);
        var page = await (await _factory.Browser().SignInAsync(reader.UserName, reader.Password))
            .GetPageAsync($"/agreements/{agreement.Id}/compliance?period=2027-04&revision=1");
        Assert.Equal(2, page.QuerySelectorAll("#parts tbody tr").Length);
        Assert.Contains("1,920.00 EUR", page.QuerySelector("#credits")!.TextContent);
    }

    private static async Task UploadOutagesAsync(HttpClient client, Guid agreementId, string csv)
    {
        var content = new StringContent(csv, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var response = await client.PostAsync($"/api/v1/agreements/{agreementId}/data/outages", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Records the signature of the agreement's approved version with a signed copy, as Procurement does.</summary>
    private static async Task SignAsync(HttpClient client, Guid agreementId, string signedOn)
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("%PDF-1.7 signed amendment"u8.ToArray()), "file", "signed-amendment.pdf" },
            { new StringContent(signedOn), "signedOn" },
            { new StringContent("Dana Drafter; Hans Host"), "signatories" },
        };
        var signed = await client.PostAsync($"/api/v1/agreements/{agreementId}/signature", form);
        Assert.True(signed.StatusCode == HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());
    }

    /// <summary>The owner's client: the owner was created as a user; a token is issued for them.</summary>
    private async Task<HttpClient> OwnerClientAsync(string owner)
    {
        var user = await _factory.Services.GetRequiredService<SlaGovernance.Data.Identity.UserStore>().FindByUserNameAsync(owner);
        var issued = await _factory.Services.GetRequiredService<SlaGovernance.Web.Identity.ApiTokens>().IssueAsync(user!.Id, owner, "tests", null);
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issued.Value!.Secret);
        return client;
    }

    /// <summary>
    /// Runs the request's status decision and one of its actions again with the keys of their first runs, as the engine does after a
    /// crash mid-step: the audit log, documents, versions and emails stay as they were.
    /// </summary>
    private async Task ReplayAsync(Guid changeId, Guid agreementId, string action)
    {
        var changes = _factory.Services.GetRequiredService<SlaGovernance.Data.Changes.ChangeRequestStore>();
        await _factory.UntilWorkflowWaitsAsync((await changes.GetAsync(changeId))!.WorkflowId!.Value.ToString());
        var before = (await CountAsync("SELECT COUNT(*) FROM audit_log", new { }), await CountAsync("SELECT COUNT(*) FROM agreement_documents", new { }),
            await CountAsync("SELECT COUNT(*) FROM email_outbox", new { }));
        string key;
        await using (var connection = await Database.OpenAsync())
            key = await connection.ExecuteScalarAsync<string>(Database.Sql(
                "SELECT idempotency_key FROM agreement_status_changes WHERE agreement_id = @Id AND status = 'Approved'"), new { Id = agreementId }) ?? "";
        Assert.NotEmpty(key);
        var request = (await changes.GetAsync(changeId))!;
        var subject = new WorkflowSubject { Type = "ChangeRequest", Id = changeId.ToString() };
        await _factory.Services.GetServices<IWorkflowSubjectStatus>().Single(s => s.SubjectType == "ChangeRequest")
            .SetStatusAsync(subject, "Approved", request.WorkflowId!.Value.ToString(), key, CancellationToken.None);
        await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == action).RunAsync(
            new WorkflowActionContext(subject, request.WorkflowId!.Value.ToString(), "change-request", action, key + "/replay"), CancellationToken.None);
        Assert.Equal(before, (await CountAsync("SELECT COUNT(*) FROM audit_log", new { }), await CountAsync("SELECT COUNT(*) FROM agreement_documents", new { }),
            await CountAsync("SELECT COUNT(*) FROM email_outbox", new { })));
        Assert.Equal("Approved", (await changes.GetAsync(changeId))!.Status);
    }

    [Fact]
    public async Task An_emergency_change_takes_one_board_member_now_and_a_rejection_in_retrospect_opens_a_change_to_revert_it()
    {
        await AtAsync(Utc(2027, 1, 4));
        var agreement = await ActiveAgreementAsync("Emergency hosting");
        var drafter = await _factory.ApiClientAsync(Unique("drafter"), Roles.VendorManager);
        var opened = await drafter.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/change-requests",
            new { @class = "Emergency", reason = "The data centre is flooded; the failover site holds 99.5 % only.", effectiveOn = "2027-01-04" });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var changeId = (await opened.ReadJsonAsync()).GetProperty("id").GetGuid();
        await SaveDraftAsync(drafter, agreement.Id, c => c with { Slos = [c.Slos[0] with { Target = 99.5m }, .. c.Slos.Skip(1)] });
        var members = new List<(string Name, HttpClient Client)>();
        for (var i = 0; i < 3; i++)
        {
            var name = Unique("board");
            members.Add((name, await _factory.ApiClientAsync(name, Roles.GovernanceBoard)));
        }
        Assert.Equal(HttpStatusCode.OK, (await drafter.PostAsync($"/api/v1/change-requests/{changeId}/submit", null)).StatusCode);
        var now = await MyTaskAsync(members[0].Client, changeId, "emergency-board");
        var refusal = await members[0].Client.PostAsJsonAsync($"/api/v1/tasks/{now}/complete", new { outcome = "approve" });
        Assert.Equal(HttpStatusCode.BadRequest, refusal.StatusCode);
        await CompleteAsync(members[0].Client, now, "approve", "Approved now: customers are down.");
        Assert.Equal("Approved", await WaitForChangeStatusAsync(drafter, changeId, "Approved"));
        await UntilAsync(async () => (await MailsAsync($"Emergency change approved: {agreement.Title} CR-1")).Count == 1, "the emergency email");

        // The board reviews it in retrospect, due in five business days; its rejection opens CR-2 to revert to version 1.
        var review = await OpenTasksAsync(changeId, "retrospective");
        Assert.Equal(2, review[0].ApprovalsRequired);
        foreach (var member in members.Skip(1))
        {
            if (!(await TasksAsync(changeId)).Any(t => t.StepId == "retrospective" && t.Status == WorkflowTaskStatus.Open))
                break;
            await CompleteAsync(member.Client, await MyTaskAsync(member.Client, changeId, "retrospective"), "reject",
                "The failover should have been tested; revert and renegotiate.");
        }
        await UntilAsync(async () => (await MailsAsync($"Emergency change rejected in retrospect: {agreement.Title} CR-1")).Count == 1, "the revert email");
        var history = (await (await drafter.GetAsync($"/api/v1/agreements/{agreement.Id}/change-requests")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        var revert = history[0];
        Assert.Equal(("CR-2", "Draft", "Major", changeId), (revert.GetProperty("reference").GetString(), revert.GetProperty("status").GetString(),
            revert.GetProperty("class").GetString(), revert.GetProperty("revertsChangeId").GetGuid()));
        var draft = await (await drafter.GetAsync($"/api/v1/agreements/{agreement.Id}/versions/{revert.GetProperty("proposedVersion").GetInt32()}")).ReadJsonAsync();
        Assert.Equal(99.9m, draft.GetProperty("content").GetProperty("slos")[0].GetProperty("target").GetDecimal());
        Assert.Equal(2, revert.GetProperty("baseVersion").GetInt32());
    }

    [Fact]
    public async Task A_termination_goes_to_procurement_legal_and_the_board_then_records_the_end_cancels_the_renewal_and_writes_the_notice()
    {
        await AtAsync(Utc(2027, 1, 4));
        var agreement = await ActiveAgreementAsync("Leaving hosting");
        await AtAsync(Utc(2027, 1, 4, 13));
        var cycles = _factory.Services.GetRequiredService<RenewalCycleStore>();
        var cycle = Assert.Single(await cycles.OfAgreementAsync(agreement.Id));
        await UntilAsync(async () => (await cycles.OfAgreementAsync(agreement.Id))[0].WorkflowId is not null, "the renewal workflow");
        var renewalWorkflow = (await cycles.OfAgreementAsync(agreement.Id))[0].WorkflowId!.Value;
        var requester = await _factory.ApiClientAsync(Unique("manager"), Roles.VendorManager);

        // Nothing is written for a date after the term's end or in the past.
        var rows = await CountAsync("SELECT COUNT(*) FROM change_requests", new { });
        var late = await requester.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/termination", new { effectiveOn = "2030-01-01", reason = "Leaving" });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("The term ends on 2029-12-31", string.Join(" ", (await late.ProblemErrorsAsync())["effectiveOn"]));
        var past = await requester.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/termination", new { effectiveOn = "2027-01-03", reason = "Leaving" });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal(rows, await CountAsync("SELECT COUNT(*) FROM change_requests", new { }));

        var buyer = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement);
        var lawyer = await _factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        var members = new List<HttpClient>();
        for (var i = 0; i < 2; i++)
            members.Add(await _factory.ApiClientAsync(Unique("board"), Roles.GovernanceBoard));

        // POST .../termination opens the termination change request, in approval at once.
        var opened = await requester.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/termination",
            new { effectiveOn = "2027-07-01", reason = "The service moves in house." });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var change = await opened.ReadJsonAsync();
        var changeId = change.GetProperty("id").GetGuid();
        Assert.Equal(("Termination", "InApproval"), (change.GetProperty("class").GetString(), change.GetProperty("status").GetString()));
        Assert.Null((await _factory.Services.GetRequiredService<AgreementTermStore>().GetAsync(agreement.Id))!.EndsOn);

        await CompleteAsync(buyer, await MyTaskAsync(buyer, changeId, "termination-procurement"), "approve");
        await CompleteAsync(lawyer, await MyTaskAsync(lawyer, changeId, "termination-legal"), "approve");
        foreach (var member in members)
            await CompleteAsync(member, await MyTaskAsync(member, changeId, "termination-board"), "approve");
        await UntilAsync(async () => (await MailsAsync($"Termination approved: {agreement.Title}")).Count == 1, "the termination email");

        // The end is recorded, the renewal cycle and its workflow cancelled, the notice written, the agreement's exit started.
        var term = (await _factory.Services.GetRequiredService<AgreementTermStore>().GetAsync(agreement.Id))!;
        Assert.Equal(new DateOnly(2027, 7, 1), term.EndsOn);
        Assert.Equal(RenewalCycleStatus.Cancelled, Assert.Single(await cycles.OfAgreementAsync(agreement.Id)).Status);
        await UntilAsync(async () => (await _factory.Services.GetRequiredService<WorkflowCore.Interface.IPersistenceProvider>()
            .GetWorkflowInstance(renewalWorkflow.ToString())).Status == WorkflowCore.Models.WorkflowStatus.Terminated, "the renewal workflow terminated");
        var documents = await (await requester.GetAsync($"/api/v1/agreements/{agreement.Id}/documents")).ReadJsonAsync();
        var notice = documents.EnumerateArray().Single(d => d.GetProperty("kind").GetString() == AgreementDocumentKinds.TerminationNotice);
        var letter = await requester.GetByteArrayAsync($"/api/v1/agreements/{agreement.Id}/documents/{notice.GetProperty("id").GetGuid()}");
        using (var word = WordprocessingDocument.Open(new MemoryStream(letter), false))
        {
            Assert.Empty(new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(word));
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("terminates the agreement early", text);
            Assert.Contains("at the start of 1 July 2027 (Europe/Berlin)", text);
            Assert.Contains("CR-1", text);
        }
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM exit_triggers WHERE kind = 'termination-approved' AND agreement_id = @Id",
            new { agreement.Id }));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'exit.started' AND entity_id = @Id",
            new { Id = agreement.Id.ToString() }));

        // A crash mid-step replayed: nothing twice. The exit the termination started runs on its own; its first steps (the vendor's
        // requests, the start email, its branches' tasks and their emails) are let finish first so that the counts compare the replay alone.
        var exits = _factory.Services.GetRequiredService<SlaGovernance.Data.Exits.ExitStore>();
        await UntilAsync(async () => (await exits.GetAsync(agreement.Id))?.WorkflowId is not null, "the exit's workflow");
        await _factory.UntilWorkflowWaitsAsync((await exits.GetAsync(agreement.Id))!.WorkflowId!.Value.ToString());
        await ReplayAsync(changeId, agreement.Id, "change-request-terminate");

        // The clock runs on past the budget reminder and the decision date the renewal would have had: no reminder, no task.
        await AtAsync(Utc(2027, 7, 1, 6));
        Assert.Equal("Terminated", (await (await requester.GetAsync($"/api/v1/agreements/{agreement.Id}")).ReadJsonAsync())
            .GetProperty("agreement").GetProperty("status").GetString());
        await AtAsync(Utc(2028, 11, 20));
        await AtAsync(Utc(2029, 8, 2));
        await Task.Delay(500);
        Assert.Empty(await MailsAsync($"Budget request due"));
        Assert.Empty(await MailsAsync($"Renewal decision due: {agreement.Title}"));
        Assert.Single(await cycles.OfAgreementAsync(agreement.Id));
        Assert.Equal(cycle.TermEnd, (await cycles.OfAgreementAsync(agreement.Id))[0].TermEnd);
    }

    [Fact]
    public async Task A_change_on_a_draft_a_past_effective_date_and_a_change_of_nothing_are_refused_with_field_errors_and_nothing_written()
    {
        await AtAsync(Utc(2027, 1, 4));
        var agreement = await ActiveAgreementAsync("Refused changes");
        var drafter = await _factory.ApiClientAsync(Unique("drafter"), Roles.Procurement);
        var buyer = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement);
        var rows = await CountAsync("SELECT COUNT(*) FROM change_requests", new { });
        var versions = await CountAsync("SELECT COUNT(*) FROM agreement_versions", new { });

        var past = await drafter.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/change-requests",
            new { @class = "Standard", reason = "Late", effectiveOn = "2027-01-03" });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("2027-01-03 has passed", string.Join(" ", (await past.ProblemErrorsAsync())["effectiveOn"]));
        var number = await drafter.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/change-requests",
            new { @class = "1", reason = "Enum numbers are not names", effectiveOn = "2027-02-01" });
        Assert.Equal(HttpStatusCode.BadRequest, number.StatusCode);
        Assert.Contains("class", (await number.ProblemErrorsAsync()).Keys);

        var draft = await drafter.PostAsJsonAsync("/api/v1/agreements", AgreementSamples.Hosting() with
        {
            Title = Unique("Still a draft"), VendorId = (await (await drafter.GetAsync($"/api/v1/agreements/{agreement.Id}")).ReadJsonAsync())
                .GetProperty("agreement").GetProperty("vendorId").GetGuid(),
        }, Json.Api);
        Assert.True(draft.StatusCode == HttpStatusCode.Created, await draft.Content.ReadAsStringAsync());
        var draftId = (await draft.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        var onDraft = await drafter.PostAsJsonAsync($"/api/v1/agreements/{draftId}/change-requests",
            new { @class = "Standard", reason = "Too early", effectiveOn = "2027-02-01" });
        Assert.Equal(HttpStatusCode.BadRequest, onDraft.StatusCode);
        Assert.Contains("has no approved version", string.Join(" ", (await onDraft.ProblemErrorsAsync())["agreement"]));
        Assert.Equal(rows, await CountAsync("SELECT COUNT(*) FROM change_requests", new { }));
        Assert.Equal(versions + 1, await CountAsync("SELECT COUNT(*) FROM agreement_versions", new { }));

        // A request whose draft changes nothing cannot be submitted; withdrawn, it frees the agreement for the next one.
        var opened = await drafter.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/change-requests",
            new { @class = "Standard", reason = "Nothing yet", effectiveOn = "2027-02-01" });
        var changeId = (await opened.ReadJsonAsync()).GetProperty("id").GetGuid();
        var nothing = await drafter.PostAsync($"/api/v1/change-requests/{changeId}/submit", null);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Contains("reads the same as the governing one", string.Join(" ", (await nothing.ProblemErrorsAsync())["content"]));
        Assert.Equal("Draft", (await ChangeAsync(drafter, changeId)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await drafter.PostAsync($"/api/v1/change-requests/{changeId}/withdraw", null)).StatusCode);
        Assert.Equal("Withdrawn", (await (await drafter.GetAsync($"/api/v1/agreements/{agreement.Id}/versions")).ReadJsonAsync())
            .EnumerateArray().Single(v => v.GetProperty("number").GetInt32() == 2).GetProperty("status").GetString());
        var next = await drafter.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/change-requests",
            new { @class = "Administrative", reason = "New cost centre", effectiveOn = "2027-02-01" });
        Assert.True(next.StatusCode == HttpStatusCode.Created, await next.Content.ReadAsStringAsync());
        Assert.Equal(("CR-2", 3, 1), ((await next.ReadJsonAsync()).GetProperty("reference").GetString(),
            (await next.ReadJsonAsync()).GetProperty("proposedVersion").GetInt32(), (await next.ReadJsonAsync()).GetProperty("baseVersion").GetInt32()));

        // An administrative change goes to Procurement alone.
        await SaveDraftAsync(drafter, agreement.Id, c => c with { CostCentre = "IT-OPS-99" });
        var nextId = (await next.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await drafter.PostAsync($"/api/v1/change-requests/{nextId}/submit", null)).StatusCode);
        await CompleteAsync(buyer, await MyTaskAsync(buyer, nextId, "administrative"), "approve");
        Assert.Equal("Approved", await WaitForChangeStatusAsync(drafter, nextId, "Approved"));
        Assert.Equal(["administrative"], (await TasksAsync(nextId)).Select(t => t.StepId).Distinct());
    }
}
