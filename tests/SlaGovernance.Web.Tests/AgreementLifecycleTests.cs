using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// After approval: signed agreements become Active on their first day in their zone, Expired after their last unless they renew
/// themselves, Terminated when ended early; agreements signed elsewhere are imported. The sweeps are called with the instant to
/// sweep at, since a fake clock moved by days would fire the minute timer once.
/// </summary>
public abstract class AgreementLifecycleTests
{
    private const string Zone = "Europe/Berlin";
    private static readonly byte[] SignedCopy = System.Text.Encoding.ASCII.GetBytes("%PDF-1.7 signed copy");

    protected abstract SlaGovernanceFactory Factory { get; }

    private DateTimeOffset Now => Factory.Time.GetUtcNow();

    /// <summary>Today in the agreements' zone, as the termination rule counts it.</summary>
    private DateOnly Today => NodaTime.Instant.FromDateTimeOffset(Now).InZone(NodaTime.DateTimeZoneProviders.Tzdb[Zone]).Date.ToDateOnly();

    private static DateTimeOffset StartOf(DateOnly day) => SlaGovernance.Domain.Calendars.ZonedDays.StartOf(day, Zone);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private Task<int> SweepAsync(DateTimeOffset at) => Factory.Services.GetRequiredService<AgreementLifecycle>().SweepAsync(at);

    private async Task<(HttpClient Client, Guid VendorId)> ProcurementAsync()
    {
        var client = await Factory.ApiClientAsync(Unique("buyer"), Roles.Procurement);
        var vendor = await (await client.PostAsJsonAsync("/api/v1/vendors",
            new { name = Unique("Hostly"), riskTier = "High", contactEmail = "sla@hostly.test" })).ReadJsonAsync();
        return (client, vendor.GetProperty("id").GetGuid());
    }

    private static AgreementContent Content(Guid vendorId, DateOnly start, DateOnly end, bool autoRenew = false) => AgreementSamples.Hosting(vendorId) with
    {
        Title = Unique("Hosting"), TermStart = start, TermEnd = end, TimeZone = Zone,
        Renewal = new RenewalTerms(autoRenew, new Period(1, PeriodUnit.Days), autoRenew ? new Period(12, PeriodUnit.Months) : null),
    };

    /// <summary>Drafted and approved (the way the workflow's setStatus step approves it), not yet signed.</summary>
    private async Task<Guid> ApprovedAsync(HttpClient client, AgreementContent content)
    {
        var created = await client.PostAsJsonAsync("/api/v1/agreements", content, AgreementContent.Json);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        await ApprovalShortcut.ApproveAsync(Factory.Services, id, 1);
        return id;
    }

    private MultipartFormDataContent Signature(string? fileName = "signed.pdf") =>
        Signed(new MultipartFormDataContent(), fileName, DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-1));

    private static MultipartFormDataContent Signed(MultipartFormDataContent form, string? fileName, DateOnly signedOn)
    {
        if (fileName is not null)
            form.Add(new ByteArrayContent(SignedCopy), "file", fileName);
        form.Add(new StringContent(signedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "signedOn");
        form.Add(new StringContent("Dana Drafter (buyer); Hans Host (Hostly GmbH)"), "signatories");
        return form;
    }

    private async Task<Guid> SignedAsync(HttpClient client, AgreementContent content)
    {
        var id = await ApprovedAsync(client, content);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/agreements/{id}/signature", Signature())).StatusCode);
        return id;
    }

    private static async Task<JsonElement> LifecycleAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/api/v1/agreements/{id}/lifecycle")).ReadJsonAsync();

    private static async Task<string> StatusAsync(HttpClient client, Guid id) => (await LifecycleAsync(client, id)).GetProperty("status").GetString()!;

    private async Task<List<string>> AuditActionsAsync(Guid id) =>
        (await Factory.Services.GetRequiredService<AuditLog>().ListAsync(PageRequest.Of(1, 200), "Agreement", id.ToString())).Items
        .Select(e => e.Action).Reverse().ToList();

    private async Task<long> CountAsync(string sql, object args)
    {
        var database = Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    [SkippableFact]
    public async Task Signed_before_its_term_stays_Signed_and_the_sweep_on_its_first_day_makes_it_Active()
    {
        var (client, vendorId) = await ProcurementAsync();
        var start = Today.AddDays(10);
        var id = await SignedAsync(client, Content(vendorId, start, start.AddYears(1)));
        var lifecycle = await LifecycleAsync(client, id);
        Assert.Equal(("Signed", 1, StartOf(start)), (lifecycle.GetProperty("status").GetString(), lifecycle.GetProperty("signedVersion").GetInt32(),
            lifecycle.GetProperty("activeFrom").GetDateTimeOffset()));

        var user = await Factory.CreateUserAsync(Unique("reader"), Roles.Auditor);
        var page = await (await Factory.Browser().SignInAsync(user.UserName, user.Password)).GetPageAsync($"/agreements/{id}");
        Assert.Contains($"Signed, active from {start:yyyy-MM-dd}", page.QuerySelector("#lifecycle")!.TextContent);
        Assert.Null(page.QuerySelector("#terminate"));

        await SweepAsync(StartOf(start).AddTicks(-1));
        Assert.Equal("Signed", await StatusAsync(client, id));
        await SweepAsync(StartOf(start));
        Assert.Equal("Active", await StatusAsync(client, id));
        Assert.Equal(["agreement.created", "agreement.status", "agreement.signed", "agreement.activated"], await AuditActionsAsync(id));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM agreement_status_changes WHERE agreement_id = @Id AND status = 'Active'", new { Id = id }));
    }

    [SkippableFact]
    public async Task A_first_version_sent_back_leaves_the_agreement_Changes_requested_and_a_rejected_one_is_drafted_again()
    {
        var (client, vendorId) = await ProcurementAsync();
        var created = await client.PostAsJsonAsync("/api/v1/agreements", Content(vendorId, Today, Today.AddYears(1)), AgreementContent.Json);
        var id = (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        await ApprovalShortcut.DecideAsync(Factory.Services, id, 1, AgreementVersionStatus.ChangesRequested);

        var agreement = await (await client.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync();
        Assert.Equal(("ChangesRequested", "Changes requested", "ChangesRequested", "Changes requested"),
            (agreement.GetProperty("agreement").GetProperty("status").GetString(), agreement.GetProperty("agreement").GetProperty("statusLabel").GetString(),
             agreement.GetProperty("version").GetProperty("status").GetString(), agreement.GetProperty("version").GetProperty("statusLabel").GetString()));
        var user = await Factory.CreateUserAsync(Unique("reader"), Roles.Auditor);
        var page = await (await Factory.Browser().SignInAsync(user.UserName, user.Password)).GetPageAsync($"/agreements/{id}");
        Assert.Equal("Changes requested", page.QuerySelector("#status")!.TextContent);
        Assert.Contains("version 1 (Changes requested)", page.QuerySelector("p.muted")!.TextContent);

        await ApprovalShortcut.DecideAsync(Factory.Services, id, 1, AgreementVersionStatus.Rejected);
        Assert.Equal("Rejected", await StatusAsync(client, id));
        var tag = (await client.GetAsync($"/api/v1/agreements/{id}")).Headers.ETag!.Tag;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agreements/{id}/versions");
        request.Headers.TryAddWithoutValidation("If-Match", tag);
        var second = await (await client.SendAsync(request)).ReadJsonAsync();
        Assert.Equal(("Draft", 2), (second.GetProperty("agreement").GetProperty("status").GetString(), second.GetProperty("version").GetProperty("number").GetInt32()));
    }

    [SkippableFact]
    public async Task A_later_version_approved_governs_nothing_until_signed_and_then_supersedes_the_earlier_from_the_day_it_was_signed()
    {
        var (client, vendorId) = await ProcurementAsync();
        var content = Content(vendorId, Today.AddMonths(-6), Today.AddMonths(18));
        var imported = await client.PostAsync("/api/v1/agreements/import", Import(content.ToJson()));
        var id = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        var tag = imported.Headers.ETag!.Tag;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agreements/{id}/versions")
        {
            Content = JsonContent.Create(new { @class = "Standard", reason = "Renegotiated", effectiveOn = Today }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", tag);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(request)).StatusCode);
        await ApprovalShortcut.ApproveAsync(Factory.Services, id, 2);
        var lastMonth = Today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        // Approved, not signed: the report still measures against version 1, and the agreement stays Active.
        var before = await client.PostAsJsonAsync($"/api/v1/agreements/{id}/compliance/reports", new { period = lastMonth });
        Assert.True(before.StatusCode == HttpStatusCode.Created, await before.Content.ReadAsStringAsync());
        Assert.Equal(1, (await before.ReadJsonAsync()).GetProperty("agreementVersion").GetInt32());
        Assert.Equal("Active", await StatusAsync(client, id));

        // Signed today: version 1 is superseded, and version 2 governs from today on, not the month before.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/agreements/{id}/signature", Signature())).StatusCode);
        var versions = await (await client.GetAsync($"/api/v1/agreements/{id}/versions")).ReadJsonAsync();
        Assert.Equal([("Approved", "Approved"), ("Superseded", "Superseded")],
            versions.EnumerateArray().Select(v => (v.GetProperty("status").GetString(), v.GetProperty("statusLabel").GetString())));
        var after = await client.PostAsJsonAsync($"/api/v1/agreements/{id}/compliance/reports", new { period = lastMonth, reason = "Signed version 2" });
        Assert.Equal(1, (await after.ReadJsonAsync()).GetProperty("agreementVersion").GetInt32());
        Assert.Equal("Active", await StatusAsync(client, id));

        var events = await Factory.Services.GetRequiredService<SlaGovernance.Data.Events.DomainEvents>().OfSubjectAsync(id.ToString());
        // Events of one instant have no order among themselves; the agreement's own, that is (reports computed tell of themselves too).
        Assert.Equal(["agreement.activated", "agreement.signed", "agreement.signed", "agreement.version-approved"],
            events.Select(e => e.Type).Where(t => t.StartsWith("agreement.", StringComparison.Ordinal)).Order());
        Assert.Equal([1, 2], events.Where(e => e.Type == AgreementSigned.Type).Select(e => e.Read<AgreementSigned>().Version).Order());
    }

    [SkippableFact]
    public async Task A_report_for_a_month_before_the_first_signed_term_is_refused_with_the_day_the_term_begins()
    {
        var (client, vendorId) = await ProcurementAsync();
        var start = Today.AddMonths(2);
        var imported = await client.PostAsync("/api/v1/agreements/import", Import(Content(vendorId, start, start.AddYears(1)).ToJson()));
        var id = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        var refused = await client.PostAsJsonAsync($"/api/v1/agreements/{id}/compliance/reports", new { period = Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"first signed term begins on {start:yyyy-MM-dd}", await refused.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_signature_once_the_term_has_begun_makes_the_agreement_Active_at_once()
    {
        var (client, vendorId) = await ProcurementAsync();
        var id = await SignedAsync(client, Content(vendorId, Today.AddDays(-3), Today.AddYears(1)));
        Assert.Equal("Active", await StatusAsync(client, id));
        Assert.Contains("agreement.activated", await AuditActionsAsync(id));
    }

    [SkippableFact]
    public async Task After_its_last_day_an_agreement_expires_unless_it_renews_itself_and_then_its_term_is_extended_once()
    {
        var (client, vendorId) = await ProcurementAsync();
        var end = Today.AddDays(20);
        var expiring = await SignedAsync(client, Content(vendorId, Today.AddDays(-30), end));
        var renewing = await SignedAsync(client, Content(vendorId, Today.AddDays(-30), end, autoRenew: true));

        await SweepAsync(StartOf(end.AddDays(1)).AddTicks(-1));
        Assert.Equal(("Active", "Active"), (await StatusAsync(client, expiring), await StatusAsync(client, renewing)));

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => SweepAsync(StartOf(end.AddDays(1))))));
        Assert.Equal("Expired", await StatusAsync(client, expiring));
        Assert.Contains("agreement.expired", await AuditActionsAsync(expiring));

        var renewed = await LifecycleAsync(client, renewing);
        var newEnd = end.AddDays(1).AddMonths(12).AddDays(-1);
        Assert.Equal(("Active", newEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "12 months"), (renewed.GetProperty("status").GetString(),
            renewed.GetProperty("termEnd").GetString(), renewed.GetProperty("renewsFor").GetString()));
        var renewal = Assert.Single(renewed.GetProperty("renewals").EnumerateArray());
        Assert.Equal((end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), newEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            (renewal.GetProperty("previousEnd").GetString(), renewal.GetProperty("newEnd").GetString()));
        Assert.Single(await AuditActionsAsync(renewing), a => a == "agreement.renewed");

        await SweepAsync(StartOf(end.AddDays(2)));
        Assert.Single((await LifecycleAsync(client, renewing)).GetProperty("renewals").EnumerateArray());
    }

    [SkippableFact]
    public async Task Two_sweeps_at_once_record_each_activation_once()
    {
        var (client, vendorId) = await ProcurementAsync();
        var start = Today.AddDays(40);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
            ids.Add(await SignedAsync(client, Content(vendorId, start, start.AddYears(2))));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SweepAsync(StartOf(start).AddMinutes(1)))));
        foreach (var id in ids)
        {
            Assert.Equal("Active", await StatusAsync(client, id));
            Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM agreement_status_changes WHERE agreement_id = @Id AND status = 'Active'",
                new { Id = id }));
            Assert.Single(await AuditActionsAsync(id), a => a == "agreement.activated");
        }
    }

    /// <summary>Runs what the approved termination change request's step does: the end recorded, now or for the sweeper.</summary>
    private async Task ApplyTerminationAsync(Guid id, DateOnly endsOn, string reason)
    {
        await using var unit = await Factory.Services.GetRequiredService<SlaGovernance.Data.Database>().BeginAsync();
        Assert.True(await Factory.Services.GetRequiredService<TerminateEarly>().ApplyAsync(unit, id, endsOn, reason, "buyer (CR-1)", Now,
            CancellationToken.None));
        await unit.CommitAsync();
    }

    [SkippableFact]
    public async Task A_termination_is_requested_as_a_change_request_and_once_approved_ends_today_at_once_or_on_a_later_day_by_the_sweeper()
    {
        var (client, vendorId) = await ProcurementAsync();
        var now = await SignedAsync(client, Content(vendorId, Today.AddDays(-10), Today.AddYears(1)));
        var later = await SignedAsync(client, Content(vendorId, Today.AddDays(-10), Today.AddYears(1)));

        var lawyer = await Factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        Assert.Equal(HttpStatusCode.Forbidden, (await lawyer.PostAsJsonAsync($"/api/v1/agreements/{now}/termination",
            new { effectiveOn = Today, reason = "Vendor insolvent" })).StatusCode);
        var past = await client.PostAsJsonAsync($"/api/v1/agreements/{now}/termination", new { effectiveOn = Today.AddDays(-1), reason = "Too late" });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("effectiveOn", (await past.ProblemErrorsAsync()).Keys);
        var noReason = await client.PostAsJsonAsync($"/api/v1/agreements/{now}/termination", new { effectiveOn = Today, reason = " " });
        Assert.Equal(["reason"], (await noReason.ProblemErrorsAsync()).Keys);

        // Nobody ends an agreement directly: the request opens a termination change request, and the agreement runs on meanwhile.
        var requested = await client.PostAsJsonAsync($"/api/v1/agreements/{now}/termination", new { effectiveOn = Today, reason = "Vendor insolvent" });
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var change = await requested.ReadJsonAsync();
        Assert.Equal(("Termination", "InApproval"), (change.GetProperty("class").GetString(), change.GetProperty("status").GetString()));
        Assert.Equal("Active", await StatusAsync(client, now));
        var again = await client.PostAsJsonAsync($"/api/v1/agreements/{now}/termination", new { effectiveOn = Today, reason = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("CR-1", await again.Content.ReadAsStringAsync());

        // Approved (the stages are ChangeRequestWorkflowTests'), the end of today takes effect at once.
        await ApplyTerminationAsync(now, Today, "Vendor insolvent");
        var lifecycle = await (await client.GetAsync($"/api/v1/agreements/{now}/lifecycle")).ReadJsonAsync();
        Assert.Equal((Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "Vendor insolvent"),
            (lifecycle.GetProperty("termination").GetProperty("effectiveOn").GetString(), lifecycle.GetProperty("termination").GetProperty("reason").GetString()));
        Assert.Equal("Terminated", await StatusAsync(client, now));
        Assert.Equal("agreement.terminated", (await AuditActionsAsync(now))[^1]);

        // A later day is left to the sweeper, and the page shows it.
        var endsOn = Today.AddDays(5);
        await ApplyTerminationAsync(later, endsOn, "Service moved in-house");
        Assert.Equal("Active", await StatusAsync(client, later));
        var buyer = await Factory.CreateUserAsync(Unique("page-buyer"), Roles.Procurement);
        var browser = await Factory.Browser().SignInAsync(buyer.UserName, buyer.Password);
        var shown = await browser.GetPageAsync($"/agreements/{later}");
        Assert.Contains($"Ends early from {endsOn:yyyy-MM-dd}", shown.QuerySelector("#lifecycle .termination")!.TextContent);
        Assert.Contains("Service moved in-house", shown.QuerySelector("#lifecycle .termination")!.TextContent);
        Assert.Null(shown.QuerySelector("#request-termination"));

        await SweepAsync(StartOf(endsOn).AddTicks(-1));
        Assert.Equal("Active", await StatusAsync(client, later));
        await SweepAsync(StartOf(endsOn));
        Assert.Equal("Terminated", await StatusAsync(client, later));
        var actions = await AuditActionsAsync(later);
        Assert.Equal(["agreement.termination-scheduled", "agreement.terminated"], actions.Where(a => a.Contains("termin", StringComparison.Ordinal)));
        Assert.Contains("Ended early", (await browser.GetPageAsync($"/agreements/{later}")).QuerySelector("#lifecycle .termination")!.TextContent);
    }

    private MultipartFormDataContent Import(string? contentJson, string? fileName = "signed.pdf")
    {
        var form = new MultipartFormDataContent();
        if (contentJson is not null)
            form.Add(new StringContent(contentJson, System.Text.Encoding.UTF8, "application/json"), "content", "agreement.json");
        return Signed(form, fileName, DateOnly.FromDateTime(Now.UtcDateTime).AddYears(-1));
    }

    [SkippableFact]
    public async Task An_imported_current_agreement_is_Active_with_its_signed_copy_and_the_import_audited()
    {
        var (client, vendorId) = await ProcurementAsync();
        var content = Content(vendorId, Today.AddMonths(-6), Today.AddMonths(18));
        var imported = await client.PostAsync("/api/v1/agreements/import", Import(content.ToJson()));
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var body = await imported.ReadJsonAsync();
        var id = body.GetProperty("agreement").GetProperty("id").GetGuid();
        Assert.Equal(("Active", "Approved", content.WithObjectiveKeys().ContentHash()), (body.GetProperty("agreement").GetProperty("status").GetString(),
            body.GetProperty("version").GetProperty("status").GetString(), body.GetProperty("version").GetProperty("contentHash").GetString()));

        var reader = await Factory.ApiClientAsync(Unique("auditor"), Roles.Auditor);
        var document = Assert.Single((await (await reader.GetAsync($"/api/v1/agreements/{id}/documents")).ReadJsonAsync()).EnumerateArray());
        Assert.Equal("Signed", document.GetProperty("kind").GetString());
        Assert.Equal(SignedCopy, await (await reader.GetAsync($"/api/v1/agreements/{id}/documents/{document.GetProperty("id").GetGuid()}"))
            .Content.ReadAsByteArrayAsync());
        Assert.Equal(["agreement.imported", "agreement.activated"], await AuditActionsAsync(id));
        var versions = await (await reader.GetAsync($"/api/v1/agreements/{id}/versions")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, Assert.Single(versions.EnumerateArray()).GetProperty("workflowId").ValueKind);

        // Ended before the import: Expired; starting later: Signed and waiting.
        var ended = await client.PostAsync("/api/v1/agreements/import", Import(Content(vendorId, Today.AddYears(-3), Today.AddYears(-1)).ToJson()));
        Assert.Equal("Expired", (await ended.ReadJsonAsync()).GetProperty("agreement").GetProperty("status").GetString());
        var waiting = await client.PostAsync("/api/v1/agreements/import", Import(Content(vendorId, Today.AddDays(3), Today.AddYears(1)).ToJson()));
        Assert.Equal("Signed", (await waiting.ReadJsonAsync()).GetProperty("agreement").GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task An_import_with_invalid_content_or_no_signed_copy_is_refused_field_by_field_and_stores_nothing()
    {
        var (client, vendorId) = await ProcurementAsync();
        async Task<long> StoredAsync() => await CountAsync("SELECT COUNT(*) FROM agreements", new { })
            + await CountAsync("SELECT COUNT(*) FROM agreement_documents", new { }) + await CountAsync("SELECT COUNT(*) FROM audit_log", new { });
        var before = await StoredAsync();

        var content = Content(vendorId, Today.AddMonths(-6), Today.AddMonths(18));
        var invalid = await client.PostAsync("/api/v1/agreements/import", Import((content with { TimeZone = "Moon/Base", Slos = [] }).ToJson()));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("timeZone", (await invalid.ProblemErrorsAsync()).Keys);

        var noFile = await client.PostAsync("/api/v1/agreements/import", Import(content.ToJson(), fileName: null));
        Assert.Equal(["file"], (await noFile.ProblemErrorsAsync()).Keys);
        var wrongFile = await client.PostAsync("/api/v1/agreements/import", Import(content.ToJson(), fileName: "signed.exe"));
        Assert.Equal(["file"], (await wrongFile.ProblemErrorsAsync()).Keys);
        var notJson = await client.PostAsync("/api/v1/agreements/import", Import("{ \"title\": "));
        Assert.Equal(["content"], (await notJson.ProblemErrorsAsync()).Keys);
        var both = await client.PostAsync("/api/v1/agreements/import", Import((content with { TermEnd = content.TermStart }).ToJson(), fileName: null));
        Assert.Equal(["file", "termEnd"], (await both.ProblemErrorsAsync()).Keys.Order());

        Assert.Equal(before, await StoredAsync());
    }

    [SkippableFact]
    public async Task Legal_may_not_import_and_Procurement_imports_through_the_page_linked_from_the_list()
    {
        var lawyer = await Factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        var (_, vendorId) = await ProcurementAsync();
        var content = Content(vendorId, Today.AddMonths(-1), Today.AddYears(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await lawyer.PostAsync("/api/v1/agreements/import", Import(content.ToJson()))).StatusCode);
        var lawyerUser = await Factory.CreateUserAsync(Unique("page-lawyer"), Roles.Legal);
        var lawyerBrowser = await Factory.Browser().SignInAsync(lawyerUser.UserName, lawyerUser.Password);
        Assert.Null((await lawyerBrowser.GetPageAsync("/agreements")).QuerySelector("#import-link"));
        Assert.NotEqual(HttpStatusCode.OK, (await lawyerBrowser.GetAsync("/agreements/import")).StatusCode);

        var buyer = await Factory.CreateUserAsync(Unique("page-importer"), Roles.Procurement);
        var browser = await Factory.Browser().SignInAsync(buyer.UserName, buyer.Password);
        var link = (await browser.GetPageAsync("/agreements")).QuerySelector("#import-link")!.GetAttribute("href")!;
        var page = await browser.GetPageAsync(link);

        var missing = await browser.PostAsync(link, ImportForm(page, content, withFile: false));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("Attach the signed copy", (await Pages.ParseAsync(missing)).QuerySelector("#import")!.TextContent);

        var done = await browser.PostAsync(link, ImportForm(page, content, withFile: true));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var detail = await browser.GetPageAsync(done.Headers.Location!.OriginalString);
        Assert.Equal("Active", detail.QuerySelector("#status")!.TextContent.Trim());
        Assert.NotNull(detail.QuerySelector("#request-termination"));
    }

    /// <summary>The import form as a browser posts it: the antiforgery token, the agreement's fields as the editor names them, the file and the signature.</summary>
    private MultipartFormDataContent ImportForm(AngleSharp.Dom.IDocument page, AgreementContent content, bool withFile)
    {
        var form = new MultipartFormDataContent();
        foreach (var hidden in page.QuerySelectorAll("#import input[type=hidden]").OfType<IHtmlInputElement>().Where(h => !h.Name!.StartsWith("Input.", StringComparison.Ordinal)))
            form.Add(new StringContent(hidden.Value), hidden.Name!);
        foreach (var (name, value) in FormFields(SlaGovernance.Web.Pages.Agreements.AgreementForm.From(content), "Input"))
            form.Add(new StringContent(value), name);
        if (withFile)
            form.Add(new ByteArrayContent(SignedCopy), "SignedCopyFile", "signed-2024.pdf");
        form.Add(new StringContent(DateOnly.FromDateTime(Now.UtcDateTime).AddMonths(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "SignedOn");
        form.Add(new StringContent("Pat Procurement; Hans Host"), "Signatories");
        return form;
    }

    /// <summary>A form model's values under the names model binding reads: Input.Title, Input.Slos[0].Service, Input.Audit.Scope.</summary>
    private static IEnumerable<(string Name, string Value)> FormFields(object model, string prefix)
    {
        foreach (var property in model.GetType().GetProperties().Where(p => p.CanWrite))
        {
            var name = $"{prefix}.{property.Name}";
            switch (property.GetValue(model))
            {
                case null:
                    break;
                case DateOnly day:
                    yield return (name, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case TimeOnly time:
                    yield return (name, time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case bool flag:
                    yield return (name, flag ? "true" : "false");
                    break;
                case string or Enum or ValueType:
                    yield return (name, Convert.ToString(property.GetValue(model), System.Globalization.CultureInfo.InvariantCulture)!);
                    break;
                case System.Collections.IList rows:
                    for (var i = 0; i < rows.Count; i++)
                        foreach (var field in FormFields(rows[i]!, $"{name}[{i}]"))
                            yield return field;
                    break;
                case var nested:
                    foreach (var field in FormFields(nested, name))
                        yield return field;
                    break;
            }
        }
    }
}

/// <summary>On SQLite, the default provider.</summary>
public sealed class SqliteAgreementLifecycleTests : AgreementLifecycleTests, IClassFixture<SqliteAgreementLifecycleTests.Host>
{
    public sealed class Host : IDisposable
    {
        public SlaGovernanceFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    private readonly Host _host;

    public SqliteAgreementLifecycleTests(Host host) => _host = host;

    protected override SlaGovernanceFactory Factory => _host.Factory;
}

/// <summary>On PostgreSQL, where concurrent sweeps really run in parallel.</summary>
public sealed class PostgresAgreementLifecycleTests : AgreementLifecycleTests, IClassFixture<PostgresAgreementLifecycleTests.Host>
{
    public sealed class Host() : PostgresFactoryHost("slagov_test_life_");

    private readonly Host _host;

    public PostgresAgreementLifecycleTests(Host host) => _host = host;

    /// <summary>Every test starts from the factory, so this is where one skips without a server.</summary>
    protected override SlaGovernanceFactory Factory
    {
        get
        {
            TestEnvironment.SkipUnlessAvailable(_host.Factory is not null,
                $"{TestEnvironment.PostgresVariable} is not set (a PostgreSQL connection string); .ci/run sets it.");
            return _host.Factory!;
        }
    }
}
