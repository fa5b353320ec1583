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
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Audits;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// The audit programme (workflows/vendor-audit.json) on a stepped clock: the notice with its Word letter, the evidence request the
/// vendor answers with its token, the chaser, fieldwork with recomputation and findings, the report, remediation by the vendor and
/// staff, segregation of duties on verification, overdue escalation, the board's risk acceptance and the close; and the refusals.
/// </summary>
public sealed class VendorAuditWorkflowTests : IDisposable
{
    private static readonly string[] BadPeriods = ["2027-13"];
    private static readonly string[] January = ["2027-01"];
    private static readonly string[] Documents = ["Information security policy", "Change records for January"];
    private static readonly string[] RefusedFields = ["fieldworkOn", "lead", "periods"];

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

    private sealed record Setup(Guid VendorId, Guid AgreementId, string Title, string VendorName, HttpClient Lead, string LeadName, HttpClient Vendor,
        string VendorSecret);

    /// <summary>An Active hosting agreement (2027 to 2029, audit rights annually with 30 days' notice and raw data), its vendor's security and escalation contacts, a lead and a vendor token.</summary>
    private async Task<Setup> SetupAsync()
    {
        var procurement = await _factory.ApiClientAsync(Unique("importer"), Roles.Procurement);
        var vendorName = Unique("Hostly");
        var vendor = await (await procurement.PostAsJsonAsync("/api/v1/vendors", new { name = vendorName, riskTier = "High", contactEmail = "sla@vendor.test" }))
            .ReadJsonAsync();
        var vendorId = vendor.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await procurement.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/contacts",
            new { role = "Security", name = "Sam Security", email = "sam@vendor.test" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await procurement.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/contacts",
            new { role = "Escalation", name = "Eve Escalation", email = "eve@vendor.test" })).StatusCode);
        var content = AgreementSamples.Hosting(vendorId) with { Title = Unique("Audited hosting") };
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2026-12-15"), "signedOn" },
            { new StringContent("Dana Drafter; Hans Host"), "signatories" },
        };
        var imported = await procurement.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var agreementId = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        await _factory.DrainEventsAsync();
        var leadName = Unique("lead");
        var lead = await _factory.ApiClientAsync(leadName, Roles.VendorManager);
        var user = await _factory.CreateUserAsync(Unique("issuer"), Roles.Procurement);
        var token = await _factory.Services.GetRequiredService<ApiTokens>().IssueAsync(user.Id, user.UserName, "vendor", null, vendorId);
        var vendorClient = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        vendorClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Value!.Secret);
        return new Setup(vendorId, agreementId, content.Title, vendorName, lead, leadName, vendorClient, token.Value.Secret);
    }

    private sealed record Mail(string Subject, string Recipients, string TextBody, string? Attachments);

    private async Task<List<Mail>> MailsAsync(string like)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<Mail>(Database.Sql(
            "SELECT subject, recipients, text_body, attachments FROM email_outbox WHERE subject LIKE @Like ORDER BY created_at, id"),
            new { Like = "%" + like + "%" })).ToList();
    }

    private async Task<long> CountAsync(string sql, object args)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(Database.Sql(sql), args);
    }

    private async Task<JsonElement> AuditAsync(HttpClient client, Guid id) => await (await client.GetAsync($"/api/v1/audits/{id}")).ReadJsonAsync();

    private async Task WaitForStatusAsync(HttpClient client, Guid id, string status)
    {
        var last = "";
        await UntilAsync(async () => (last = (await AuditAsync(client, id)).GetProperty("status").GetString()!) == status, $"audit {id} {status} (is {last})");
    }

    private async Task<TaskRow> OpenTaskAsync(Guid auditId, string stepId)
    {
        TaskRow? found = null;
        await UntilAsync(async () =>
        {
            await using var connection = await Database.OpenAsync();
            var ids = await connection.QueryAsync<Guid>(Database.Sql(
                "SELECT id FROM wf_tasks WHERE subject_type = 'VendorAudit' AND subject_id = @Id AND step_id = @Step AND status = 'Open'"),
                new { Id = auditId.ToString(), Step = stepId });
            found = ids.Any() ? await _factory.Services.GetRequiredService<TaskStore>().GetAsync(ids.First()) : null;
            return found is not null;
        }, $"the open task of step {stepId}");
        return found!;
    }

    private static object Finding(string title, string owner, string due) => new
    {
        title, severity = "High", concerns = "Customer portal availability", evidence = "The vendor's report counts maintenance it did not announce.",
        vendorOwner = "Sam Security", action = "Announce every maintenance window 5 days ahead and restate the figures.", actionDueOn = due, actionOwner = owner,
    };

    [Fact]
    public async Task An_audit_runs_from_notice_to_close_with_the_vendor_answering_through_its_token()
    {
        await AtAsync(Utc(2027, 1, 4));
        var s = await SetupAsync();

        // Too little notice, an unknown period and a lead who is no vendor manager are refused with their fields; nothing is written.
        var refused = await s.Lead.PostAsJsonAsync($"/api/v1/vendors/{s.VendorId}/audits",
            new { agreementId = s.AgreementId, lead = "nobody", fieldworkOn = "2027-01-20", periods = BadPeriods });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(RefusedFields, (await refused.ProblemErrorsAsync()).Keys.Order());
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM vendor_audits WHERE vendor_id = @Id", new { Id = s.VendorId }));

        var started = await s.Lead.PostAsJsonAsync($"/api/v1/vendors/{s.VendorId}/audits", new
        {
            agreementId = s.AgreementId, lead = s.LeadName, fieldworkOn = "2027-03-01", periods = January, documents = Documents,
        });
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var auditId = (await started.ReadJsonAsync()).GetProperty("id").GetGuid();
        var reference = (await AuditAsync(s.Lead, auditId)).GetProperty("reference").GetString()!;
        Assert.Equal("Scheduled", (await AuditAsync(s.Lead, auditId)).GetProperty("status").GetString());

        // 30 days before fieldwork: the notice letter to the security contact, with the Word letter attached, and the evidence request.
        await AtAsync(Utc(2027, 1, 30, 10));
        await WaitForStatusAsync(s.Lead, auditId, "EvidenceRequested");
        var notice = Assert.Single(await MailsAsync($"Notice of audit {reference}"));
        Assert.Contains("sam@vendor.test", notice.Recipients, StringComparison.Ordinal);
        Assert.Contains($"audit-notice-{reference}.docx", notice.Attachments, StringComparison.Ordinal);
        var audit = await AuditAsync(s.Lead, auditId);
        var noticeDoc = audit.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "Notice");
        using (var letter = WordprocessingDocument.Open(new MemoryStream(await s.Lead.GetByteArrayAsync(noticeDoc.GetProperty("href").GetString())), false))
        {
            Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(letter));
            Assert.Contains("Information security policy", letter.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
        }
        await UntilAsync(async () => (await MailsAsync($"Audit notice sent: {reference}")).Count == 1, "the lead's email");

        // The vendor sees the request through its token; five days before it is due, a chaser.
        var requests = await (await s.Vendor.GetAsync("/api/v1/vendor/requests")).ReadJsonAsync();
        var request = requests.EnumerateArray().Single(r => r.GetProperty("title").GetString()!.Contains(reference, StringComparison.Ordinal));
        Assert.Contains("2027-01", request.GetProperty("asked").GetString(), StringComparison.Ordinal);
        await AtAsync(Utc(2027, 2, 24, 10));
        await UntilAsync(async () => (await MailsAsync($"Reminder: evidence for audit {reference}")).Count == 1, "the chaser");
        var answered = await s.Vendor.PostAsJsonAsync($"/api/v1/vendor/requests/{request.GetProperty("id").GetGuid()}/answer",
            new { text = "Policy and change records attached to our portal; January raw data uploaded." });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();

        // On the first day of fieldwork the evidence is in: no escalation, and the lead gets the fieldwork task.
        await AtAsync(Utc(2027, 3, 1, 10));
        await WaitForStatusAsync(s.Lead, auditId, "Fieldwork");
        Assert.Empty(await MailsAsync($"Overdue: evidence for audit {reference}"));
        var task = await OpenTaskAsync(auditId, "fieldwork");
        Assert.Equal((await _factory.Services.GetRequiredService<SlaGovernance.Data.Identity.UserStore>().FindByUserNameAsync(s.LeadName))!.Id, task.AssigneeUserId);

        // Fieldwork: the lead recomputes the period and records two findings; another vendor manager may not.
        var other = await _factory.ApiClientAsync(Unique("other"), Roles.VendorManager);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/api/v1/audits/{auditId}/recompute", null)).StatusCode);
        var recomputed = await s.Lead.PostAsync($"/api/v1/audits/{auditId}/recompute", null);
        Assert.True(recomputed.StatusCode == HttpStatusCode.OK, await recomputed.Content.ReadAsStringAsync());
        Assert.NotEmpty((await recomputed.ReadJsonAsync()).GetProperty("recomputation").EnumerateArray());
        var badFinding = await s.Lead.PostAsJsonAsync($"/api/v1/audits/{auditId}/findings", new { title = "", severity = "Dire" });
        Assert.Equal(HttpStatusCode.BadRequest, badFinding.StatusCode);
        Assert.Contains("severity", (await badFinding.ProblemErrorsAsync()).Keys);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM vendor_audit_findings WHERE audit_id = @Id", new { Id = auditId }));
        Assert.Equal(HttpStatusCode.Created, (await s.Lead.PostAsJsonAsync($"/api/v1/audits/{auditId}/findings",
            Finding("Maintenance counted as excluded without notice", "sam@vendor.test", "2027-03-20"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await s.Lead.PostAsJsonAsync($"/api/v1/audits/{auditId}/findings",
            Finding("Escalation contacts out of date", s.LeadName, "2027-03-10"))).StatusCode);

        // The lead completes fieldwork: the report as Word, remediation begins.
        var completed = await s.Lead.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", new { outcome = "report" });
        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        await WaitForStatusAsync(s.Lead, auditId, "Remediation");
        await UntilAsync(async () => (await MailsAsync($"Audit report {reference}")).Count == 1, "the report email");
        audit = await AuditAsync(s.Lead, auditId);
        var reportDoc = audit.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "Report");
        using (var report = WordprocessingDocument.Open(new MemoryStream(await s.Lead.GetByteArrayAsync(reportDoc.GetProperty("href").GetString())), false))
        {
            Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(report));
            Assert.Contains("Maintenance counted as excluded without notice", report.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
        }
        var findings = audit.GetProperty("findings").EnumerateArray().ToList();
        var f1 = findings[0].GetProperty("id").GetGuid();
        var f2 = findings[1].GetProperty("id").GetGuid();

        // The vendor reports its action done with evidence; a file that is no accepted type refuses the whole update.
        var actions = await (await s.Vendor.GetAsync("/api/v1/vendor/audit-actions")).ReadJsonAsync();
        Assert.Equal(2, actions.GetArrayLength());
        var updatesBefore = await CountAsync("SELECT COUNT(*) FROM vendor_audit_action_updates", new { });
        var badUpdate = new MultipartFormDataContent
        {
            { new StringContent("Done"), "text" }, { new StringContent("true"), "done" },
            { new ByteArrayContent("MZ\u0090\0 not a document"u8.ToArray()), "file", "proof.pdf" },
        };
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Vendor.PostAsync($"/api/v1/vendor/audit-actions/{f1}/updates", badUpdate)).StatusCode);
        Assert.Equal(updatesBefore, await CountAsync("SELECT COUNT(*) FROM vendor_audit_action_updates", new { }));
        var update = new MultipartFormDataContent
        {
            { new StringContent("Maintenance calendar published; restated figures attached."), "text" }, { new StringContent("true"), "done" },
            { new ByteArrayContent("%PDF-1.7\n1 0 obj\n"u8.ToArray()), "file", "restated.pdf" },
        };
        var updated = await s.Vendor.PostAsync($"/api/v1/vendor/audit-actions/{f1}/updates", update);
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        Assert.Equal("ReadyForVerification", (await updated.ReadJsonAsync()).GetProperty("status").GetString());

        // The vendor's own page lists its open remediation actions and takes an update with evidence; one waiting for verification has no form.
        var portal = _factory.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await portal.SubmitAsync(await portal.GetPageAsync("/vendor"), "#vendor-sign-in",
            new Dictionary<string, string> { ["token"] = s.VendorSecret })).StatusCode);
        var portalPage = await portal.GetPageAsync("/vendor");
        Assert.Contains("Escalation contacts out of date", portalPage.QuerySelector($"#action-{f2}")!.TextContent, StringComparison.Ordinal);
        Assert.Null(portalPage.QuerySelector($"#action-{f1} form"));
        var viaPage = await portal.SubmitAsync(portalPage, $"#action-{f2} form", new Dictionary<string, string> { ["text"] = "Our escalation list is refreshed; the lead updates theirs." });
        Assert.Equal(HttpStatusCode.Redirect, viaPage.StatusCode);
        Assert.Equal(updatesBefore + 2, await CountAsync("SELECT COUNT(*) FROM vendor_audit_action_updates", new { }));

        // The second action, owned by the lead, is overdue: escalated along the agreement's path, each level once.
        _factory.Clock.Set(Utc(2027, 3, 11, 6));
        var escalations = _factory.Services.GetRequiredService<RemediationEscalations>();
        Assert.Equal(3, await escalations.RunOnceAsync());
        Assert.Equal(0, await escalations.RunOnceAsync());
        var overdue = await MailsAsync("Overdue remediation");
        Assert.Contains(overdue, m => m.Recipients.Contains("eve@vendor.test", StringComparison.Ordinal) && m.Subject.Contains("level 1 (Service desk)", StringComparison.Ordinal));

        // Segregation of duties: the lead owns the second action, so cannot verify it; verifies the vendor's.
        var selfVerify = await s.Lead.PostAsJsonAsync($"/api/v1/audits/{auditId}/findings/{f2}/verify", new { accept = true });
        Assert.Equal(HttpStatusCode.Forbidden, selfVerify.StatusCode);
        Assert.Contains("owner-does-not-verify", await selfVerify.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var verified = await s.Lead.PostAsJsonAsync($"/api/v1/audits/{auditId}/findings/{f1}/verify", new { accept = true });
        Assert.True(verified.StatusCode == HttpStatusCode.OK, await verified.Content.ReadAsStringAsync());
        Assert.Equal("Remediation", (await verified.ReadJsonAsync()).GetProperty("status").GetString());

        // The board accepts the second finding's risk: every finding is settled and the audit closes.
        var board = await _factory.ApiClientAsync(Unique("board"), Roles.GovernanceBoard);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Lead.PostAsJsonAsync($"/api/v1/audits/{auditId}/findings/{f2}/accept-risk", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await board.PostAsJsonAsync($"/api/v1/audits/{auditId}/findings/{f2}/accept-risk", new { reason = "" })).StatusCode);
        var accepted = await board.PostAsJsonAsync($"/api/v1/audits/{auditId}/findings/{f2}/accept-risk",
            new { reason = "The contacts are corrected at the next renewal; the risk until then is small." });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        await WaitForStatusAsync(s.Lead, auditId, "Closed");
        await UntilAsync(async () => (await MailsAsync($"Audit closed: {reference}")).Count == 1, "the closing email");

        // The findings register, and the vendor profile lists the audit.
        var csv = await s.Lead.GetStringAsync($"/api/v1/audits/findings.csv?vendorId={s.VendorId}");
        Assert.Contains($"{reference}/F1", csv, StringComparison.Ordinal);
        Assert.Contains("Risk accepted by the board", csv, StringComparison.Ordinal);
        using (var xlsx = SpreadsheetDocument.Open(new MemoryStream(await s.Lead.GetByteArrayAsync($"/api/v1/audits/findings.xlsx?vendorId={s.VendorId}")), false))
            Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(xlsx));
        var profile = await (await s.Lead.GetAsync($"/api/v1/vendors/{s.VendorId}/audits")).ReadJsonAsync();
        Assert.Equal(reference, profile[0].GetProperty("reference").GetString());

        // A crash replay of the notice and the report repeats nothing.
        var workflowId = audit.GetProperty("workflowId").GetGuid().ToString();
        await _factory.UntilWorkflowWaitsAsync(workflowId);
        var before = (await CountAsync("SELECT COUNT(*) FROM audit_log", new { }), await CountAsync("SELECT COUNT(*) FROM email_outbox", new { }),
            await CountAsync("SELECT COUNT(*) FROM vendor_audit_documents", new { }), await CountAsync("SELECT COUNT(*) FROM vendor_requests", new { }));
        var subject = new WorkflowSubject { Type = "VendorAudit", Id = auditId.ToString() };
        foreach (var action in new[] { "vendor-audit-notice", "vendor-audit-chase", "vendor-audit-evidence-due", "vendor-audit-report" })
            await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == action)
                .RunAsync(new WorkflowActionContext(subject, workflowId, "vendor-audit", action, $"{workflowId}/{action}/replay"), CancellationToken.None);
        Assert.Equal(before, (await CountAsync("SELECT COUNT(*) FROM audit_log", new { }), await CountAsync("SELECT COUNT(*) FROM email_outbox", new { }),
            await CountAsync("SELECT COUNT(*) FROM vendor_audit_documents", new { }), await CountAsync("SELECT COUNT(*) FROM vendor_requests", new { })));
    }
}
