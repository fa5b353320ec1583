using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Tests;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Segregation of duties through the API, one rule at a time: authors never decide, tasks move only within their current role, a
/// workflow started by hand decides only what is stored and in its hands, only contract keepers sign, a vendor token's scope follows
/// the governing version, and an import needs a second person. Each refusal is 403 (409 for a state) with the rule, and writes nothing.
/// </summary>
public sealed class SegregationOfDutiesTests : IDisposable
{
    private readonly SlaGovernanceFactory _factory = new()
    {
        Settings = new()
        {
            ["Workflows:DefinitionsFolder"] = Path.Combine(TestEnvironment.RepositoryRoot(), "workflows"),
            ["Workflows:PollIntervalSeconds"] = "0.2",
            ["Agreements:ImportNeedsConfirmation"] = "true",
        },
    };

    public void Dispose() => _factory.Dispose();

    private static readonly byte[] SignedCopy = Encoding.ASCII.GetBytes("%PDF-1.7 signed copy");

    private DateOnly Today => DateOnly.FromDateTime(_factory.Time.GetUtcNow().UtcDateTime);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    private async Task<(HttpClient Client, string UserName)> PersonAsync(string prefix, params string[] roles)
    {
        var name = Unique(prefix);
        return (await _factory.ApiClientAsync(name, roles), name);
    }

    private static async Task<Guid> VendorAsync(HttpClient staff, string name) =>
        (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique(name), riskTier = "High" })).ReadJsonAsync()).GetProperty("id").GetGuid();

    private AgreementContent Content(Guid vendorId) =>
        AgreementSamples.Hosting(vendorId) with { TermStart = Today.AddDays(-1), TermEnd = Today.AddYears(2) };

    private static async Task<(Guid Id, string ETag)> DraftAsync(HttpClient drafter, AgreementContent content)
    {
        var created = await drafter.PostAsJsonAsync("/api/v1/agreements", content, AgreementContent.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid(), created.Headers.ETag!.Tag);
    }

    private static async Task SubmitAsync(HttpClient submitter, Guid id, string etag)
    {
        var submitted = await submitter.PostWithIfMatchAsync($"/api/v1/agreements/{id}/submit", etag);
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> TaskForAsync(HttpClient person, string title, Guid? subjectId = null)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            foreach (var task in (await (await person.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray())
            {
                if (task.GetProperty("title").GetString() == title
                    && (subjectId is null || task.GetProperty("subjectId").GetString() == subjectId.ToString()))
                    return task;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No task '{title}' appeared.");
    }

    private static async Task<bool> HoldsAsync(HttpClient person, string title) =>
        (await (await person.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray().Any(t => t.GetProperty("title").GetString() == title);

    /// <summary>A refusal: the status, problem+json, and a detail naming the rule.</summary>
    private static async Task RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string rule)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(rule, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }

    private async Task<int> MovesOfAsync(Guid taskId) =>
        (await _factory.Services.GetRequiredService<TaskStore>().LogOfWorkflowAsync((await _factory.Services.GetRequiredService<TaskStore>().GetAsync(taskId))!.WorkflowId))
        .Count(e => e.TaskId == taskId);

    private async Task<long> CountAsync(string sql, object args)
    {
        await using var connection = await _factory.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    private async Task<string> StatusAsync(HttpClient client, Guid id) =>
        (await (await client.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync()).GetProperty("agreement").GetProperty("status").GetString()!;

    private async Task<string> WaitForStatusAsync(HttpClient client, Guid id, string status)
    {
        for (var attempt = 0; attempt < 300 && await StatusAsync(client, id) != status; attempt++)
            await Task.Delay(50);
        return await StatusAsync(client, id);
    }

    [Fact]
    public async Task The_drafter_and_every_editor_of_a_version_hold_no_vote_and_cannot_be_given_one()
    {
        var (drafter, drafterName) = await PersonAsync("drafter", Roles.Procurement);
        var (editor, editorName) = await PersonAsync("editor", Roles.Procurement);
        var (submitter, _) = await PersonAsync("vm", Roles.VendorManager);
        var (approver, _) = await PersonAsync("approver", Roles.Procurement);
        var admin = await _factory.AdminApiAsync();
        var (id, etag) = await DraftAsync(drafter, Content(await VendorAsync(submitter, "Hostly")));
        var saved = await editor.PutJsonAsync($"/api/v1/agreements/{id}/draft", Content(await VendorAsync(submitter, "Hostly")), etag);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await SubmitAsync(submitter, id, saved.Headers.ETag!.Tag);

        // The issue's break: the drafter approved the Procurement stage. Now neither the drafter nor the editor holds a vote.
        var vote = await TaskForAsync(approver, "Procurement approval", id);
        var taskId = vote.GetProperty("id").GetGuid();
        Assert.False(await HoldsAsync(drafter, "Procurement approval"));
        Assert.False(await HoldsAsync(editor, "Procurement approval"));
        Assert.Equal(HttpStatusCode.Forbidden, (await drafter.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome = "approve" })).StatusCode);

        // Nor can the vote be handed to them, by its holder or by an administrator.
        await RefusedAsync(await approver.PostAsJsonAsync($"/api/v1/tasks/{taskId}/delegate", new { toUser = drafterName }), HttpStatusCode.Forbidden,
            SegregationOfDuties.AuthorRule);
        await RefusedAsync(await admin.PostAsJsonAsync($"/api/v1/tasks/{taskId}/reassign", new { toUser = editorName }), HttpStatusCode.Forbidden,
            SegregationOfDuties.AuthorRule);
        Assert.Equal(0, await MovesOfAsync(taskId));

        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome = "approve" })).StatusCode);
    }

    [Fact]
    public async Task A_board_member_cannot_hand_a_procurement_vote_to_the_auditor()
    {
        var (drafter, _) = await PersonAsync("drafter", Roles.Procurement);
        var (approver, approverName) = await PersonAsync("approver", Roles.Procurement);
        var (_, colleagueName) = await PersonAsync("colleague", Roles.Procurement);
        var (board, _) = await PersonAsync("board", Roles.GovernanceBoard);
        var (auditor, auditorName) = await PersonAsync("auditor", Roles.Auditor);
        var (id, etag) = await DraftAsync(drafter, Content(await VendorAsync(drafter, "Hostly")));
        await SubmitAsync(drafter, id, etag);
        var taskId = (await TaskForAsync(approver, "Procurement approval", id)).GetProperty("id").GetGuid();

        // The issue's break: a board member (the escalation role) reassigned a Procurement vote to the Auditor, who approved it.
        await RefusedAsync(await board.PostAsJsonAsync($"/api/v1/tasks/{taskId}/reassign", new { toUser = auditorName }), HttpStatusCode.Forbidden,
            SegregationOfDuties.CurrentRoleRule);
        await RefusedAsync(await board.PostAsJsonAsync($"/api/v1/tasks/{taskId}/reassign", new { toRole = Roles.Auditor }), HttpStatusCode.Forbidden,
            SegregationOfDuties.CurrentRoleRule);
        await RefusedAsync(await approver.PostAsJsonAsync($"/api/v1/tasks/{taskId}/delegate", new { toUser = auditorName }), HttpStatusCode.Forbidden,
            SegregationOfDuties.CurrentRoleRule);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome = "approve" })).StatusCode);
        Assert.Equal(0, await MovesOfAsync(taskId));
        var task = await (await approver.GetAsync($"/api/v1/tasks/{taskId}")).ReadJsonAsync();
        Assert.Equal("Open", task.GetProperty("status").GetString());

        // Within the role it moves: the colleague already holds a vote of this stage, so the board member picks the approver's own role.
        Assert.Equal(HttpStatusCode.BadRequest, (await board.PostAsJsonAsync($"/api/v1/tasks/{taskId}/reassign", new { toUser = colleagueName })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await board.PostAsJsonAsync($"/api/v1/tasks/{taskId}/reassign", new { toRole = Roles.Procurement })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await board.PostAsJsonAsync($"/api/v1/tasks/{taskId}/reassign", new { toUser = approverName })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome = "approve" })).StatusCode);
    }

    [Fact]
    public async Task A_workflow_started_by_hand_reads_its_subject_from_the_stored_version_and_decides_only_a_version_in_its_hands()
    {
        var (drafter, _) = await PersonAsync("drafter", Roles.Procurement);
        var (approver, _) = await PersonAsync("approver", Roles.Procurement);
        var admin = await _factory.AdminApiAsync();
        var vendorId = await VendorAsync(drafter, "Hostly");
        var (draftId, draftTag) = await DraftAsync(drafter, Content(vendorId));
        async Task<long> InstancesAsync() =>
            (await (await admin.GetAsync("/api/v1/workflows/instances?definition=sla-approval")).ReadJsonAsync()).GetProperty("total").GetInt64();
        var before = await InstancesAsync();

        // A draft nobody submitted cannot be approved by starting the approval by hand, nor with fields or a requester of the operator's choosing.
        await RefusedAsync(await admin.PostAsJsonAsync("/api/v1/workflows/definitions/sla-approval/instances", new { subjectId = draftId.ToString() }),
            HttpStatusCode.Conflict, "not in approval");
        var withFields = await admin.PostAsJsonAsync("/api/v1/workflows/definitions/sla-approval/instances", new
        {
            subjectId = draftId.ToString(), requestedBy = "nobody", fields = new { version = 1, annualValue = 1, title = "x" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, withFields.StatusCode);
        Assert.Contains("fields", (await withFields.ProblemErrorsAsync()).Keys);
        Assert.Equal(before, await InstancesAsync());

        // In approval under a running instance: refused until that instance is cancelled.
        await SubmitAsync(drafter, draftId, draftTag);
        await TaskForAsync(approver, "Procurement approval", draftId);
        var running = (await (await admin.GetAsync($"/api/v1/agreements/{draftId}/versions")).ReadJsonAsync())[0].GetProperty("workflowId").GetGuid();
        await RefusedAsync(await admin.PostAsJsonAsync("/api/v1/workflows/definitions/sla-approval/instances", new { subjectId = draftId.ToString() }),
            HttpStatusCode.Conflict, "still");
        Assert.Equal(before + 1, await InstancesAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/workflows/{running}/cancel", null)).StatusCode);

        var started = await admin.PostAsJsonAsync("/api/v1/workflows/definitions/sla-approval/instances", new { subjectId = draftId.ToString() });
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var restarted = Guid.Parse((await started.ReadJsonAsync()).GetProperty("id").GetString()!);
        Assert.Equal(restarted, (await (await admin.GetAsync($"/api/v1/agreements/{draftId}/versions")).ReadJsonAsync())[0].GetProperty("workflowId").GetGuid());
        // The subject is the stored round: the drafter (who submitted it) is the requester and holds no vote of the new instance either.
        var opened = false;
        for (var attempt = 0; attempt < 300 && !opened; attempt++)
        {
            opened = (await (await approver.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray()
                .Any(t => t.GetProperty("workflowId").GetGuid() == restarted && t.GetProperty("title").GetString() == "Procurement approval");
            if (!opened)
                await Task.Delay(50);
        }
        Assert.True(opened, "The restarted approval opened no Procurement vote.");
        Assert.DoesNotContain((await (await drafter.GetAsync("/api/v1/tasks")).ReadJsonAsync()).EnumerateArray(),
            t => t.GetProperty("workflowId").GetGuid() == restarted);
    }

    [Fact]
    public async Task Only_the_roles_the_page_allows_record_a_signature_through_the_api()
    {
        var (procurement, _) = await PersonAsync("buyer", Roles.Procurement);
        var (manager, _) = await PersonAsync("vm", Roles.VendorManager);
        var (id, _) = await DraftAsync(manager, Content(await VendorAsync(manager, "Hostly")));
        await ApprovalShortcut.ApproveAsync(_factory.Services, id, 1);
        MultipartFormDataContent Signature() => new()
        {
            { new ByteArrayContent(SignedCopy), "file", "signed.pdf" },
            { new StringContent(Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "signedOn" },
            { new StringContent("Dana Drafter; Hans Host"), "signatories" },
        };

        var refused = await manager.PostAsync($"/api/v1/agreements/{id}/signature", Signature());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM agreement_signatures WHERE agreement_id = @Id", new { Id = id }));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM agreement_documents WHERE agreement_id = @Id AND kind = 'Signed'", new { Id = id }));
        Assert.Equal("Approved", await StatusAsync(procurement, id));

        Assert.Equal(HttpStatusCode.OK, (await procurement.PostAsync($"/api/v1/agreements/{id}/signature", Signature())).StatusCode);
        Assert.Equal("Active", await StatusAsync(procurement, id));
    }

    [Fact]
    public async Task A_later_draft_naming_another_vendor_does_not_move_which_vendor_token_may_upload()
    {
        var (procurement, _) = await PersonAsync("buyer", Roles.Procurement);
        var (manager, _) = await PersonAsync("vm", Roles.VendorManager);
        var first = await VendorAsync(manager, "First");
        var second = await VendorAsync(manager, "Second");
        var (id, _) = await DraftAsync(manager, Content(first));
        await ApprovalShortcut.ApproveAsync(_factory.Services, id, 1);
        var signed = await procurement.PostAsync($"/api/v1/agreements/{id}/signature", new MultipartFormDataContent
        {
            { new ByteArrayContent(SignedCopy), "file", "signed.pdf" },
            { new StringContent(Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "signedOn" },
            { new StringContent("Dana Drafter; Hans Host"), "signatories" },
        });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var opened = await manager.PostAsJsonAsync($"/api/v1/agreements/{id}/change-requests",
            new { @class = "Major", reason = "Moving to the second vendor", effectiveOn = Today.AddDays(1) });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var moved = await manager.PutJsonAsync($"/api/v1/agreements/{id}/draft", Content(second), (await manager.GetAsync($"/api/v1/agreements/{id}")).Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        async Task<HttpClient> VendorTokenAsync(Guid vendorId)
        {
            var issued = await manager.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tokens", new { name = "NOC feed" });
            var client = _factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.ReadJsonAsync()).GetProperty("secret").GetString());
            return client;
        }
        static StringContent Samples() => new("service,timestamp,up,latency_ms\nCustomer portal,2026-03-01T00:00:00Z,true,120\n", Encoding.UTF8, "text/csv");

        var intruder = await (await VendorTokenAsync(second)).PostAsync($"/api/v1/agreements/{id}/data/probe-samples", Samples());
        Assert.Equal(HttpStatusCode.Forbidden, intruder.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM probe_samples WHERE agreement_id = @Id", new { Id = id }));
        var governing = await (await VendorTokenAsync(first)).PostAsync($"/api/v1/agreements/{id}/data/probe-samples", Samples());
        Assert.True(governing.IsSuccessStatusCode, await governing.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM probe_samples WHERE agreement_id = @Id", new { Id = id }));
    }

    private MultipartFormDataContent ImportForm(AgreementContent content) => new()
    {
        { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
        { new ByteArrayContent(SignedCopy), "file", "signed-2025.pdf" },
        { new StringContent(Today.AddMonths(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "signedOn" },
        { new StringContent("Pat Procurement; Hans Host"), "signatories" },
    };

    private async Task<IReadOnlyList<MimeKit.MimeMessage>> MailAsync()
    {
        await _factory.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        return Directory.Exists(_factory.MailDirectory)
            ? Directory.GetFiles(_factory.MailDirectory, "*.eml").Select(path => MimeKit.MimeMessage.Load(path)).ToList()
            : [];
    }

    private async Task<List<string>> AuditActionsAsync(Guid id)
    {
        await using var connection = await _factory.Services.GetRequiredService<Database>().OpenAsync();
        return (await connection.QueryAsync<string>("SELECT action FROM audit_log WHERE entity_id = @Id ORDER BY sequence",
            new { Id = id.ToString() })).ToList();
    }

    /// <summary>The whole life of workflows/agreement-import.json on a stepped clock: the task, its reminder and escalation, both outcomes.</summary>
    [Fact]
    public async Task An_import_waits_for_a_second_persons_confirmation_and_a_declined_one_is_rejected_with_its_reason()
    {
        var (importer, importerName) = await PersonAsync("importer", Roles.Procurement);
        var (confirmer, _) = await PersonAsync("confirmer", Roles.Procurement);
        var vendorId = await VendorAsync(importer, "Hostly");
        var content = AgreementSamples.Hosting(vendorId) with { TermStart = Today.AddMonths(-6), TermEnd = Today.AddMonths(18) };

        var imported = await importer.PostAsync("/api/v1/agreements/import", ImportForm(content));
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var id = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        Assert.Equal("InApproval", await StatusAsync(importer, id));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM agreement_signatures WHERE agreement_id = @Id", new { Id = id }));

        // The task is Procurement's, but the importer is its author: refused, and nothing changes.
        var task = await TaskForAsync(importer, "Confirm the imported signed agreement", id);
        var taskId = task.GetProperty("id").GetGuid();
        Assert.Contains(await MailAsync(), m => (m.Subject ?? "").Contains("Confirm the imported signed agreement", StringComparison.Ordinal));
        await RefusedAsync(await importer.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome = "confirm" }), HttpStatusCode.Forbidden,
            SegregationOfDuties.AuthorRule);
        Assert.Equal("InApproval", await StatusAsync(importer, id));

        // Overdue, it escalates to the administrators; one of them confirms it, and only then is it signed and Active.
        _factory.Time.Advance(TimeSpan.FromDays(7));
        // The deadline sweep may already have run on the advanced clock; a second run finds nothing left to do.
        await _factory.Services.GetRequiredService<TaskDeadlines>().RunOnceAsync();
        Assert.Contains(await MailAsync(), m => (m.Subject ?? "") == "Overdue, escalated to Admin: Confirm the imported signed agreement");
        var admin = await _factory.AdminApiAsync();
        var escalated = await TaskForAsync(admin, "Confirm the imported signed agreement", id);
        Assert.Equal(Roles.Admin, escalated.GetProperty("assigneeRole").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome = "confirm" })).StatusCode);
        Assert.Equal("Active", await WaitForStatusAsync(importer, id, "Active"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM agreement_signatures WHERE agreement_id = @Id", new { Id = id }));
        Assert.Equal(["agreement.imported", "agreement.import-confirmed", "agreement.activated"],
            (await AuditActionsAsync(id)).Where(a => a.StartsWith("agreement.", StringComparison.Ordinal)));

        // The confirming step replayed after a crash (same idempotency key as the step's own run) records nothing twice.
        string replayKey;
        await using (var connection = await _factory.Services.GetRequiredService<Database>().OpenAsync())
            replayKey = await connection.ExecuteScalarAsync<string>(
                "SELECT idempotency_key FROM agreement_status_changes WHERE agreement_id = @Id AND status = 'Approved'", new { Id = id }) ?? "";
        Assert.NotEmpty(replayKey);
        var confirm = _factory.Services.GetServices<SlaGovernance.Workflows.Activities.IWorkflowAction>()
            .Single(a => a.Name == SlaGovernance.Web.Features.Agreements.ConfirmImportAction.ActionName);
        var replaySubject = new SlaGovernance.Workflows.Activities.WorkflowSubject { Type = "Agreement", Id = id.ToString() };
        await confirm.RunAsync(new SlaGovernance.Workflows.Activities.WorkflowActionContext(replaySubject, replayKey.Split('/')[0], "agreement-import",
            "confirmed", replayKey), CancellationToken.None);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM agreement_signatures WHERE agreement_id = @Id", new { Id = id }));
        Assert.Equal(["agreement.imported", "agreement.import-confirmed", "agreement.activated"],
            (await AuditActionsAsync(id)).Where(a => a.StartsWith("agreement.", StringComparison.Ordinal)));
        for (var attempt = 0; attempt < 100 && !(await MailAsync()).Any(m => (m.Subject ?? "").StartsWith("Import confirmed", StringComparison.Ordinal)); attempt++)
            await Task.Delay(50);
        var confirmedMail = Assert.Single(await MailAsync(), m => (m.Subject ?? "").StartsWith("Import confirmed", StringComparison.Ordinal));
        Assert.Contains($"{importerName}@example.com", confirmedMail.To.ToString());

        // A second import is declined: a comment is required, then it is Rejected, with the reason on record.
        var second = await importer.PostAsync("/api/v1/agreements/import", ImportForm(content with { Title = "Second hosting SLA" }));
        var secondId = (await second.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        var secondTask = (await TaskForAsync(confirmer, "Confirm the imported signed agreement", secondId)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.BadRequest, (await confirmer.PostAsJsonAsync($"/api/v1/tasks/{secondTask}/complete", new { outcome = "decline" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await confirmer.PostAsJsonAsync($"/api/v1/tasks/{secondTask}/complete", new { outcome = "decline", comment = "The signed copy is of another agreement." })).StatusCode);
        Assert.Equal("Rejected", await WaitForStatusAsync(importer, secondId, "Rejected"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM agreement_signatures WHERE agreement_id = @Id", new { Id = secondId }));
        var entries = await _factory.Services.GetRequiredService<AuditLog>().VerifyAsync();
        Assert.True(entries.Intact);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'task.completed' AND summary LIKE @Reason",
            new { Reason = "%another agreement%" }));
    }
}
