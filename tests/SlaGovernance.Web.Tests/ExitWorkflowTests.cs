using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Exits;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Exits;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// An exit (workflows/exit.json) through the API on a stepped clock: a critical vendor's hosting agreement of 2027 in Berlin whose exit
/// terms ask for CSV data and a certificate of deletion; the exit is started by hand in January, the vendor returns the data and the
/// certificate through its inbox, and the agreement is Exited once every branch has ended and its term is over.
/// </summary>
public sealed class ExitWorkflowTests : IDisposable
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

    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                await using var connection = await Database.OpenAsync();
                var errors = await connection.QueryAsync<string>(Database.Sql("SELECT message FROM wf_execution_errors"));
                var events = await connection.QueryAsync<string>(Database.Sql("SELECT event_name || ' ' || event_key || ' ' || is_processed || ' ' || event_time FROM wf_events"));
                var subscriptions = await connection.QueryAsync<string>(Database.Sql("SELECT event_name || ' ' || event_key || ' ' || subscribe_as_of FROM wf_subscriptions"));
                throw new TimeoutException($"Timed out waiting for {what} at {_factory.Clock.GetUtcNow():O}. Errors: {string.Join(" | ", errors.Take(3))}. " +
                    $"Events: {string.Join(" | ", events)}. Subscriptions: {string.Join(" | ", subscriptions)}.");
            }
            await Task.Delay(50);
        }
    }

    private async Task<List<string>> MailSubjectsAsync(string like)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<string>(Database.Sql("SELECT subject FROM email_outbox WHERE subject LIKE @Like ORDER BY created_at, id"),
            new { Like = "%" + like + "%" })).ToList();
    }

    private async Task<TaskRow?> OpenTaskAsync(Guid agreementId, string stepId)
    {
        await using var connection = await Database.OpenAsync();
        var id = await connection.QueryFirstOrDefaultAsync<Guid?>(Database.Sql(
            "SELECT id FROM wf_tasks WHERE subject_type = 'Exit' AND subject_id = @Id AND step_id = @Step AND status = 'Open'"),
            new { Id = agreementId.ToString(), Step = stepId });
        return id is { } found ? await _factory.Services.GetRequiredService<TaskStore>().GetAsync(found) : null;
    }

    /// <summary>Whether the instance's wait for the event has ended (delivered, not timed out into a chase).</summary>
    private async Task<bool> WaitEndedAsync(Guid workflowId, string eventName)
    {
        var instance = await _factory.Services.GetRequiredService<WorkflowCore.Interface.IPersistenceProvider>().GetWorkflowInstance(workflowId.ToString());
        return instance.ExecutionPointers.Any(p => p.EventName == eventName && p.EventPublished && p.Status == WorkflowCore.Models.PointerStatus.Complete);
    }

    private async Task<bool> OpenRenewalDecisionAsync(Guid agreementId)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(Database.Sql(
            "SELECT COUNT(*) FROM wf_tasks WHERE definition_id = 'renewal' AND subject_id = @Id AND step_id = 'decide' AND status = 'Open'"),
            new { Id = agreementId.ToString() }) == 1;
    }

    private async Task<TaskRow> WaitForTaskAsync(Guid agreementId, string stepId)
    {
        TaskRow? task = null;
        await UntilAsync(async () => (task = await OpenTaskAsync(agreementId, stepId)) is not null, $"the open task of {stepId}");
        return task!;
    }

    private static async Task CompleteAsync(HttpClient client, Guid taskId, string outcome, string? comment)
    {
        var completed = await client.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome, comment });
        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(Database.Sql($"SELECT COUNT(*) FROM {table}"));
    }

    private static MultipartFormDataContent Answer(string text, string name, byte[] content)
    {
        var form = new MultipartFormDataContent { { new StringContent(text), "text" } };
        form.Add(new ByteArrayContent(content), "file", name);
        return form;
    }

    private static object Plan(string owner, string format = "CSV", int transitionDays = 30) => new
    {
        owner, strategy = "InHouse", strategyNotes = "The platform team takes the portal over.",
        dataInventory = new[] { new { what = "Customer records", where = "Hostly EU-1 database", format, volume = "40 GB" } },
        transitionDays, keyPeople = new[] { new { name = "Petra Platform", role = "Receiving engineer" } }, estimatedCost = 18_000m, estimatedDurationDays = 60,
    };

    private sealed record Imported(Guid Id, AgreementContent Content, Guid VendorId, string VendorName, string OwnerName, HttpClient Staff);

    /// <summary>A budget calendar from April, and a signed hosting agreement for 2027 in Berlin with a vendor of the given tier.</summary>
    private async Task<Imported> ImportAsync(bool tacit, string tier)
    {
        await AtAsync(Utc(2027, 1, 4));
        var admin = await _factory.AdminApiAsync();
        var calendar = await admin.GetAsync("/api/v1/organisation/budget-calendar");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync("/api/v1/organisation/budget-calendar", new
        {
            fiscalYearStartMonth = 4, fiscalYearStartDay = 1, timeZone = "Europe/Berlin",
            milestones = new object[] { new { name = "Budget requests due", daysBeforeYearStart = 120, isRequestDeadline = true } },
            leadTimes = Array.Empty<object>(), defaultLeadTimeDays = 60,
        }, calendar.Headers.ETag!.Tag)).StatusCode);
        var staff = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement, Roles.VendorManager);
        var vendorName = Unique("Hostly");
        var vendorId = (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = vendorName, riskTier = tier, contactEmail = "sla@vendor.test" }))
            .ReadJsonAsync()).GetProperty("id").GetGuid();
        var ownerName = Unique("owner");
        await _factory.CreateUserAsync(ownerName, Roles.VendorManager);
        var content = AgreementSamples.Hosting(vendorId) with
        {
            Title = Unique("Portal"), Owner = ownerName, TermStart = new DateOnly(2027, 1, 1), TermEnd = new DateOnly(2027, 12, 31), TimeZone = "Europe/Berlin",
            Renewal = new RenewalTerms(tacit, new Period(3, PeriodUnit.Months), tacit ? new Period(12, PeriodUnit.Months) : null),
            Exit = new ExitTerms(["CSV"], 30, DeletionCertificate: true),
        };
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2026-12-15"), "signedOn" },
            { new StringContent("Dana; Hans"), "signatories" },
        };
        var imported = await staff.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var id = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        return new Imported(id, content, vendorId, vendorName, ownerName, staff);
    }

    [Fact]
    public async Task An_exit_started_by_hand_cancels_the_renewal_collects_the_data_and_the_certificate_and_ends_Exited_with_its_checklist()
    {
        var (id, content, vendorId, vendorName, ownerName, staff) = await ImportAsync(tacit: true, "Critical");
        var token = await (await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tokens", new { name = "exit" })).ReadJsonAsync();
        var vendor = _factory.CreateClient();
        vendor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("secret").GetString());
        await AtAsync(Utc(2027, 1, 4, 13));
        var cycles = _factory.Services.GetRequiredService<RenewalCycleStore>();
        await UntilAsync(async () => (await cycles.OfAgreementAsync(id)).SingleOrDefault()?.WorkflowId is not null, "the renewal workflow");

        // A plan in a format the exit terms do not name, with transition days other than theirs and nobody to own it, is refused whole.
        var bad = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/exit-plans", Plan("nobody-at-all", format: "XML", transitionDays: 10));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = await bad.ProblemErrorsAsync();
        Assert.Contains("'XML' is not a format the exit terms name", string.Join(" ", errors["dataInventory[0].format"]));
        Assert.Contains("The exit terms give 30 days", string.Join(" ", errors["transitionDays"]));
        Assert.Contains("No user is named 'nobody-at-all'", string.Join(" ", errors["owner"]));
        Assert.Equal(0, await CountAsync("exit_plans"));
        var plan = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/exit-plans", Plan(ownerName));
        Assert.True(plan.StatusCode == HttpStatusCode.Created, await plan.Content.ReadAsStringAsync());
        Assert.Equal(1, (await plan.ReadJsonAsync()).GetProperty("version").GetInt32());

        // Starting the exit needs a reason; refused, it writes nothing. Then it starts, and a second start joins it.
        var noReason = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/exit", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(0, await CountAsync("exits"));
        Assert.Equal(0, await CountAsync("exit_triggers"));
        var started = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/exit", new { reason = "The portal moves in-house." });
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/exit", new { reason = "Budget cut." })).StatusCode);
        Assert.Equal(1, await CountAsync("exits"));
        await _factory.DrainEventsAsync();

        // The renewal is cancelled with its workflow; the vendor's inbox asks for the data and the certificate.
        var exits = _factory.Services.GetRequiredService<ExitStore>();
        await UntilAsync(async () => (await exits.GetAsync(id))?.CertificateRequestId is not null, "the exit's requests");
        await UntilAsync(async () => (await cycles.OfAgreementAsync(id)).Single().Status == RenewalCycleStatus.Cancelled, "the renewal cancelled");
        Assert.Null((await _factory.Services.GetRequiredService<AgreementTermStore>().GetAsync(id))!.RenewalAmount);
        await UntilAsync(async () => (await MailSubjectsAsync($"Exit started: {content.Title}")).Count == 1, "the exit's start email");

        // The step that began it, run again after a crash, opens nothing more.
        var exit = (await exits.GetAsync(id))!;
        await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == "exit-begin").RunAsync(new WorkflowActionContext(
            new WorkflowSubject { Type = Exits.SubjectType, Id = id.ToString() }, exit.WorkflowId!.Value.ToString(), "exit", "begin", "replay"),
            CancellationToken.None);
        Assert.Equal(2, await CountAsync("vendor_requests WHERE subject_type = 'Exit' AND kind <> 'Acknowledgement'"));
        Assert.Equal(1, await CountAsync("audit_log WHERE action = 'exit.requests-opened'"));

        // The branches' tasks name the agreement, the vendor, the data to return and the outstanding claims.
        var settle = await WaitForTaskAsync(id, "settle");
        Assert.Equal("Finance", settle.AssigneeRole);
        Assert.Contains($"{content.Title} · {vendorName} · exit, ends 2027-12-31", settle.SubjectSummary);
        Assert.Contains("data to return: Customer records (Hostly EU-1 database, CSV, 40 GB)", settle.SubjectSummary);
        Assert.Contains("no outstanding credit claims", settle.SubjectSummary);
        var revoke = await WaitForTaskAsync(id, "revoke-access");
        var board = await WaitForTaskAsync(id, "board-sign-off");
        var handover = await WaitForTaskAsync(id, "hold-handover");
        Assert.Equal($"Hold the hand-over sessions with {vendorName} within the transition assistance window (until 2028-01-30)", handover.Title);

        // The next day the vendor returns the data as a CSV file through its inbox: that raises "data received", and verification follows.
        await AtAsync(Utc(2027, 1, 5));
        var inbox = (await (await vendor.GetAsync("/api/v1/vendor/requests")).ReadJsonAsync()).EnumerateArray().ToList();
        var dataRequest = inbox.Single(r => r.GetProperty("title").GetString()!.StartsWith("Return our data", StringComparison.Ordinal)).GetProperty("id").GetGuid();
        var certificateRequest = inbox.Single(r => r.GetProperty("title").GetString()!.StartsWith("Send the certificate", StringComparison.Ordinal))
            .GetProperty("id").GetGuid();
        var returned = await vendor.PostAsync($"/api/v1/vendor/requests/{dataRequest}/answer",
            Answer("All customer records, SHA-256 in the file name list.", "customers.csv", "id;name\n1;Ada\n2;Grace\n"u8.ToArray()));
        Assert.True(returned.StatusCode == HttpStatusCode.OK, await returned.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
        var verify = await WaitForTaskAsync(id, "verify-data");
        Assert.NotNull((await exits.GetAsync(id))!.DataReceivedAt);

        // The vendor acknowledges the exit notice through its token: recorded with who and when, and the notice branch ends unchased.
        var noticeRequest = inbox.Single(r => r.GetProperty("title").GetString()!.StartsWith("Acknowledge the exit notice", StringComparison.Ordinal));
        Assert.Equal("Acknowledgement", noticeRequest.GetProperty("kind").GetString());
        var acknowledged = await vendor.PostAsync($"/api/v1/vendor/requests/{noticeRequest.GetProperty("id").GetGuid()}/answer",
            new MultipartFormDataContent { { new StringContent("Notice acknowledged for Hostly by its account manager."), "text" } });
        Assert.True(acknowledged.StatusCode == HttpStatusCode.OK, await acknowledged.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
        await UntilAsync(async () => (await exits.GetAsync(id))!.NoticeAcknowledgedAt is not null, "the acknowledgement recorded");
        Assert.Equal(1, await CountAsync("audit_log WHERE action = 'exit.notice-acknowledged'"));
        var shown = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/agreements/{id}/exit");
        Assert.Equal(Utc(2027, 1, 5), shown.GetProperty("noticeAcknowledgedAt").GetDateTimeOffset());
        Assert.False(string.IsNullOrEmpty(shown.GetProperty("noticeAcknowledgedBy").GetString()));
        await UntilAsync(async () => await WaitEndedAsync(exit.WorkflowId!.Value, Exits.NoticeAcknowledgedEvent), "the notice branch's end");
        Assert.Null(await OpenTaskAsync(id, "chase-acknowledgement"));
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/exit/data-received", new { note = "again" })).StatusCode);

        // The certificate of deletion arrives and Legal reviews it.
        var certified = await vendor.PostAsync($"/api/v1/vendor/requests/{certificateRequest}/answer",
            Answer("Deletion certified.", "deletion.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")));
        Assert.True(certified.StatusCode == HttpStatusCode.OK, await certified.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
        var review = await WaitForTaskAsync(id, "review-certificate");
        Assert.Equal("Legal", review.AssigneeRole);
        var lawyer = await _factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        await CompleteAsync(lawyer, review.Id, "accepted", "Signed by the vendor's DPO; covers backups.");

        var manager = await _factory.ApiClientAsync(Unique("manager"), Roles.VendorManager);
        await CompleteAsync(manager, verify.Id, "complete", "40 GB of customer records, checksums match.");
        await CompleteAsync(manager, revoke.Id, "revoked", "VPN accounts closed, API keys rotated, SFTP integration removed.");
        var finance = await _factory.ApiClientAsync(Unique("controller"), Roles.Finance);
        await CompleteAsync(finance, settle.Id, "settled", "Final invoice INV-77 paid; no credits outstanding.");
        var chair = await _factory.ApiClientAsync(Unique("chair"), Roles.GovernanceBoard);
        await CompleteAsync(chair, board.Id, "signed-off", "Exit complete for a critical vendor.");
        var refused = await manager.PostAsJsonAsync($"/api/v1/tasks/{handover.Id}/complete", new { outcome = "held", comment = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await CompleteAsync(manager, handover.Id, "held", "Sessions held: 12 Jan runbooks, 19 Jan database hand-over, 26 Jan on-call shadowing.");

        // No renewal reminder or decision comes after the exit started, though their dates pass.
        await AtAsync(Utc(2027, 12, 10));
        Assert.Empty(await MailSubjectsAsync($"renewal of {content.Title}"));
        Assert.Empty(await MailSubjectsAsync($"Renewal decision due: {content.Title}"));
        Assert.Equal(AgreementStatus.Active, (await _factory.Services.GetRequiredService<AgreementStore>().GetAsync(id))!.Status);

        // After its last day it expires, and with every branch ended the exit makes it Exited and keeps the checklist.
        await AtAsync(Utc(2028, 1, 1));
        var agreements = _factory.Services.GetRequiredService<AgreementStore>();
        await UntilAsync(async () => (await agreements.GetAsync(id))!.Status == AgreementStatus.Exited, "the agreement Exited");
        await UntilAsync(async () => (await MailSubjectsAsync($"Exited: {content.Title}")).Count == 1, "the exited email");
        var checklist = await staff.GetByteArrayAsync($"/api/v1/agreements/{id}/exit/checklist");
        using (var word = WordprocessingDocument.Open(new MemoryStream(checklist), false))
        {
            Assert.Empty(new OpenXmlValidator().Validate(word));
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains($"Exit checklist: {content.Title}", text);
            Assert.Contains("customers.csv (SHA-256 ", text);
            Assert.Contains("deletion.pdf (SHA-256 ", text);
            Assert.Contains("VPN accounts closed", text);
            Assert.Contains("started by hand", text);
            Assert.Contains("Exit notice acknowledged by the vendor", text);
            Assert.Contains("Sessions held: 12 Jan runbooks", text);
        }
        var documents = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/agreements/{id}/documents");
        Assert.Contains(documents.EnumerateArray(), d => d.GetProperty("kind").GetString() == AgreementDocumentKinds.ExitChecklist);

        // The lifecycle sweeper leaves it Exited.
        await AtAsync(Utc(2028, 2, 1));
        Assert.Equal(AgreementStatus.Exited, (await agreements.GetAsync(id))!.Status);
        var page = await (await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword)).GetPageAsync($"/agreements/{id}/exit");
        Assert.Contains("Completed", page.QuerySelector("#exit-status")!.TextContent);
    }

    [Fact]
    public async Task A_renewal_nobody_decides_lapses_and_starts_the_exit_whose_email_says_what_comes_back()
    {
        var (id, content, _, vendorName, _, _) = await ImportAsync(tacit: false, "High");
        await AtAsync(Utc(2027, 1, 4, 13));
        var cycles = _factory.Services.GetRequiredService<RenewalCycleStore>();
        await UntilAsync(async () => (await cycles.OfAgreementAsync(id)).SingleOrDefault()?.WorkflowId is not null, "the renewal workflow");

        // The decision is asked for in August; nobody decides, and a renewal that is not tacit can be decided until the term ends: then
        // it lapses, and the exit starts with the lapse as its trigger.
        await AtAsync(Utc(2027, 8, 10));
        await UntilAsync(async () => await OpenRenewalDecisionAsync(id), "the renewal decision task");
        await AtAsync(Utc(2028, 1, 1));
        await UntilAsync(async () => (await cycles.OfAgreementAsync(id)).Single().Status == RenewalCycleStatus.Lapsed, "the lapse");
        await _factory.DrainEventsAsync();
        var exits = _factory.Services.GetRequiredService<ExitStore>();
        await UntilAsync(async () => (await exits.GetAsync(id))?.DataRequestId is not null, "the exit's data request");
        Assert.Equal(SlaGovernance.Domain.Exits.ExitTriggers.RenewalLapsed, Assert.Single(await exits.TriggersAsync(id)).Kind);
        Assert.Equal(new DateOnly(2027, 12, 31), (await exits.GetAsync(id))!.EndsOn);
        await UntilAsync(async () => (await MailSubjectsAsync($"Exit started: {content.Title} ({vendorName}) ends 2027-12-31")).Count == 1, "the exit's start email");
        // A high (not critical) vendor's exit has no board sign-off.
        await WaitForTaskAsync(id, "settle");
        Assert.Null(await OpenTaskAsync(id, "board-sign-off"));
    }

    [Fact]
    public async Task An_unacknowledged_notice_is_chased_until_the_vendor_acknowledges_and_the_hand_over_is_due_at_the_window_end()
    {
        var (id, content, vendorId, vendorName, _, staff) = await ImportAsync(tacit: false, "High");
        var token = await (await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tokens", new { name = "exit" })).ReadJsonAsync();
        var vendor = _factory.CreateClient();
        vendor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("secret").GetString());
        var started = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/exit", new { reason = "The portal moves in-house." });
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
        var exits = _factory.Services.GetRequiredService<ExitStore>();
        await UntilAsync(async () => (await exits.GetAsync(id))?.NoticeRequestId is not null, "the acknowledgement request");

        // The hand-over is due at the end of the transition assistance window: 30 days after the agreement's last day (31 Dec 2027),
        // the end of 30 Jan 2028 in Berlin, with reminders before it; the exit's API shows the window and its days left.
        var handover = await WaitForTaskAsync(id, "hold-handover");
        Assert.Equal($"Hold the hand-over sessions with {vendorName} within the transition assistance window (until 2028-01-30)", handover.Title);
        Assert.Equal("VendorManager", handover.AssigneeRole);
        Assert.Equal(new DateTimeOffset(2028, 1, 30, 23, 0, 0, TimeSpan.Zero), handover.DueAt);
        var reminders = JsonSerializer.Deserialize<List<DateTimeOffset>>(handover.Reminders)!;
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, r => Assert.True(r < handover.DueAt && r > Utc(2028, 1, 15)));
        var shown = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/agreements/{id}/exit");
        var window = shown.GetProperty("transitionWindow");
        Assert.Equal("2028-01-01", window.GetProperty("startsOn").GetString());
        Assert.Equal("2028-01-30", window.GetProperty("endsOn").GetString());
        Assert.Equal(30, window.GetProperty("days").GetInt32());
        Assert.Equal(30, window.GetProperty("daysLeft").GetInt32());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("noticeAcknowledgedAt").ValueKind);

        // The step that asked for the acknowledgement, run again after a crash, asks nothing more.
        var exit = (await exits.GetAsync(id))!;
        await _factory.UntilWorkflowWaitsAsync(exit.WorkflowId!.Value.ToString());
        await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == "exit-ask-acknowledgement").RunAsync(new WorkflowActionContext(
            new WorkflowSubject { Type = Exits.SubjectType, Id = id.ToString() }, exit.WorkflowId!.Value.ToString(), "exit", "ask-acknowledgement", "replay"),
            CancellationToken.None);
        Assert.Equal(1, await CountAsync("vendor_requests WHERE subject_type = 'Exit' AND kind = 'Acknowledgement'"));
        Assert.Equal(1, await CountAsync("audit_log WHERE action = 'exit.notice-sent'"));
        Assert.Equal(exit.NoticeRequestId, (await exits.GetAsync(id))!.NoticeRequestId);

        // Ten business days pass unanswered: the vendor manager is given a chase task, escalating to the Governance board.
        await AtAsync(Utc(2027, 1, 20));
        var chase = await WaitForTaskAsync(id, "chase-acknowledgement");
        Assert.Equal($"Chase {vendorName}'s acknowledgement of the exit notice of {content.Title}", chase.Title);
        Assert.Equal("GovernanceBoard", chase.EscalateToRole);

        // The vendor then acknowledges through its token: recorded, and the chase task closes itself.
        var request = (await (await vendor.GetAsync("/api/v1/vendor/requests")).ReadJsonAsync()).EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == "Acknowledgement");
        var answered = await vendor.PostAsync($"/api/v1/vendor/requests/{request.GetProperty("id").GetGuid()}/answer",
            new MultipartFormDataContent { { new StringContent("Acknowledged, sorry for the delay."), "text" } });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
        var tasks = _factory.Services.GetRequiredService<TaskStore>();
        await UntilAsync(async () => (await tasks.GetAsync(chase.Id))!.Status != WorkflowTaskStatus.Open, "the chase task closing itself");
        var closed = (await tasks.GetAsync(chase.Id))!;
        Assert.Equal(Exits.NoticeAcknowledgedOutcome, closed.Outcome);
        var acknowledged = (await exits.GetAsync(id))!;
        Assert.Equal(Utc(2027, 1, 20), acknowledged.NoticeAcknowledgedAt);
        Assert.NotNull(acknowledged.NoticeAcknowledgedBy);
        Assert.Equal(1, await CountAsync("audit_log WHERE action = 'exit.notice-acknowledged'"));
        // Staff recording it again are refused, and nothing is written.
        var again = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/exit/notice-acknowledged", new { note = "Signed letter received." });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await CountAsync("audit_log WHERE action = 'exit.notice-acknowledged'"));
        Assert.Equal(acknowledged.NoticeAcknowledgedAt, (await exits.GetAsync(id))!.NoticeAcknowledgedAt);
        var page = await (await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword)).GetPageAsync($"/agreements/{id}/exit");
        Assert.Contains($"acknowledged by {acknowledged.NoticeAcknowledgedBy}", page.QuerySelector("#exit-notice")!.TextContent);
        Assert.Contains("30 days from 1 Jan 2028 until 30 Jan 2028", page.QuerySelector("#exit-transition")!.TextContent);
    }
}
