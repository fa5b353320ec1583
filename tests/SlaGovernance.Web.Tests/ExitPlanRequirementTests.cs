using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Exit plans are required for agreements with critical and high-risk vendors (sla-approval version 4, renewal version 2): the approval of
/// a new agreement and a renewal decision wait in an "Exit plan missing" task for the vendor managers until a plan is saved.
/// </summary>
public sealed class ExitPlanRequirementTests : IDisposable
{
    private readonly SteppedClockFactory _factory = new() { Settings = { ["ExitPlans:Required"] = "true" } };

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

    private async Task<TaskRow?> OpenTaskAsync(Guid agreementId, string definition, string stepId)
    {
        await using var connection = await Database.OpenAsync();
        var id = await connection.QueryFirstOrDefaultAsync<Guid?>(Database.Sql(
            "SELECT id FROM wf_tasks WHERE definition_id = @Definition AND subject_id = @Id AND step_id = @Step AND status = 'Open'"),
            new { Definition = definition, Id = agreementId.ToString(), Step = stepId });
        return id is { } found ? await _factory.Services.GetRequiredService<TaskStore>().GetAsync(found) : null;
    }

    private async Task<TaskRow> WaitForTaskAsync(Guid agreementId, string definition, string stepId)
    {
        TaskRow? task = null;
        await UntilAsync(async () => (task = await OpenTaskAsync(agreementId, definition, stepId)) is not null, $"the open task of {stepId}");
        return task!;
    }

    /// <summary>Completes the person's open task of that title, once the workflow has opened it.</summary>
    private static async Task AnswerAsync(HttpClient person, string title, string outcome)
    {
        JsonElement? task = null;
        await UntilAsync(async () => (task = (await (await person.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray()
            .Cast<JsonElement?>().FirstOrDefault(t => t!.Value.GetProperty("title").GetString() == title)) is not null, $"the task '{title}'");
        var answer = await person.PostAsJsonAsync($"/api/v1/tasks/{task!.Value.GetProperty("id").GetGuid()}/complete", new { outcome, comment = (string?)null });
        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
    }

    private static object Plan(string owner) => new
    {
        owner, strategy = "ReplacementVendor", strategyNotes = "Move to the second-source host.",
        dataInventory = new[] { new { what = "Customer records", where = "Hostly EU-1", format = "CSV", volume = "40 GB" } },
        transitionDays = 90, keyPeople = new[] { new { name = "Petra Platform", role = "Receiving engineer" } }, estimatedCost = 18_000m, estimatedDurationDays = 60,
    };

    [Fact]
    public async Task Approval_of_an_agreement_with_a_high_risk_vendor_waits_in_an_exit_plan_missing_task_until_a_plan_is_saved()
    {
        var drafter = await _factory.ApiClientAsync(Unique("drafter"), Roles.Procurement);
        var approver = await _factory.ApiClientAsync(Unique("approver"), Roles.Procurement);
        var lawyer = await _factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        var finance = await _factory.ApiClientAsync(Unique("finance"), Roles.Finance);
        var boardOne = await _factory.ApiClientAsync(Unique("board"), Roles.GovernanceBoard);
        var boardTwo = await _factory.ApiClientAsync(Unique("board"), Roles.GovernanceBoard);
        var managerName = Unique("manager");
        var manager = await _factory.ApiClientAsync(managerName, Roles.VendorManager);
        var vendorId = (await (await drafter.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Hostly"), riskTier = "High" })).ReadJsonAsync())
            .GetProperty("id").GetGuid();
        var content = AgreementSamples.Hosting(vendorId) with { Title = Unique("Portal") };
        var created = await drafter.PostAsJsonAsync("/api/v1/agreements", content, AgreementContent.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await drafter.PostWithIfMatchAsync($"/api/v1/agreements/{id}/submit", created.Headers.ETag!.Tag)).StatusCode);

        await AnswerAsync(approver, "Procurement approval", "approve");
        await AnswerAsync(lawyer, "Legal review of exclusions and clauses", "approve");
        await AnswerAsync(finance, "Finance approval of the spend", "approve");
        await AnswerAsync(boardOne, "Governance board approval", "approve");
        await AnswerAsync(boardTwo, "Governance board approval", "approve");

        // Every approval is in, but the vendor is high-risk and there is no exit plan: a vendor manager's task, and no approval yet.
        var missing = await WaitForTaskAsync(id, "sla-approval", "exit-plan-missing");
        Assert.Equal("VendorManager", missing.AssigneeRole);
        Assert.Equal("plan-saved", missing.ClosesOn);
        Assert.Equal("Exit plan missing: save the agreement's exit plan so its approval completes", missing.Title);
        Assert.Contains(content.Title, missing.SubjectSummary);
        var refused = await manager.PostAsJsonAsync($"/api/v1/tasks/{missing.Id}/complete", new { outcome = "plan-saved" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("InApproval", (await (await drafter.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync()).GetProperty("agreement").GetProperty("status").GetString());

        // Saving the plan closes the task and the approval completes.
        var plan = await manager.PostAsJsonAsync($"/api/v1/agreements/{id}/exit-plans", Plan(managerName));
        Assert.True(plan.StatusCode == HttpStatusCode.Created, await plan.Content.ReadAsStringAsync());
        // A high-risk (not critical) vendor's plan needs no board approval.
        Assert.Equal(JsonValueKind.Null, (await plan.ReadJsonAsync()).GetProperty("approvalStatus").ValueKind);
        await UntilAsync(async () => (await (await drafter.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync()).GetProperty("agreement").GetProperty("status")
            .GetString() == "Approved", "the approval");
        Assert.Equal(WorkflowTaskStatus.Completed, (await _factory.Services.GetRequiredService<TaskStore>().GetAsync(missing.Id))!.Status);
    }

    [Fact]
    public async Task An_agreement_of_a_low_risk_vendor_is_approved_without_an_exit_plan()
    {
        var drafter = await _factory.ApiClientAsync(Unique("drafter"), Roles.Procurement);
        var approver = await _factory.ApiClientAsync(Unique("approver"), Roles.Procurement);
        var lawyer = await _factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        var finance = await _factory.ApiClientAsync(Unique("finance"), Roles.Finance);
        var boardOne = await _factory.ApiClientAsync(Unique("board"), Roles.GovernanceBoard);
        var boardTwo = await _factory.ApiClientAsync(Unique("board"), Roles.GovernanceBoard);
        var vendorId = (await (await drafter.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Printly"), riskTier = "Low" })).ReadJsonAsync())
            .GetProperty("id").GetGuid();
        var created = await drafter.PostAsJsonAsync("/api/v1/agreements", AgreementSamples.Hosting(vendorId) with { Title = Unique("Printing") }, AgreementContent.Json);
        var id = (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await drafter.PostWithIfMatchAsync($"/api/v1/agreements/{id}/submit", created.Headers.ETag!.Tag)).StatusCode);
        await AnswerAsync(approver, "Procurement approval", "approve");
        await AnswerAsync(lawyer, "Legal review of exclusions and clauses", "approve");
        await AnswerAsync(finance, "Finance approval of the spend", "approve");
        await AnswerAsync(boardOne, "Governance board approval", "approve");
        await AnswerAsync(boardTwo, "Governance board approval", "approve");
        await UntilAsync(async () => (await (await drafter.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync()).GetProperty("agreement").GetProperty("status")
            .GetString() == "Approved", "the approval");
        Assert.Null(await OpenTaskAsync(id, "sla-approval", "exit-plan-missing"));
    }

    [Fact]
    public async Task A_renewal_decision_on_an_agreement_of_a_critical_vendor_is_carried_out_only_once_its_exit_plan_is_saved()
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
        var staff = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement);
        var vendorId = (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Hostly"), riskTier = "Critical", contactEmail = "sla@vendor.test" }))
            .ReadJsonAsync()).GetProperty("id").GetGuid();
        var content = AgreementSamples.Hosting(vendorId) with
        {
            Title = Unique("Portal"), TermStart = new DateOnly(2027, 1, 1), TermEnd = new DateOnly(2027, 12, 31), TimeZone = "Europe/Berlin",
            Renewal = new RenewalTerms(false, new Period(3, PeriodUnit.Months), null),
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
        await AtAsync(Utc(2027, 1, 4, 13));
        var cycles = _factory.Services.GetRequiredService<RenewalCycleStore>();
        await UntilAsync(async () => (await cycles.OfAgreementAsync(id)).SingleOrDefault()?.WorkflowId is not null, "the renewal workflow");

        // The decision is asked for in August; a vendor manager decides to renew as is, but there is no exit plan.
        await AtAsync(Utc(2027, 8, 10));
        var decide = await WaitForTaskAsync(id, "renewal", "decide");
        var managerName = Unique("manager");
        var manager = await _factory.ApiClientAsync(managerName, Roles.VendorManager);
        var decided = await manager.PostAsJsonAsync($"/api/v1/tasks/{decide.Id}/complete", new { outcome = "renew" });
        Assert.True(decided.StatusCode == HttpStatusCode.OK, await decided.Content.ReadAsStringAsync());
        var missing = await WaitForTaskAsync(id, "renewal", "exit-plan-missing");
        Assert.Equal("Exit plan missing: save the agreement's exit plan so the renewal decision is carried out", missing.Title);
        Assert.Contains(content.Title, missing.SubjectSummary);
        Assert.Equal(RenewalCycleStatus.Open, (await cycles.OfAgreementAsync(id)).Single().Status);

        // A reschedule while it waits keeps the decision.
        await _factory.Services.GetRequiredService<RenewalCycles>().RescheduleAsync(id);

        // The plan is saved: the task closes and the renewal is carried out as decided.
        var plan = await manager.PostAsJsonAsync($"/api/v1/agreements/{id}/exit-plans", Plan(managerName));
        Assert.True(plan.StatusCode == HttpStatusCode.Created, await plan.Content.ReadAsStringAsync());
        await UntilAsync(async () => (await cycles.OfAgreementAsync(id)).Any(c => c.Status == RenewalCycleStatus.Renewed && c.Decision == "renew"),
            "the renewal carried out");
    }

    [Fact]
    public async Task A_critical_vendors_exit_plan_goes_to_the_board_and_shows_Pending_until_two_members_approve_it()
    {
        var staff = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement);
        var boardOne = await _factory.ApiClientAsync(Unique("board"), Roles.GovernanceBoard);
        var boardTwo = await _factory.ApiClientAsync(Unique("board"), Roles.GovernanceBoard);
        var managerName = Unique("manager");
        var manager = await _factory.ApiClientAsync(managerName, Roles.VendorManager);
        var vendorId = (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Hostly"), riskTier = "Critical" })).ReadJsonAsync())
            .GetProperty("id").GetGuid();
        var content = AgreementSamples.Hosting(vendorId) with { Title = Unique("Core banking") };
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

        var saved = await manager.PostAsJsonAsync($"/api/v1/agreements/{id}/exit-plans", Plan(managerName));
        Assert.True(saved.StatusCode == HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
        Assert.Equal("Pending", (await saved.ReadJsonAsync()).GetProperty("approvalStatus").GetString());
        await _factory.DrainEventsAsync();
        var browser = await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        Assert.Contains("Pending with the Governance board", (await browser.GetPageAsync($"/agreements/{id}/exit")).QuerySelector("#plan-approval")!.TextContent);

        // The one who saved it holds no vote; two board members approve it, and the plan shows Approved.
        Assert.DoesNotContain((await (await manager.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray(),
            t => t.GetProperty("title").GetString() == "Approve the exit plan of a critical vendor's agreement");
        await AnswerAsync(boardOne, "Approve the exit plan of a critical vendor's agreement", "approve");
        Assert.Equal("Pending", (await (await staff.GetAsync($"/api/v1/agreements/{id}/exit-plans")).ReadJsonAsync())[0].GetProperty("approvalStatus").GetString());
        await AnswerAsync(boardTwo, "Approve the exit plan of a critical vendor's agreement", "approve");
        await UntilAsync(async () => (await (await staff.GetAsync($"/api/v1/agreements/{id}/exit-plans")).ReadJsonAsync())[0].GetProperty("approvalStatus")
            .GetString() == "Approved", "the board's approval");
        Assert.Contains("Approved by the Governance board", (await browser.GetPageAsync($"/agreements/{id}/exit")).QuerySelector("#plan-approval")!.TextContent);

        // Replayed after a crash, the decision and the start change nothing more.
        var stored = (await _factory.Services.GetRequiredService<SlaGovernance.Data.Exits.ExitStore>().PlanAsync(id, 1))!;
        var workflowId = stored.ApprovalWorkflowId!.Value.ToString();
        Assert.Equal("exit-plan-approval", (await _factory.Services.GetRequiredService<WorkflowCore.Interface.IPersistenceProvider>()
            .GetWorkflowInstance(workflowId)).WorkflowDefinitionId);
        await _factory.UntilWorkflowWaitsAsync(workflowId);
        async Task<long> CountAsync(string sql)
        {
            await using var connection = await Database.OpenAsync();
            return await connection.ExecuteScalarAsync<long>(Database.Sql(sql));
        }
        var before = (await CountAsync("SELECT COUNT(*) FROM audit_log"), await CountAsync("SELECT COUNT(*) FROM wf_tasks"));
        await _factory.Services.GetServices<SlaGovernance.Workflows.Activities.IWorkflowSubjectStatus>().Single(h => h.SubjectType == "ExitPlan")
            .SetStatusAsync(new SlaGovernance.Workflows.Activities.WorkflowSubject { Type = "ExitPlan", Id = $"{id}/1" }, "Approved", workflowId, "replay",
                CancellationToken.None);
        await using (var unit = await Database.BeginAsync())
        {
            await _factory.Services.GetRequiredService<SlaGovernance.Data.Events.DomainEvents>().AppendAsync(unit,
                new SlaGovernance.Domain.Exits.ExitPlanSubmitted(id, 1), CancellationToken.None);
            await unit.CommitAsync();
        }
        await _factory.DrainEventsAsync();
        Assert.Equal(before, (await CountAsync("SELECT COUNT(*) FROM audit_log"), await CountAsync("SELECT COUNT(*) FROM wf_tasks")));
        Assert.Equal(stored.ApprovalWorkflowId, (await _factory.Services.GetRequiredService<SlaGovernance.Data.Exits.ExitStore>().PlanAsync(id, 1))!.ApprovalWorkflowId);
    }
}
