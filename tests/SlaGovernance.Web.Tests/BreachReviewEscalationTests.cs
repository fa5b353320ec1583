using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Data.Claims;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Claims;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// What the contract says about operating the agreement after signature, followed by the month-end close on a stepped clock: the
/// agreement's own grace period for late data, an overdue breach review climbing the agreement's escalation path, and a review the
/// error-budget policy requires although every objective was met. April 2027 in Berlin: 43,200 minutes, so a 99.9 % objective allows
/// 43.2 minutes down.
/// </summary>
public sealed class BreachReviewEscalationTests : IDisposable
{
    private readonly SteppedClockFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private Database Database => _factory.Services.GetRequiredService<Database>();

    private async Task AtAsync(DateTimeOffset at)
    {
        _factory.Clock.Set(at);
        await _factory.Services.GetRequiredService<AgreementLifecycle>().SweepAsync(at);
        await _factory.DrainEventsAsync();
        await _factory.Services.GetRequiredService<ComplianceCloses>().StartDueAsync();
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

    private sealed record Mail(string Subject, string Recipients, string TextBody);

    private async Task<List<Mail>> MailsAsync(string like)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<Mail>(Database.Sql(
            "SELECT subject, recipients, text_body FROM email_outbox WHERE subject LIKE @Like ORDER BY created_at, id"), new { Like = "%" + like + "%" })).ToList();
    }

    private async Task<TaskRow> WaitForTaskAsync(string subjectId, string stepId)
    {
        Guid? id = null;
        await UntilAsync(async () =>
        {
            await using var connection = await Database.OpenAsync();
            id = await connection.QueryFirstOrDefaultAsync<Guid?>(Database.Sql(
                "SELECT id FROM wf_tasks WHERE subject_type = @Type AND subject_id = @Id AND step_id = @Step AND status = 'Open'"),
                new { Type = ComplianceCloses.SubjectType, Id = subjectId, Step = stepId });
            return id is not null;
        }, $"the open task of {stepId}");
        return (await _factory.Services.GetRequiredService<TaskStore>().GetAsync(id!.Value))!;
    }

    private async Task<int> CountAsync(string from)
    {
        await using var connection = await Database.OpenAsync();
        return (int)await connection.ExecuteScalarAsync<long>(Database.Sql($"SELECT COUNT(*) FROM {from}"));
    }

    /// <summary>A signed agreement with a vendor, imported on the 12th of April 2027, and a client with the vendor's data token.</summary>
    private async Task<(Guid AgreementId, AgreementContent Content, string VendorName, HttpClient Vendor)> SignedAsync(
        Func<AgreementContent, AgreementContent> terms)
    {
        await AtAsync(new DateTimeOffset(2027, 4, 12, 9, 0, 0, TimeSpan.Zero));
        var staff = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement, Roles.VendorManager);
        var vendorName = Unique("Hostly");
        var vendorId = (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = vendorName, riskTier = "High", contactEmail = "sla@vendor.test" }))
            .ReadJsonAsync()).GetProperty("id").GetGuid();
        var ownerName = Unique("owner");
        await _factory.CreateUserAsync(ownerName, Roles.VendorManager);
        var content = terms(AgreementSamples.Hosting(vendorId) with
        {
            Title = Unique("Portal"), Owner = ownerName, MonthlyFee = 12_000m, AnnualValue = 144_000m, MaintenanceWindows = [],
            Slos = [new ServiceLevelObjective("Customer portal", MetricKind.Availability, 99.9m, WindowKind.CalendarMonth, null, false, null,
                new Measurement("Incident records", MeasurementMode.Passive, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown)],
        });
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
        var token = await (await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tokens", new { name = "noc" })).ReadJsonAsync();
        var vendor = _factory.CreateClient();
        vendor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("secret").GetString());
        return (agreementId, content, vendorName, vendor);
    }

    private async Task UploadOutageAsync(HttpClient vendor, Guid agreementId, string start, string end)
    {
        var outages = new StringContent($"service,start,end,cause\nCustomer portal,{start},{end},Storage\n", Encoding.UTF8);
        outages.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var uploaded = await vendor.PostAsync($"/api/v1/agreements/{agreementId}/data/outages", outages);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
    }

    [Fact]
    public async Task The_agreements_grace_period_times_the_close_and_an_overdue_review_climbs_its_escalation_path_once_per_level()
    {
        var boss = Unique("boss");
        await _factory.CreateUserAsync(boss, Roles.VendorManager);
        var board = Unique("board");
        await _factory.CreateUserAsync(board, Roles.GovernanceBoard);
        var (agreementId, content, vendorName, vendor) = await SignedAsync(c => c with
        {
            CloseGraceBusinessDays = 2,
            Escalation = [new EscalationLevel(1, boss, 0), new EscalationLevel(2, "cfo@customer.example", 24 * 60), new EscalationLevel(3, "Vendor service manager", 48 * 60)],
        });

        // April ends; the close waits the agreement's two business days, not the default five (which ran past 6 May).
        await AtAsync(new DateTimeOffset(2027, 5, 3, 8, 0, 0, TimeSpan.Zero));
        var close = (await _factory.Services.GetRequiredService<ComplianceCloseStore>().GetAsync(agreementId, "2027-04"))!;
        Assert.InRange(close.CloseAt, new DateTimeOffset(2027, 5, 3, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 5, 5, 0, 0, 0, TimeSpan.Zero));

        await UploadOutageAsync(vendor, agreementId, "2027-04-20T08:00:00Z", "2027-04-20T14:40:00Z");
        await AtAsync(close.CloseAt.AddHours(1));
        var subjectId = ComplianceCloses.SubjectId(agreementId, "2027-04");
        var review = await WaitForTaskAsync(subjectId, "review");
        Assert.Equal(3, review.EscalationLevels.Count);
        Assert.Equal(review.DueAt, review.NextEscalationAt);

        // Overdue: level 1 (a person, by user name) is told at once, with the agreement and the vendor named; the board takes the task as before.
        await AtAsync(review.DueAt.AddMinutes(1));
        var first = Assert.Single(await MailsAsync("Overdue, escalation level 1"), m => m.Subject.Contains(content.Title, StringComparison.Ordinal));
        Assert.Contains(vendorName, first.Subject, StringComparison.Ordinal);
        Assert.Contains($"{boss}@example.com", first.Recipients, StringComparison.Ordinal);
        Assert.Contains($"{content.Owner}@example.com", first.Recipients, StringComparison.Ordinal);
        Assert.Contains("reached level 1 of the escalation path", first.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(await MailsAsync("Overdue, escalation level 2"), m => m.Subject.Contains(content.Title, StringComparison.Ordinal));

        // A day later, level 2 (an email address); two days later, level 3, a name without an address: the escalation role is asked to pass it on.
        await AtAsync(review.DueAt.AddDays(1).AddMinutes(1));
        var second = Assert.Single(await MailsAsync("Overdue, escalation level 2"), m => m.Subject.Contains(content.Title, StringComparison.Ordinal));
        Assert.Contains("cfo@customer.example", second.Recipients, StringComparison.Ordinal);
        await AtAsync(review.DueAt.AddDays(2).AddMinutes(1));
        var third = Assert.Single(await MailsAsync("Overdue, escalation level 3"), m => m.Subject.Contains(content.Title, StringComparison.Ordinal));
        Assert.Contains($"{board}@example.com", third.Recipients, StringComparison.Ordinal);
        Assert.Contains("No email address is known for Vendor service manager", third.TextBody, StringComparison.Ordinal);

        // The sweep run again, as after a crash, tells nobody twice; each level is in the task's log and the audit trail.
        await _factory.Services.GetRequiredService<TaskDeadlines>().RunOnceAsync();
        await AtAsync(review.DueAt.AddDays(5));
        Assert.Equal(3, (await MailsAsync("Overdue, escalation level")).Count(m => m.Subject.Contains(content.Title, StringComparison.Ordinal)));
        var climbed = (await _factory.Services.GetRequiredService<TaskStore>().GetAsync(review.Id))!;
        Assert.Equal((3, (DateTimeOffset?)null), (climbed.EscalationLevel, climbed.NextEscalationAt));
        Assert.Equal(3, await CountAsync($"audit_log WHERE action = 'task.escalation-level' AND entity_id = '{review.Id}'"));

        // The task's page shows the path and how far up it the review has gone.
        var reader = await _factory.CreateUserAsync(Unique("reader"), Roles.Admin);
        var browser = await _factory.Browser().SignInAsync(reader.UserName, reader.Password);
        var page = await browser.GetPageAsync($"/tasks/{review.Id}");
        Assert.Equal($"Escalation path once overdue: {boss} → cfo@customer.example after 24 h → Vendor service manager after 48 h · reached level 3 of 3",
            page.QuerySelector("#escalation-path")!.TextContent);
    }

    [Fact]
    public async Task The_error_budget_policy_requires_a_breach_review_of_a_month_whose_objective_was_met()
    {
        var (agreementId, content, _, vendor) = await SignedAsync(c => c with
        {
            ErrorBudgetPolicy = new ErrorBudgetPolicy(50m, FreezeChanges: false, NotifyBoard: false, RequireBreachReview: true),
        });

        // 30 minutes down of the 43.2 allowed: 99.93 %, met, but less than half the budget left, so the policy triggers.
        await UploadOutageAsync(vendor, agreementId, "2027-04-20T08:00:00Z", "2027-04-20T08:30:00Z");
        await AtAsync(new DateTimeOffset(2027, 5, 3, 8, 0, 0, TimeSpan.Zero));
        var close = (await _factory.Services.GetRequiredService<ComplianceCloseStore>().GetAsync(agreementId, "2027-04"))!;
        await AtAsync(close.CloseAt.AddHours(1));
        var subjectId = ComplianceCloses.SubjectId(agreementId, "2027-04");
        var review = await WaitForTaskAsync(subjectId, "review");
        Assert.Contains("Customer portal availability: its error budget ran out", review.SubjectSummary, StringComparison.Ordinal);
        Assert.Contains("the agreement's error-budget policy requires a breach review", review.SubjectSummary, StringComparison.Ordinal);
        Assert.DoesNotContain("missed", review.SubjectSummary, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync($"audit_log WHERE action = 'error-budget.breach-review-required' AND entity_id = '{agreementId}'"));

        // The step computing the report, replayed after a crash, audits the requirement no second time.
        var compute = _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == "compliance-close-compute");
        var subject = new WorkflowSubject { Type = ComplianceCloses.SubjectType, Id = subjectId };
        await compute.RunAsync(new WorkflowActionContext(subject, review.WorkflowId.ToString(), "compliance-close", "compute", "replay"), CancellationToken.None);
        Assert.True(subject.Fields["needsReview"].GetBoolean());
        Assert.Equal(1, await CountAsync($"audit_log WHERE action = 'error-budget.breach-review-required' AND entity_id = '{agreementId}'"));
        Assert.Equal(content.Title, (await _factory.Services.GetRequiredService<SlaGovernance.Data.Agreements.AgreementStore>().GetAsync(agreementId))!.Title);
    }
}
