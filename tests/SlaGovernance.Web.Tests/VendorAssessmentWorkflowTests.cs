using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features.Assessments;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Vendor due diligence (workflows/vendor-assessment.json) on a stepped clock through the API: started for a new vendor, four reviews
/// answered side by side (bad answers refused with their path, nothing written), inherent and residual risk, a critical result approved by
/// the board, the tier changed and audited with the assessment, an administrator's tier by hand, the register exports, re-assessment by
/// tier a year on, and a crash replay that repeats nothing.
/// </summary>
public sealed class VendorAssessmentWorkflowTests : IDisposable
{
    private static readonly string[] BadAnswerFields =
        ["answers.certification", "answers.incidents", "answers.penetrationTestOn", "answers.securityPolicy", "answers.unknownQuestion", "comment"];

    private readonly SteppedClockFactory _factory = new() { Settings = { ["Assessments:StartForNewVendors"] = "true" } };

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

    private async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(Database.Sql(sql), args ?? new { });
    }

    private async Task<List<string>> MailSubjectsAsync(string like)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<string>(Database.Sql("SELECT subject FROM email_outbox WHERE subject LIKE @Like ORDER BY created_at, id"),
            new { Like = "%" + like + "%" })).ToList();
    }

    private async Task<List<(string StepId, string Status, Guid? AssigneeUserId)>> TasksAsync(Guid assessmentId)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<(string, string, Guid?)>(Database.Sql(
            "SELECT step_id, status, assignee_user_id FROM wf_tasks WHERE subject_type = 'VendorAssessment' AND subject_id = @Id ORDER BY step_id"),
            new { Id = assessmentId.ToString() })).ToList();
    }

    private async Task<JsonElement> AssessmentAsync(HttpClient client, Guid id) => await (await client.GetAsync($"/api/v1/assessments/{id}")).ReadJsonAsync();

    private async Task WaitForStatusAsync(HttpClient client, Guid id, string status)
    {
        var last = "";
        await UntilAsync(async () => (last = (await AssessmentAsync(client, id)).GetProperty("status").GetString()!) == status, $"assessment {id} {status} (is {last})");
    }

    private static async Task<HttpResponseMessage> ReviewAsync(HttpClient client, Guid id, string area, object body) =>
        await client.PostAsJsonAsync($"/api/v1/assessments/{id}/reviews/{area}", body);

    [Fact]
    public async Task A_new_vendor_is_assessed_by_four_reviews_a_critical_result_is_approved_by_the_board_and_its_tier_follows()
    {
        await AtAsync(Utc(2027, 1, 4, 10));
        var ownerName = Unique("owner");
        var owner = await _factory.CreateUserAsync(ownerName, Roles.VendorManager);
        var ownerClient = await ApiClientForAsync(owner.Id, ownerName);
        var security = await _factory.ApiClientAsync(Unique("infosec"), Roles.InformationSecurity);
        var legal = await _factory.ApiClientAsync(Unique("legal"), Roles.Legal);
        var finance = await _factory.ApiClientAsync(Unique("finance"), Roles.Finance);
        var board = await _factory.ApiClientAsync(Unique("board"), Roles.GovernanceBoard);
        var admin = await _factory.AdminApiAsync();

        // A new vendor, rated High by hand: its first due diligence starts by itself.
        var vendorName = Unique("Hostly");
        var created = await ownerClient.PostAsJsonAsync("/api/v1/vendors", new { name = vendorName, riskTier = "High", ownerUserId = owner.Id });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var vendorId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        await _factory.DrainEventsAsync();
        var listed = await (await ownerClient.GetAsync($"/api/v1/vendors/{vendorId}/assessments")).ReadJsonAsync();
        var first = Assert.Single(listed.EnumerateArray());
        Assert.Equal("NewVendor", first.GetProperty("cause").GetString());
        var id = first.GetProperty("id").GetGuid();
        var reference = first.GetProperty("reference").GetString()!;
        var workflowId = first.GetProperty("workflowId").GetGuid().ToString();
        await _factory.UntilWorkflowWaitsAsync(workflowId);

        // Four review tasks side by side, the vendor manager's assigned to the vendor's owner; the reviewers are told.
        var tasks = await TasksAsync(id);
        Assert.Equal(["review-finance", "review-legal", "review-management", "review-security"], tasks.Select(t => t.StepId));
        Assert.All(tasks, t => Assert.Equal("Open", t.Status));
        Assert.Equal(owner.Id, tasks.Single(t => t.StepId == "review-management").AssigneeUserId);
        Assert.Single(await MailSubjectsAsync($"Due diligence {reference}: {vendorName}"));
        var profile = await (await ownerClient.GetAsync($"/api/v1/vendors/{vendorId}/profile")).ReadJsonAsync();
        Assert.True(profile.GetProperty("risk").GetProperty("setByHand").GetBoolean());
        Assert.Equal(reference, profile.GetProperty("risk").GetProperty("underWay").GetProperty("reference").GetString());

        // Bad answers are refused with their paths, and nothing is written.
        var auditBefore = await CountAsync("SELECT COUNT(*) FROM audit_log");
        var bad = await ReviewAsync(security, id, "information-security", new
        {
            answers = new { securityPolicy = "maybe", certification = "gold", incidents = "two", penetrationTestOn = "2026-13-01", unknownQuestion = 1 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = await bad.ProblemErrorsAsync();
        Assert.Equal(BadAnswerFields.Concat(["answers.encryptionAtRest"]).Order(StringComparer.Ordinal), errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM vendor_assessment_reviews"));
        Assert.Equal(auditBefore, await CountAsync("SELECT COUNT(*) FROM audit_log"));
        // A file of no accepted type refuses the review too.
        var badFile = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(SecurityAnswers()), Encoding.UTF8, "application/json"), "review" },
            { new ByteArrayContent("MZ\u0090\0 not a document"u8.ToArray()), "attestationReport", "report.pdf" },
        };
        var refusedFile = await security.PostAsync($"/api/v1/assessments/{id}/reviews/information-security", badFile);
        Assert.Equal(HttpStatusCode.BadRequest, refusedFile.StatusCode);
        Assert.Contains("answers.attestationReport", (await refusedFile.ProblemErrorsAsync()).Keys);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM evidence_files"));
        // Legal may not answer the security review; the vendor manager's review needs the criticality factors.
        Assert.Equal(HttpStatusCode.Forbidden, (await ReviewAsync(legal, id, "information-security", SecurityAnswers())).StatusCode);
        var noFactors = await ReviewAsync(ownerClient, id, "vendor-manager", ManagementAnswers(factors: false));
        Assert.Equal(HttpStatusCode.BadRequest, noFactors.StatusCode);
        Assert.Contains("factors", (await noFactors.ProblemErrorsAsync()).Keys);

        // The four reviews: security with its evidence file (multipart), Legal, Finance, the vendor manager with the factors.
        var withFile = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(SecurityAnswers()), Encoding.UTF8, "application/json"), "review" },
            { new ByteArrayContent("%PDF-1.7\n1 0 obj\n"u8.ToArray()), "attestationReport", "iso-certificate.pdf" },
        };
        var securityDone = await security.PostAsync($"/api/v1/assessments/{id}/reviews/information-security", withFile);
        Assert.True(securityDone.StatusCode == HttpStatusCode.OK, await securityDone.Content.ReadAsStringAsync());
        var securityReview = (await securityDone.ReadJsonAsync()).GetProperty("reviews").EnumerateArray().Single(r => r.GetProperty("area").GetString() == "InformationSecurity");
        Assert.Equal(15, securityReview.GetProperty("score").GetInt32());
        Assert.Contains(securityReview.GetProperty("answers").EnumerateArray(), a => a.GetProperty("evidenceHref").ValueKind == JsonValueKind.String);
        Assert.Equal(HttpStatusCode.Conflict, (await ReviewAsync(security, id, "information-security", SecurityAnswers())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReviewAsync(legal, id, "legal", new
        {
            answers = new { dataProcessingAgreement = "in-negotiation", auditRights = "yes", litigation = "yes", subprocessorsDisclosed = "no" },
            comment = "The data processing agreement is still being negotiated.",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReviewAsync(finance, id, "finance", new
        {
            answers = new { financialStatements = "yes", creditRating = "weak", shareOfRevenue = 25 },
            comment = "We are a quarter of the vendor's revenue.",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReviewAsync(ownerClient, id, "vendor-manager", ManagementAnswers(factors: true))).StatusCode);

        // Inherent 93 (factors 5,5,4,5,4), controls 33% effective (15, 39, 42, 54), residual 62: critical, so the board approves.
        await WaitForStatusAsync(ownerClient, id, "AwaitingBoard");
        var scored = await AssessmentAsync(ownerClient, id);
        Assert.Equal(93, scored.GetProperty("inherentRisk").GetInt32());
        Assert.Equal(33, scored.GetProperty("controlEffectiveness").GetInt32());
        Assert.Equal(62, scored.GetProperty("residualRisk").GetInt32());
        Assert.Equal("Critical", scored.GetProperty("resultTier").GetString());
        JsonElement boardTask = default;
        await UntilAsync(async () => (boardTask = await (await board.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray()
            .Any(t => t.GetProperty("subjectId").GetString() == id.ToString()), "the board's approval task");
        var approval = boardTask.EnumerateArray().Single(t => t.GetProperty("subjectId").GetString() == id.ToString());
        Assert.Contains(vendorName, approval.GetProperty("subject").GetString(), StringComparison.Ordinal);
        var approved = await board.PostAsJsonAsync($"/api/v1/tasks/{approval.GetProperty("id").GetGuid()}/complete", new { outcome = "approve" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());

        // Completed: the tier follows the result, audited with the assessment; the next assessment falls due a year on.
        await WaitForStatusAsync(ownerClient, id, "Completed");
        var completed = await AssessmentAsync(ownerClient, id);
        Assert.Equal("Approved", completed.GetProperty("boardDecision").GetString());
        Assert.Equal("2028-01-04", completed.GetProperty("nextDueOn").GetString());
        await UntilAsync(async () => (await MailSubjectsAsync($"Due diligence {reference} completed")).Count == 1, "the completion email");
        Assert.Contains("Critical risk", (await MailSubjectsAsync($"Due diligence {reference} completed"))[0], StringComparison.Ordinal);
        profile = await (await ownerClient.GetAsync($"/api/v1/vendors/{vendorId}/profile")).ReadJsonAsync();
        var risk = profile.GetProperty("risk");
        Assert.Equal("Critical", risk.GetProperty("tier").GetString());
        Assert.False(risk.GetProperty("setByHand").GetBoolean());
        Assert.Equal(93, risk.GetProperty("inherentRisk").GetInt32());
        Assert.Equal(62, risk.GetProperty("residualRisk").GetInt32());
        Assert.Equal(reference, risk.GetProperty("lastAssessment").GetProperty("reference").GetString());
        Assert.Equal("2028-01-04", risk.GetProperty("nextAssessmentDue").GetString());
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'vendor.tier-changed' AND entity_id = @Id AND summary LIKE @Like",
            new { Id = vendorId.ToString(), Like = $"%from High to Critical by assessment {reference}%" }));

        // The tier now follows the assessment: an edit may not change it; an administrator sets it by hand with a reason, audited.
        var vendor = await (await ownerClient.GetAsync($"/api/v1/vendors/{vendorId}")).ReadJsonAsync();
        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/vendors/{vendorId}")
        {
            Content = JsonContent.Create(new { name = vendorName, riskTier = "Low", ownerUserId = owner.Id }),
        };
        edit.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{vendor.GetProperty("version").GetInt32()}\""));
        var refusedEdit = await ownerClient.SendAsync(edit);
        Assert.Equal(HttpStatusCode.BadRequest, refusedEdit.StatusCode);
        Assert.Contains("riskTier", (await refusedEdit.ProblemErrorsAsync()).Keys);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownerClient.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tier", new { tier = "High", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tier", new { tier = "High" })).StatusCode);
        var byHand = await admin.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tier", new { tier = "High", reason = "The board accepted the vendor's plan to sign the DPA this month." });
        Assert.True(byHand.StatusCode == HttpStatusCode.OK, await byHand.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'vendor.tier-set' AND entity_id = @Id AND summary LIKE '%sign the DPA%'",
            new { Id = vendorId.ToString() }));
        profile = await (await ownerClient.GetAsync($"/api/v1/vendors/{vendorId}/profile")).ReadJsonAsync();
        Assert.True(profile.GetProperty("risk").GetProperty("setByHand").GetBoolean());

        // The register, as CSV and XLSX, and the pages.
        var csv = await ownerClient.GetStringAsync($"/api/v1/assessments/register.csv?vendorId={vendorId}");
        Assert.Contains(reference, csv, StringComparison.Ordinal);
        Assert.Contains("Approved", csv, StringComparison.Ordinal);
        using (var xlsx = SpreadsheetDocument.Open(new MemoryStream(await ownerClient.GetByteArrayAsync("/api/v1/assessments/register.xlsx")), false))
            Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(xlsx));

        // A crash replay of the score and complete steps repeats nothing.
        await _factory.UntilWorkflowWaitsAsync(workflowId);
        async Task<(long, long, long, long)> Counts() => (await CountAsync("SELECT COUNT(*) FROM audit_log"), await CountAsync("SELECT COUNT(*) FROM email_outbox"),
            await CountAsync("SELECT COUNT(*) FROM vendor_assessments"), await CountAsync("SELECT version FROM vendors WHERE id = @Id", new { Id = vendorId }));
        var before = await Counts();
        var subject = new WorkflowSubject { Type = StartVendorAssessment.SubjectType, Id = id.ToString() };
        foreach (var action in new[] { "vendor-assessment-score", "vendor-assessment-complete" })
            await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == action)
                .RunAsync(new WorkflowActionContext(subject, workflowId, "vendor-assessment", action, $"{workflowId}/{action}/replay"), CancellationToken.None);
        Assert.Equal(before, await Counts());

        // A Critical vendor is assessed again a year on, once, with the factors the last assessment rated.
        var schedule = _factory.Services.GetRequiredService<ReassessmentSchedule>();
        await AtAsync(Utc(2028, 1, 3, 10));
        Assert.Equal(0, await schedule.StartDueAsync());
        await AtAsync(Utc(2028, 1, 4, 10));
        Assert.Equal(1, await schedule.StartDueAsync());
        Assert.Equal(0, await schedule.StartDueAsync());
        var again = (await (await ownerClient.GetAsync($"/api/v1/vendors/{vendorId}/assessments")).ReadJsonAsync())[0];
        Assert.Equal("Due", again.GetProperty("cause").GetString());
        Assert.Equal(5, again.GetProperty("factors").GetProperty("dataAccess").GetInt32());
        await _factory.UntilWorkflowWaitsAsync(again.GetProperty("workflowId").GetGuid().ToString());
        Assert.Equal(4, (await TasksAsync(again.GetProperty("id").GetGuid())).Count(t => t.Status == "Open"));
    }

    [Fact]
    public async Task The_assessment_pages_render_for_a_reader_and_offer_the_reviewer_their_questionnaire()
    {
        var ownerName = Unique("owner");
        var owner = await _factory.CreateUserAsync(ownerName, Roles.VendorManager);
        var ownerClient = await ApiClientForAsync(owner.Id, ownerName);
        var created = await ownerClient.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Pagely"), riskTier = "Medium", ownerUserId = owner.Id });
        var vendorId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        await _factory.DrainEventsAsync();
        var assessment = (await (await ownerClient.GetAsync($"/api/v1/vendors/{vendorId}/assessments")).ReadJsonAsync())[0];
        var id = assessment.GetProperty("id").GetGuid();
        await _factory.UntilWorkflowWaitsAsync(assessment.GetProperty("workflowId").GetGuid().ToString());

        var browser = _factory.Browser();
        await browser.SignInAsync(ownerName, owner.Password);
        var register = await browser.GetAsync("/assessments");
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.Contains(assessment.GetProperty("reference").GetString()!, await register.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var detail = await browser.GetAsync($"/assessments/{id}");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        var html = await detail.Content.ReadAsStringAsync();
        Assert.Contains("Submit the Vendor manager review", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Submit the Legal review", html, StringComparison.Ordinal);
        Assert.Contains("Risk and due diligence", await browser.GetStringAsync($"/vendors/{vendorId}"), StringComparison.Ordinal);

        // The vendor manager answers on the page: a wrong answer is refused with its reason and nothing is kept; then the review is in.
        var page = await browser.GetPageAsync($"/assessments/{id}");
        var refused = await browser.SubmitAsync(page, "#review-VendorManager form", new Dictionary<string, string>
        {
            ["q.performance"] = "splendid", ["comment"] = "Fine.", ["factors.dataAccess"] = "3", ["factors.serviceCriticality"] = "3",
            ["factors.annualSpend"] = "2", ["factors.substitutability"] = "2", ["factors.regulatoryRelevance"] = "9",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("is not a rating", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("&quot;splendid&quot; is not", refusedHtml, StringComparison.Ordinal);
        var answered = await browser.SubmitAsync(page, "#review-VendorManager form", new Dictionary<string, string>
        {
            ["q.performance"] = "met", ["q.exitPlan"] = "yes", ["q.escalationContacts"] = "yes", ["comment"] = "A dependable vendor.",
            ["factors.dataAccess"] = "3", ["factors.serviceCriticality"] = "3", ["factors.annualSpend"] = "2", ["factors.substitutability"] = "2",
            ["factors.regulatoryRelevance"] = "1",
        });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var review = (await AssessmentAsync(ownerClient, id)).GetProperty("reviews").EnumerateArray().Single(r => r.GetProperty("area").GetString() == "VendorManager");
        Assert.Equal(100, review.GetProperty("score").GetInt32());
    }

    private async Task<HttpClient> ApiClientForAsync(Guid userId, string userName)
    {
        var issued = await _factory.Services.GetRequiredService<SlaGovernance.Web.Identity.ApiTokens>().IssueAsync(userId, userName, "tests", null);
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issued.Value!.Secret);
        return client;
    }

    private static object SecurityAnswers() => new
    {
        answers = new { securityPolicy = "no", certification = "none", encryptionAtRest = "no", incidents = 5, penetrationTestOn = "2025-01-15", notes = "No attestation." },
        comment = "No certification, no encryption at rest, five incidents last year.",
    };

    private static object ManagementAnswers(bool factors) => factors
        ? (object)new
        {
            answers = new { performance = "mostly", exitPlan = "no", escalationContacts = "yes" },
            comment = "Missed objectives now and then; no exit plan.",
            factors = new { dataAccess = 5, serviceCriticality = 5, annualSpend = 4, substitutability = 5, regulatoryRelevance = 4 },
        }
        : new
        {
            answers = new { performance = "mostly", exitPlan = "no", escalationContacts = "yes" },
            comment = "Missed objectives now and then; no exit plan.",
        };
}
