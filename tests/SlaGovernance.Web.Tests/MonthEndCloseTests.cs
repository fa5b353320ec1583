using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Claims;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// The month-end close (workflows/compliance-close.json) and a credit claim (workflows/credit-claim.json) through the API on a stepped
/// clock: April 2027 in Berlin (43,200 minutes), a portal at 99.9 % with tiers 5/10/25 % below 99.9/99.5/99 %, a 12,000 EUR fee.
/// The vendor's outage file arrives late, within the grace period: 400 minutes down, 99.07 %, missed, 10 % = 1,200 EUR.
/// </summary>
public sealed class MonthEndCloseTests : IDisposable
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

    private sealed record Mail(string Subject, string Recipients, string TextBody, string? Attachments);

    private async Task<List<Mail>> MailsAsync(string like)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<Mail>(Database.Sql(
            "SELECT subject, recipients, text_body, attachments FROM email_outbox WHERE subject LIKE @Like ORDER BY created_at, id"), new { Like = "%" + like + "%" })).ToList();
    }

    private async Task<TaskRow?> OpenTaskAsync(string subjectType, string subjectId, string stepId)
    {
        await using var connection = await Database.OpenAsync();
        var id = await connection.QueryFirstOrDefaultAsync<Guid?>(Database.Sql(
            "SELECT id FROM wf_tasks WHERE subject_type = @Type AND subject_id = @Id AND step_id = @Step AND status = 'Open'"),
            new { Type = subjectType, Id = subjectId, Step = stepId });
        return id is { } found ? await _factory.Services.GetRequiredService<TaskStore>().GetAsync(found) : null;
    }

    private async Task<TaskRow> WaitForTaskAsync(string subjectType, string subjectId, string stepId)
    {
        TaskRow? task = null;
        await UntilAsync(async () => (task = await OpenTaskAsync(subjectType, subjectId, stepId)) is not null, $"the open task of {stepId}");
        return task!;
    }

    private static async Task CompleteAsync(HttpClient client, Guid taskId, string outcome, string? comment = null)
    {
        var completed = await client.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome, comment });
        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
    }

    private async Task<int> CountAsync(string table)
    {
        await using var connection = await Database.OpenAsync();
        return (int)await connection.ExecuteScalarAsync<long>(Database.Sql($"SELECT COUNT(*) FROM {table}"));
    }

    [Fact]
    public async Task A_late_outage_file_a_missed_objective_a_breach_review_a_claim_the_vendors_dispute_Legal_and_two_credit_notes()
    {
        await AtAsync(new DateTimeOffset(2027, 4, 12, 9, 0, 0, TimeSpan.Zero));
        var staff = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement, Roles.VendorManager);
        var vendorName = Unique("Hostly");
        var vendorId = (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = vendorName, riskTier = "High", contactEmail = "sla@vendor.test" }))
            .ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/contacts",
            new { role = "Commercial", name = "Carla Commercial", email = "carla@vendor.example" })).StatusCode);
        var ownerName = Unique("owner");
        await _factory.CreateUserAsync(ownerName, Roles.VendorManager);
        var content = AgreementSamples.Hosting(vendorId) with
        {
            Title = Unique("Portal"), Owner = ownerName, MonthlyFee = 12_000m, AnnualValue = 144_000m, MaintenanceWindows = [],
            Slos = [new ServiceLevelObjective("Customer portal", MetricKind.Availability, 99.9m, WindowKind.CalendarMonth, null, false, null,
                new Measurement("Incident records", MeasurementMode.Passive, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown)],
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
        var agreementId = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        var token = await (await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tokens", new { name = "noc" })).ReadJsonAsync();
        var vendor = _factory.CreateClient();
        vendor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("secret").GetString());

        // April ends; its close starts and waits five business days for late data.
        await AtAsync(new DateTimeOffset(2027, 5, 3, 8, 0, 0, TimeSpan.Zero));
        var subjectId = ComplianceCloses.SubjectId(agreementId, "2027-04");
        var close = await _factory.Services.GetRequiredService<SlaGovernance.Data.Claims.ComplianceCloseStore>().GetAsync(agreementId, "2027-04");
        Assert.NotNull(close);
        Assert.True(close!.CloseAt > new DateTimeOffset(2027, 5, 6, 0, 0, 0, TimeSpan.Zero));
        await AtAsync(new DateTimeOffset(2027, 5, 3, 9, 0, 0, TimeSpan.Zero));
        Assert.Single(await _factory.Services.GetRequiredService<SlaGovernance.Data.Claims.ComplianceCloseStore>().OfAgreementAsync(agreementId));

        // The vendor's outage file arrives within the grace period: 400 minutes on 20 April.
        var outages = new StringContent("service,start,end,cause\nCustomer portal,2027-04-20T08:00:00Z,2027-04-20T14:40:00Z,Storage\n", Encoding.UTF8);
        outages.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        Assert.Equal(HttpStatusCode.Created, (await vendor.PostAsync($"/api/v1/agreements/{agreementId}/data/outages", outages)).StatusCode);

        // After the grace period: the report is computed and archived, and the owner gets a breach review naming the figures.
        await AtAsync(close.CloseAt.AddHours(1));
        var review = await WaitForTaskAsync(ComplianceCloses.SubjectType, subjectId, "review");
        Assert.Contains("Customer portal availability missed: 99.074 % against 99.9 %", review.SubjectSummary);
        Assert.Contains("credit due 1,200.00 EUR", review.SubjectSummary);
        Assert.NotNull(review.AssigneeUserId);
        var report = await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/compliance/reports/2027-04/revisions/1")).ReadJsonAsync();
        Assert.Equal(1_200m, report.GetProperty("report").GetProperty("creditAmount").GetDecimal());

        // Before any claim: a period without a report is refused, and so is an amount above the capped credit; nothing is written.
        var noReport = await staff.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/credit-claims", new { period = "2027-03" });
        Assert.Equal(HttpStatusCode.BadRequest, noReport.StatusCode);
        Assert.Contains("has no compliance report for 2027-03", string.Join(" ", (await noReport.ProblemErrorsAsync())["period"]));
        var tooMuch = await staff.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/credit-claims", new { period = "2027-04", amount = 5_000m });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Equal(0, await CountAsync("credit_claims"));

        // The owner claims the credit: CC-1 for 1,200 EUR; the letter goes to the commercial contact and the vendor's inbox asks it.
        var ownerUser = await _factory.Services.GetRequiredService<SlaGovernance.Data.Identity.UserStore>().FindByUserNameAsync(ownerName);
        var ownerToken = await _factory.Services.GetRequiredService<SlaGovernance.Web.Identity.ApiTokens>().IssueAsync(ownerUser!.Id, ownerName, "tests", null);
        var owner = _factory.CreateClient();
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ownerToken.Value!.Secret);
        await CompleteAsync(owner, review.Id, "claim");
        string? claimIdText = null;
        await UntilAsync(async () => (claimIdText = (await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/credit-claims")).ReadJsonAsync())
            .EnumerateArray().Select(c => c.GetProperty("id").GetString()).FirstOrDefault()) is not null, "the claim");
        var claimId = Guid.Parse(claimIdText!);
        try
        {
            await UntilAsync(async () => (await MailsAsync($"Claim for service credits CC-1: {content.Title}")).Count == 1, "the claim letter");
        }
        catch (TimeoutException)
        {
            await using var connection = await Database.OpenAsync();
            var errors = await connection.QueryAsync<string>(Database.Sql("SELECT message FROM wf_execution_errors"));
            throw new TimeoutException("No claim letter; workflow errors: " + string.Join(" | ", errors));
        }
        var letterMail = Assert.Single(await MailsAsync($"Claim for service credits CC-1: {content.Title}"));
        Assert.Contains("carla@vendor.example", letterMail.Recipients);
        Assert.Contains(".docx", letterMail.Attachments);
        var chase = await WaitForTaskAsync(CreditClaims.SubjectType, claimId.ToString(), "await-vendor");
        Assert.Contains($"{content.Title} · {vendorName} · CC-1, 1,200.00 EUR for 2027-04", chase.SubjectSummary);

        // A second claim on the same objective and period is refused.
        var second = await staff.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/credit-claims", new { period = "2027-04", amount = 1m });
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("claimed already in CC-1", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync("credit_claims"));

        // The step that sent it, run again after a crash, sends nothing more.
        SlaGovernance.Data.Claims.CreditClaimRow claimRow = null!;
        await UntilAsync(async () => (claimRow = (await _factory.Services.GetRequiredService<SlaGovernance.Data.Claims.CreditClaimStore>().GetAsync(claimId))!)
            .WorkflowId is not null, "the claim's workflow link");
        await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == "credit-claim-send").RunAsync(new WorkflowActionContext(
            new WorkflowSubject { Type = CreditClaims.SubjectType, Id = claimId.ToString() }, claimRow.WorkflowId!.Value.ToString(), "credit-claim", "send", "replay"),
            CancellationToken.None);
        Assert.Single(await MailsAsync($"Claim for service credits CC-1: {content.Title}"));
        Assert.Equal(1, await CountAsync("vendor_requests WHERE subject_type = 'CreditClaim'"));

        // The vendor disputes it through its inbox, which needs a reason; Legal reads it and upholds the claim.
        var inbox = await (await vendor.GetAsync("/api/v1/vendor/requests")).ReadJsonAsync();
        var requestId = inbox.EnumerateArray().Single(r => r.GetProperty("title").GetString()!.Contains("CC-1")).GetProperty("id").GetGuid();
        var noDecision = await vendor.PostAsJsonAsync($"/api/v1/vendor/requests/{requestId}/answer", new { text = "Hmm" });
        Assert.Equal(HttpStatusCode.BadRequest, noDecision.StatusCode);
        var disputed = await vendor.PostAsJsonAsync($"/api/v1/vendor/requests/{requestId}/answer",
            new { decision = "dispute", text = "The storage outage was the customer's own change; see our change log." });
        Assert.True(disputed.StatusCode == HttpStatusCode.OK, await disputed.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
        var legal = await WaitForTaskAsync(CreditClaims.SubjectType, claimId.ToString(), "legal-review");
        var lawyer = await _factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        await CompleteAsync(lawyer, legal.Id, "uphold", "The change log shows no customer change on 20 April.");
        var settlement = await WaitForTaskAsync(CreditClaims.SubjectType, claimId.ToString(), "settlement");
        Assert.Equal("Finance", settlement.AssigneeRole);

        // Finance records two credit notes; a note above what is outstanding is refused and writes nothing.
        var finance = await _factory.ApiClientAsync(Unique("controller"), Roles.Finance);
        var today = _factory.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var above = await finance.PostAsJsonAsync($"/api/v1/credit-claims/{claimId}/settlements", new { creditNote = "CN-9", amount = 1_500m, settledOn = today });
        Assert.Equal(HttpStatusCode.BadRequest, above.StatusCode);
        Assert.Equal(0, await CountAsync("credit_settlements"));
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync($"/api/v1/credit-claims/{claimId}/settlements",
            new { creditNote = "CN-1", amount = 500m, settledOn = today })).StatusCode);
        var part = await (await finance.PostAsJsonAsync($"/api/v1/credit-claims/{claimId}/settlements",
            new { creditNote = "CN-1", amount = 500m, settledOn = today })).ReadJsonAsync();
        Assert.Equal(("PartlySettled", 700m), (part.GetProperty("status").GetString(), part.GetProperty("outstanding").GetDecimal()));
        var rest = await (await finance.PostAsJsonAsync($"/api/v1/credit-claims/{claimId}/settlements",
            new { creditNote = "CN-2", amount = 700m, settledOn = today })).ReadJsonAsync();
        Assert.Equal(("Settled", 0m), (rest.GetProperty("status").GetString(), rest.GetProperty("outstanding").GetDecimal()));
        await UntilAsync(async () => (await MailsAsync($"Claim settled: CC-1 on {content.Title}")).Count == 1, "the settled email");

        var totals = (await (await staff.GetAsync("/api/v1/credit-claims/totals")).ReadJsonAsync()).EnumerateArray()
            .Single(t => t.GetProperty("vendorName").GetString() == vendorName);
        Assert.Equal(("2027", "EUR", 1_200m, 1_200m, 0m), (totals.GetProperty("year").GetString(), totals.GetProperty("currency").GetString(),
            totals.GetProperty("claimed").GetDecimal(), totals.GetProperty("settled").GetDecimal(), totals.GetProperty("outstanding").GetDecimal()));
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/credit-claims/{claimId}/letter")).StatusCode);

        // The vendor's scorecard and the claim's page show it, in amounts as people read them.
        var reader = await _factory.CreateUserAsync(Unique("reader"), Roles.Auditor);
        var browser = await _factory.Browser().SignInAsync(reader.UserName, reader.Password);
        var scorecard = await browser.GetPageAsync($"/vendors/{vendorId}/scorecard");
        Assert.Contains("1,200.00 EUR", scorecard.QuerySelector("#claims-by-year")!.TextContent);
        var claimPage = await browser.GetPageAsync($"/claims/{claimId}");
        Assert.Equal("Settled", claimPage.QuerySelector("#claim-status")!.TextContent);
        Assert.Contains("CN-1", claimPage.QuerySelector("#settlements")!.TextContent);
        Assert.Null(claimPage.QuerySelector("#settle-form"));

        // The completeness check of a month without data asks the vendor once, and a replay of it after a crash asks nothing more.
        var check = _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == "compliance-close-check");
        var march = new WorkflowSubject { Type = ComplianceCloses.SubjectType, Id = ComplianceCloses.SubjectId(agreementId, "2027-03") };
        for (var attempt = 0; attempt < 2; attempt++)
            await check.RunAsync(new WorkflowActionContext(march, Guid.NewGuid().ToString(), "compliance-close", "check", "check-march"), CancellationToken.None);
        Assert.True(march.Fields["dataMissing"].GetBoolean());
        Assert.Equal(1, await CountAsync("vendor_requests WHERE subject_type = 'ComplianceClose'"));
        Assert.Single(await MailsAsync($"Data missing for {content.Title}, 2027-03"));
    }
}
