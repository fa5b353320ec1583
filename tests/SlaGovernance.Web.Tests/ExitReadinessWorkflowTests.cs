using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Exits;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Exits;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Exit readiness tests (workflows/exit-readiness.json) through the API on a stepped clock: a critical vendor with a hosting agreement
/// of 2027 to 2029 is tested every year by the sweep; it is asked through its inbox for a sample export, reminded when it is late, the
/// chase escalates to the Governance board when overdue, the export arrives through the vendor token with its SHA-256, and the vendor
/// manager records the gaps with their actions.
/// </summary>
public sealed class ExitReadinessWorkflowTests : IDisposable
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
        await _factory.Services.GetRequiredService<TaskDeadlines>().RunOnceAsync();
    }

    private Task<int> SweepAsync() => _factory.Services.GetRequiredService<ExitReadinessTests>().StartDueAsync();

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

    private async Task<List<string>> MailSubjectsAsync(string like)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<string>(Database.Sql("SELECT subject FROM email_outbox WHERE subject LIKE @Like ORDER BY created_at, id"),
            new { Like = "%" + like + "%" })).ToList();
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(Database.Sql($"SELECT COUNT(*) FROM {table}"));
    }

    private async Task<TaskRow?> OpenTaskAsync(Guid testId, string stepId)
    {
        await using var connection = await Database.OpenAsync();
        var id = await connection.QueryFirstOrDefaultAsync<Guid?>(Database.Sql(
            "SELECT id FROM wf_tasks WHERE subject_type = 'ExitReadiness' AND subject_id = @Id AND step_id = @Step AND status = 'Open'"),
            new { Id = testId.ToString(), Step = stepId });
        return id is { } found ? await _factory.Services.GetRequiredService<TaskStore>().GetAsync(found) : null;
    }

    private async Task<TaskRow> WaitForTaskAsync(Guid testId, string stepId)
    {
        TaskRow? task = null;
        await UntilAsync(async () => (task = await OpenTaskAsync(testId, stepId)) is not null, $"the open task of {stepId}");
        return task!;
    }

    private sealed record Setup(Guid VendorId, string VendorName, Guid AgreementId, string Title, HttpClient Staff, HttpClient Vendor, string ManagerName,
        HttpClient Manager);

    /// <summary>A critical vendor with an escalation contact, a token and an Active hosting agreement; a vendor manager and a board member.</summary>
    private async Task<Setup> SetupAsync(string tier = "Critical")
    {
        await AtAsync(Utc(2027, 1, 4, 9));
        var staff = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement, Roles.VendorManager);
        var vendorName = Unique("Hostly");
        var vendorId = (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = vendorName, riskTier = tier, contactEmail = "sla@vendor.test" }))
            .ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/contacts",
            new { role = "Escalation", name = "Eve Escalation", email = "eve@vendor.test" })).StatusCode);
        var content = AgreementSamples.Hosting(vendorId) with { Title = Unique("Portal") };
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2026-12-15"), "signedOn" },
            { new StringContent("Dana; Hans"), "signatories" },
        };
        var imported = await staff.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var agreementId = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        await _factory.DrainEventsAsync();
        var token = await (await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tokens", new { name = "exit readiness" })).ReadJsonAsync();
        var vendor = _factory.CreateClient();
        vendor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("secret").GetString());
        var managerName = Unique("manager");
        var manager = await _factory.ApiClientAsync(managerName, Roles.VendorManager);
        await _factory.CreateUserAsync(Unique("chair"), Roles.GovernanceBoard);
        return new Setup(vendorId, vendorName, agreementId, content.Title, staff, vendor, managerName, manager);
    }

    private static MultipartFormDataContent Answer(string text, string name, byte[] content)
    {
        var form = new MultipartFormDataContent { { new StringContent(text), "text" } };
        form.Add(new ByteArrayContent(content), "file", name);
        return form;
    }

    private async Task<JsonElement> TestAsync(HttpClient client, Guid vendorId) =>
        (await (await client.GetAsync($"/api/v1/vendors/{vendorId}/exit-readiness-tests")).ReadJsonAsync())[0];

    [Fact]
    public async Task A_critical_vendor_is_tested_every_year_reminded_escalated_when_overdue_and_its_gaps_are_recorded_with_actions()
    {
        var s = await SetupAsync();
        var notCritical = await SetupAsync("High");

        // The sweep starts one test for the critical vendor and none for the high one; a second sweep and a start by hand add nothing.
        await AtAsync(Utc(2027, 1, 4, 13));
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(HttpStatusCode.OK, (await s.Manager.PostAsync($"/api/v1/vendors/{s.VendorId}/exit-readiness-tests", null)).StatusCode);
        var refused = await s.Manager.PostAsync($"/api/v1/vendors/{notCritical.VendorId}/exit-readiness-tests", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("critical vendors only", string.Join(" ", (await refused.ProblemErrorsAsync())["vendorId"]));
        Assert.Equal(1, await CountAsync("exit_readiness_tests"));

        // The vendor is asked through its inbox and its escalation contact told; the vendor managers are told.
        var testId = (await TestAsync(s.Manager, s.VendorId)).GetProperty("id").GetGuid();
        var store = _factory.Services.GetRequiredService<ExitReadinessStore>();
        await UntilAsync(async () => (await store.GetAsync(testId))?.RequestId is not null, "the sample export request");
        Assert.Equal(new DateOnly(2027, 1, 18), (await store.GetAsync(testId))!.DueOn);
        await UntilAsync(async () => (await MailSubjectsAsync($"Exit readiness test 2027: {s.VendorName} asked for a sample export by 18 Jan 2027")).Count == 1,
            "the start email");
        Assert.Single(await MailSubjectsAsync("Exit readiness test 2027: a sample data export, due 18 Jan 2027"));
        var inbox = (await (await s.Vendor.GetAsync("/api/v1/vendor/requests")).ReadJsonAsync()).EnumerateArray().ToList();
        var request = inbox.Single(r => r.GetProperty("title").GetString()!.StartsWith("Exit readiness test 2027", StringComparison.Ordinal));
        Assert.Equal("DataExport", request.GetProperty("kind").GetString());

        // Ten business days without the export (counted from when the wait began): the vendor is reminded and a vendor manager chases it.
        await _factory.UntilWorkflowWaitsAsync((await store.GetAsync(testId))!.WorkflowId!.Value.ToString());
        await AtAsync(Utc(2027, 1, 19));
        var chase = await WaitForTaskAsync(testId, "chase");
        Assert.Equal("VendorManager", chase.AssigneeRole);
        Assert.Contains($"{s.VendorName} · exit readiness test 2027 · sample export asked for, due 18 Jan 2027", chase.SubjectSummary);
        Assert.Single(await MailSubjectsAsync("Reminder: exit readiness test 2027, sample data export due 18 Jan 2027"));
        await AtAsync(Utc(2027, 1, 25));
        Assert.NotEmpty(await MailSubjectsAsync("Reminder: Chase the vendor's sample data export"));

        // Overdue, the chase escalates to the Governance board, and the board's start page shows the vendor overdue.
        await AtAsync(Utc(2027, 1, 27));
        Assert.Single(await MailSubjectsAsync("Overdue, escalated to GovernanceBoard: Chase the vendor's sample data export"));
        var board = await _factory.ApiClientAsync(Unique("member"), Roles.GovernanceBoard);
        var attention = await (await board.GetAsync("/api/v1/me/attention")).ReadJsonAsync();
        var readiness = attention.GetProperty("sections").EnumerateArray().Single(x => x.GetProperty("key").GetString() == "exit-readiness");
        var item = readiness.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("title").GetString()!.StartsWith(s.VendorName, StringComparison.Ordinal));
        Assert.True(item.GetProperty("overdue").GetBoolean());

        // The vendor answers with its sample export through its token: receipt and SHA-256 are kept, the chase closes and the assessment opens.
        var sample = "customer_id;name\n1;Ada\n2;Grace\n"u8.ToArray();
        var answered = await s.Vendor.PostAsync($"/api/v1/vendor/requests/{request.GetProperty("id").GetGuid()}/answer",
            Answer("Sample export of customer records.", "sample.csv", sample));
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
        var assess = await WaitForTaskAsync(testId, "assess");
        Assert.Null(await OpenTaskAsync(testId, "chase"));
        var received = await TestAsync(s.Manager, s.VendorId);
        Assert.Equal(ExitReadinessStatus.Received, received.GetProperty("status").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(sample)), received.GetProperty("sha256").GetString());
        Assert.Equal("sample.csv", received.GetProperty("fileName").GetString());

        // An outcome with gaps lacking an owner and a past due date is refused whole and writes nothing.
        var bad = await s.Manager.PostAsJsonAsync($"/api/v1/exit-readiness-tests/{testId}/outcome", new
        {
            outcome = "gaps", gaps = new object[] { new { gap = "No attachment export", action = "Agree an export of attachments", owner = "nobody-here", dueOn = "2027-01-02" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = await bad.ProblemErrorsAsync();
        Assert.Contains("No active user is named 'nobody-here'", string.Join(" ", errors["gaps[0].owner"]));
        Assert.Contains("before today", string.Join(" ", errors["gaps[0].dueOn"]));
        Assert.Equal(0, await CountAsync("exit_readiness_gaps"));
        Assert.Equal(ExitReadinessStatus.Received, (await store.GetAsync(testId))!.Status);

        var recorded = await s.Manager.PostAsJsonAsync($"/api/v1/exit-readiness-tests/{testId}/outcome", new
        {
            outcome = "gaps", notes = "Records complete; attachments missing.",
            gaps = new object[]
            {
                new { gap = "Attachments are not in the export", action = "Agree an attachment export with the vendor", owner = s.ManagerName, dueOn = "2027-03-31" },
                new { gap = "No field descriptions", action = "Ask for a data dictionary", owner = s.ManagerName, dueOn = "2027-02-28" },
            },
        });
        Assert.True(recorded.StatusCode == HttpStatusCode.OK, await recorded.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await s.Manager.PostAsJsonAsync($"/api/v1/exit-readiness-tests/{testId}/outcome", new { outcome = "ready" })).StatusCode);
        await UntilAsync(async () => (await MailSubjectsAsync($"Exit readiness test 2027: {s.VendorName} is gaps found")).Count == 1, "the outcome email");
        Assert.Equal(2, (await TestAsync(s.Manager, s.VendorId)).GetProperty("gaps").GetArrayLength());

        // The outcome and its date show on the vendor's page, the agreement's page and the board's start page.
        var browser = await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var profile = await browser.GetPageAsync($"/vendors/{s.VendorId}");
        Assert.Contains("Gaps found on 27 Jan 2027", profile.QuerySelector("#exit-readiness")!.TextContent);
        var agreement = await browser.GetPageAsync($"/agreements/{s.AgreementId}");
        Assert.Contains("Gaps found on 27 Jan 2027", agreement.QuerySelector("#exit-readiness")!.TextContent);
        var page = await browser.GetPageAsync($"/exit-readiness/{testId}");
        Assert.Contains("Attachments are not in the export", page.QuerySelector("#readiness-gaps")!.TextContent);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(sample)), page.QuerySelector("#readiness-export")!.TextContent);
        attention = await (await board.GetAsync("/api/v1/me/attention")).ReadJsonAsync();
        readiness = attention.GetProperty("sections").EnumerateArray().Single(x => x.GetProperty("key").GetString() == "exit-readiness");
        Assert.Contains(readiness.GetProperty("items").EnumerateArray(),
            i => i.GetProperty("title").GetString() == $"{s.VendorName} · exit readiness 2027: Gaps found on 27 Jan 2027");

        // The next year's sweep tests it again.
        await AtAsync(Utc(2028, 1, 4));
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(2028, (await TestAsync(s.Manager, s.VendorId)).GetProperty("year").GetInt32());
    }

    [Fact]
    public async Task Replaying_the_steps_of_a_readiness_test_after_a_crash_asks_and_reminds_the_vendor_once()
    {
        var s = await SetupAsync();
        await AtAsync(Utc(2027, 1, 4, 13));
        var started = await s.Manager.PostAsync($"/api/v1/vendors/{s.VendorId}/exit-readiness-tests", null);
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var testId = (await started.ReadJsonAsync()).GetProperty("id").GetGuid();
        var store = _factory.Services.GetRequiredService<ExitReadinessStore>();
        var workflowId = (await store.GetAsync(testId))!.WorkflowId!.Value.ToString();
        // The wait's ten business days count from when it begins, so the clock moves on only once it waits.
        await _factory.UntilWorkflowWaitsAsync(workflowId);
        await AtAsync(Utc(2027, 1, 19));
        await WaitForTaskAsync(testId, "chase");
        await _factory.UntilWorkflowWaitsAsync(workflowId);

        var before = (await CountAsync("vendor_requests"), await CountAsync("email_outbox"), await CountAsync("audit_log"), await CountAsync("exit_readiness_tests"));
        var subject = new WorkflowSubject { Type = ExitReadinessTests.SubjectType, Id = testId.ToString() };
        foreach (var action in new[] { "exit-readiness-request", "exit-readiness-remind" })
            await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == action)
                .RunAsync(new WorkflowActionContext(subject, workflowId, ExitReadinessTests.Definition, action, $"{workflowId}/{action}/replay"), CancellationToken.None);
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(before, (await CountAsync("vendor_requests"), await CountAsync("email_outbox"), await CountAsync("audit_log"),
            await CountAsync("exit_readiness_tests")));
        Assert.Single(await MailSubjectsAsync("Reminder: exit readiness test 2027"));
    }
}
