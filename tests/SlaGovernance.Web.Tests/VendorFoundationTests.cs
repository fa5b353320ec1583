using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data.Compliance;
using SlaGovernance.Data.Events;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Compliance;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Tests;

/// <summary>A host whose evidence files may be at most 4 KiB, so a "too large" file is cheap to send.</summary>
public sealed class SmallEvidenceFactory : SlaGovernanceFactory
{
    public SmallEvidenceFactory() => Settings["Evidence:MaxFileBytes"] = "4096";
}

public sealed class VendorFoundationTests(SmallEvidenceFactory factory) : IClassFixture<SmallEvidenceFactory>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    private string Today(int plusDays = 0) =>
        ZonedDays.DayOf(factory.Time.GetUtcNow(), "Europe/London").AddDays(plusDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<Guid> VendorAsync(HttpClient staff, string tier = "High", Guid? owner = null)
    {
        var created = await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Vendor"), riskTier = tier, contactName = "General desk",
            contactEmail = "desk@vendor.example", ownerUserId = owner });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<(HttpClient Client, string Secret)> VendorTokenAsync(Guid vendorId)
    {
        var issuer = await factory.CreateUserAsync(Unique("issuer").Replace(' ', '-'), Roles.Procurement);
        var token = await factory.Services.GetRequiredService<ApiTokens>().IssueAsync(issuer.Id, issuer.UserName, "vendor portal", null, vendorId);
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Value!.Secret);
        return (client, token.Value.Secret);
    }

    private async Task<Guid> OpenRequestAsync(HttpClient staff, Guid vendorId, string title)
    {
        var opened = await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/requests",
            new { kind = "Evidence", title, asked = "The current certificate and its statement of applicability.", dueOn = Today(14) });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return (await opened.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static MultipartFormDataContent Answer(string? text, params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        if (text is not null)
            form.Add(new StringContent(text), "text");
        foreach (var (name, content) in files)
            form.Add(new ByteArrayContent(content), "file", name);
        return form;
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_vendor_answers_its_own_request_through_its_token_and_sees_no_other_vendors()
    {
        var staff = await factory.ApiClientAsync(Unique("buyer").Replace(' ', '-'), Roles.Procurement);
        var mine = await VendorAsync(staff);
        var theirs = await VendorAsync(staff);
        var (vendor, _) = await VendorTokenAsync(mine);
        var (other, _) = await VendorTokenAsync(theirs);
        var requestId = await OpenRequestAsync(staff, mine, "ISO 27001 certificate");
        var foreign = await OpenRequestAsync(staff, theirs, "Someone else's question");

        var listed = await (await vendor.GetAsync("/api/v1/vendor/requests")).ReadJsonAsync();
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal("ISO 27001 certificate", only.GetProperty("title").GetString());
        Assert.Equal("Waiting for the vendor", only.GetProperty("statusLabel").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/v1/vendor/requests")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await vendor.PostAsync($"/api/v1/vendor/requests/{foreign}/answer", Answer("Not ours"))).StatusCode);
        var answered = await vendor.PostAsync($"/api/v1/vendor/requests/{requestId}/answer", Answer("Attached, valid to 2027.", ("iso.pdf", Pdf)));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var body = await answered.ReadJsonAsync();
        Assert.Equal("Answered", body.GetProperty("status").GetString());
        var file = Assert.Single(body.GetProperty("evidence").EnumerateArray());
        Assert.Equal("pdf", file.GetProperty("fileType").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), file.GetProperty("sha256").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await vendor.PostAsync($"/api/v1/vendor/requests/{requestId}/answer", Answer("Again"))).StatusCode);

        var evidenceId = file.GetProperty("id").GetGuid();
        Assert.Equal(Pdf, await (await vendor.GetAsync($"/api/v1/evidence/{evidenceId}")).Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/evidence/{evidenceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/evidence/{evidenceId}")).StatusCode);

        var events = await factory.Services.GetRequiredService<DomainEvents>().OfSubjectAsync(requestId.ToString());
        Assert.Contains(events, e => e.Type == "vendor-request.answered");
        var audit = await (await (await factory.AdminApiAsync()).GetAsync($"/api/v1/audit?entityType=Evidence&entityId={evidenceId}")).ReadJsonAsync();
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)),
            Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("summary").GetString());

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/v1/vendors/{mine}/requests/{requestId}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsync($"/api/v1/vendors/{mine}/requests/{requestId}/withdraw", null)).StatusCode);
    }

    [Fact]
    public async Task Staff_open_a_request_by_hand_and_a_refused_one_writes_nothing()
    {
        var staff = await factory.ApiClientAsync(Unique("vm").Replace(' ', '-'), Roles.VendorManager);
        var vendorId = await VendorAsync(staff);
        var finance = await factory.ApiClientAsync(Unique("fin").Replace(' ', '-'), Roles.Finance);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/requests",
            new { kind = "Answer", title = "t", asked = "a", dueOn = Today(3) })).StatusCode);

        var refused = await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/requests", new { kind = "Bribe", title = " ", asked = "", dueOn = Today(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = await refused.ProblemErrorsAsync();
        Assert.Contains("Bribe", errors["kind"][0]);
        Assert.Contains("title", errors.Keys);
        Assert.Contains("asked", errors.Keys);
        Assert.Contains("in the past", errors["dueOn"][0]);
        Assert.Empty((await (await staff.GetAsync($"/api/v1/vendors/{vendorId}/requests")).ReadJsonAsync()).EnumerateArray());

        var id = await OpenRequestAsync(staff, vendorId, "Data export of March tickets");
        var list = await (await staff.GetAsync($"/api/v1/vendors/{vendorId}/requests")).ReadJsonAsync();
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetGuid());

        var browser = await factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var profile = await browser.GetPageAsync($"/vendors/{vendorId}");
        Assert.Contains("Data export of March tickets", profile.QuerySelector("#requests-table")!.TextContent);
    }

    [Fact]
    public async Task Evidence_of_a_wrong_type_or_too_large_is_refused_and_nothing_is_written()
    {
        var staff = await factory.ApiClientAsync(Unique("buyer").Replace(' ', '-'), Roles.Procurement);
        var vendorId = await VendorAsync(staff);
        var (vendor, _) = await VendorTokenAsync(vendorId);
        var requestId = await OpenRequestAsync(staff, vendorId, "Penetration test report");
        var before = (await CountAsync("evidence_files"), await CountAsync("vendor_request_evidence"));

        var executable = Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0 this is not a document");
        var plainZip = Zip(("readme.txt", "hello"));
        var large = Pdf.Concat(new byte[5000]).ToArray();
        foreach (var (name, content, reason) in new[]
                 {
                     ("report.pdf", executable, "not a file of an accepted type"), ("report.docx", plainZip, "not a file of an accepted type"),
                     ("big.pdf", large, "larger than the 4 KiB"),
                 })
        {
            var refused = await vendor.PostAsync($"/api/v1/vendor/requests/{requestId}/answer", Answer("Here it is", ("fine.pdf", Pdf), (name, content)));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(reason, (await refused.ProblemErrorsAsync())["files"].Single());
        }
        Assert.Equal(before, (await CountAsync("evidence_files"), await CountAsync("vendor_request_evidence")));
        var stillOpen = await (await vendor.GetAsync("/api/v1/vendor/requests?status=Open")).ReadJsonAsync();
        Assert.Contains(stillOpen.EnumerateArray(), r => r.GetProperty("id").GetGuid() == requestId);

        var docx = Zip(("[Content_Types].xml", "<Types><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"));
        var csv = Encoding.UTF8.GetBytes("finding,severity\nWeak TLS,High\n");
        var accepted = await vendor.PostAsync($"/api/v1/vendor/requests/{requestId}/answer", Answer(null, ("report.docx", docx), ("findings.csv", csv)));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(["csv", "docx"], (await accepted.ReadJsonAsync()).GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("fileType").GetString()).Order());
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        return buffer.ToArray();
    }

    [Fact]
    public async Task Letters_go_to_the_contact_whose_role_fits_with_a_fallback()
    {
        var staff = await factory.ApiClientAsync(Unique("buyer").Replace(' ', '-'), Roles.Procurement);
        var vendorId = await VendorAsync(staff);
        async Task<string?> RecipientAsync(string letter) =>
            (await (await staff.GetAsync($"/api/v1/vendors/{vendorId}/letter-recipient?letter={letter}")).ReadJsonAsync()).GetProperty("email").GetString();

        Assert.Equal("desk@vendor.example", await RecipientAsync("AuditNotice"));
        var bad = await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/contacts", new { role = "Janitor", name = "", email = "not-an-address" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["email", "name", "role"], (await bad.ProblemErrorsAsync()).Keys.Order());
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/contacts",
            new { role = "Commercial", name = "Carla Commercial", email = "carla@vendor.example" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/contacts",
            new { role = "Security", name = "Sam Security", email = "sam@vendor.example" })).StatusCode);

        Assert.Equal("sam@vendor.example", await RecipientAsync("AuditNotice"));
        Assert.Equal("carla@vendor.example", await RecipientAsync("Claim"));
        Assert.Equal("carla@vendor.example", await RecipientAsync("Escalation"));
        Assert.Equal("sam@vendor.example", await RecipientAsync("DataProtectionNotice"));
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"/api/v1/vendors/{vendorId}/letter-recipient?letter=Valentine")).StatusCode);
    }

    [Fact]
    public async Task A_certificate_is_reminded_to_the_vendor_owner_before_expiry_and_flagged_once_expired()
    {
        var admin = await factory.AdminApiAsync();
        var finance = await factory.CreateUserAsync(Unique("finance").Replace(' ', '-'), Roles.Finance);
        var refused = await admin.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Owned"), riskTier = "High", ownerUserId = finance.Id });
        Assert.Contains("not a vendor manager", (await refused.ProblemErrorsAsync())["ownerUserId"][0]);

        var owner = await factory.CreateUserAsync(Unique("owner").Replace(' ', '-'), Roles.VendorManager);
        var vendorId = await VendorAsync(admin, "High", owner.Id);
        var recorded = await admin.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/certificates",
            new { kind = "Iso27001", issuer = "BSI", scope = "Hosting operations, London and Dublin", validFrom = Today(-300), validUntil = Today(65) });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Equal("Valid", (await recorded.ReadJsonAsync()).GetProperty("state").GetString());

        var reminders = factory.Services.GetRequiredService<CertificateReminders>();
        await reminders.SweepAsync();
        Assert.Empty(await EmailsToAsync(owner.UserName));

        factory.Time.Advance(TimeSpan.FromDays(6));
        await reminders.SweepAsync();
        await reminders.SweepAsync();
        var email = Assert.Single(await EmailsToAsync(owner.UserName));
        Assert.Contains("ISO/IEC 27001 expires on", email.Subject);
        Assert.Contains((await (await admin.GetAsync($"/api/v1/vendors/{vendorId}")).ReadJsonAsync()).GetProperty("name").GetString()!, email.Subject);
        Assert.Contains("BSI", email.TextBody);

        factory.Time.Advance(TimeSpan.FromDays(61));
        var profile = await (await admin.GetAsync($"/api/v1/vendors/{vendorId}/profile")).ReadJsonAsync();
        Assert.Contains("ISO/IEC 27001 expired on", Assert.Single(profile.GetProperty("riskFlags").EnumerateArray()).GetString());
        var ownerBrowser = await factory.Browser().SignInAsync(owner.UserName, owner.Password);
        var home = await ownerBrowser.GetPageAsync("/");
        Assert.Contains("ISO/IEC 27001 expired on", home.Body!.TextContent);
    }

    private async Task<List<MimeKit.MimeMessage>> EmailsToAsync(string userName)
    {
        await factory.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        return Directory.Exists(factory.MailDirectory)
            ? [.. Directory.GetFiles(factory.MailDirectory, "*.eml").Select(path => MimeKit.MimeMessage.Load(path))
                .Where(m => m.To.Mailboxes.Any(a => a.Address == $"{userName}@example.com") && (m.Subject ?? "").Contains("ISO/IEC 27001", StringComparison.Ordinal))]
            : [];
    }

    [Fact]
    public void The_scorecard_counts_a_month_once_when_its_quarter_was_also_computed()
    {
        var agreementId = Guid.NewGuid();
        ComplianceReportRevision Report(string period, SloOutcome outcome, decimal credit) => new(
            new ComplianceReportRow { Id = Guid.NewGuid(), AgreementId = agreementId, Period = period, Revision = 1 },
            new ComplianceReport(period, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "UTC", 1, "", DateTimeOffset.UnixEpoch, 0.1m,
                [new ReportSlo("Portal", "Availability", "probe-samples", 99.9m, outcome == SloOutcome.Met ? 99.95m : 99m, outcome, 100m, 0, 0,
                    new Dictionary<ExclusionType, double>(), 0, null, 0, null, null, false, null)], 1000m, "EUR", 30m, 0, 0, false, credit));
        var reports = new[]
        {
            Report("2026-01", SloOutcome.Met, 0), Report("2026-02", SloOutcome.Missed, 100), Report("2026-03", SloOutcome.Met, 0),
            Report("2026-Q1", SloOutcome.Missed, 300), Report("2026-Q2", SloOutcome.Missed, 250),
        };
        var card = VendorScorecard.From(reports, new Dictionary<Guid, Data.Agreements.AgreementRow>());
        var row = Assert.Single(card.Agreements);
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-Q2"], row.Periods);
        Assert.Equal(2, card.SlosMet);
        Assert.Equal(2, card.SlosMissed);
        Assert.Equal(350m, row.Credits);

        var trend = ScorecardTrend.From(reports, new DateOnly(2026, 6, 15));
        Assert.Equal(12, trend.Months.Count);
        Assert.Equal("2026-06", trend.Months[^1].Month);
        Assert.Equal(1, trend.Months.Single(m => m.Month == "2026-02").Measured);
        Assert.Equal(0m, trend.Months.Single(m => m.Month == "2026-05").MetPercent);
        Assert.Contains("<title", trend.ToSvg("t", "Contoso"));
    }

    [Fact]
    public async Task The_vendor_page_opens_a_session_from_a_posted_token_and_answers_with_text()
    {
        var staff = await factory.ApiClientAsync(Unique("buyer").Replace(' ', '-'), Roles.Procurement);
        var vendorId = await VendorAsync(staff);
        var (_, secret) = await VendorTokenAsync(vendorId);
        var requestId = await OpenRequestAsync(staff, vendorId, "Acknowledge the audit notice");
        var browser = factory.Browser();

        var signIn = await browser.GetPageAsync("/vendor");
        var wrong = await browser.SubmitAsync(signIn, "#vendor-sign-in", new Dictionary<string, string> { ["token"] = "slg_wrong" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var opened = await browser.SubmitAsync(signIn, "#vendor-sign-in", new Dictionary<string, string> { ["token"] = secret });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.DoesNotContain(secret, opened.Headers.Location!.OriginalString);
        Assert.Contains(opened.Headers.GetValues("Set-Cookie"), c => c.StartsWith("slagov.vendor=", StringComparison.Ordinal) && c.Contains("path=/vendor"));

        var page = await browser.GetPageAsync("/vendor");
        var card = page.QuerySelector($"#request-{requestId}")!;
        Assert.Contains("Acknowledge the audit notice", card.TextContent);
        Assert.Contains(VendorRequestDtoDue(), card.TextContent);
        var answered = await browser.SubmitAsync(page, $"#request-{requestId} form", new Dictionary<string, string> { ["text"] = "Acknowledged." });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var after = await (await staff.GetAsync($"/api/v1/vendors/{vendorId}/requests")).ReadJsonAsync();
        Assert.Equal("Acknowledged.", Assert.Single(after.EnumerateArray()).GetProperty("answerText").GetString());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/vendors")).StatusCode);
    }

    private string VendorRequestDtoDue() => Features.Vendors.Requests.VendorRequestDto.DueText(DateOnly.ParseExact(Today(14), "yyyy-MM-dd",
        System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task The_profile_lists_agreements_contacts_and_subcontractors_and_a_shared_subcontractor_shows_as_a_concentration()
    {
        var admin = await factory.AdminApiAsync();
        var shared = Unique("Cloud Hosting Ltd");
        var vendors = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var vendorId = await VendorAsync(admin, "Critical");
            vendors.Add(vendorId);
            await SignedAgreementAsync(vendorId);
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/subcontractors",
                new { name = i == 0 ? shared : shared.ToUpperInvariant(), service = "Data centre", location = "Ireland", dataAccess = "Confidential" })).StatusCode);
        }
        var refused = await admin.PostAsJsonAsync($"/api/v1/vendors/{vendors[0]}/subcontractors", new { name = "X", service = "", location = "EU", dataAccess = "All" });
        Assert.Equal(["dataAccess", "service"], (await refused.ProblemErrorsAsync()).Keys.Order());

        var profile = await (await admin.GetAsync($"/api/v1/vendors/{vendors[0]}/profile")).ReadJsonAsync();
        var agreement = Assert.Single(profile.GetProperty("agreements").EnumerateArray());
        Assert.Equal("150,000.00 EUR", agreement.GetProperty("annualValueText").GetString());
        Assert.True(profile.GetProperty("riskTierSetByHand").GetBoolean());
        Assert.Equal("Confidential data", Assert.Single(profile.GetProperty("subcontractors").EnumerateArray()).GetProperty("dataAccessLabel").GetString());

        var concentration = await (await admin.GetAsync("/api/v1/vendors/concentration?threshold=1")).ReadJsonAsync();
        var entry = concentration.EnumerateArray().Single(c => c.GetProperty("name").GetString()!.Equals(shared, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, entry.GetProperty("criticalAgreementCount").GetInt32());

        var browser = await factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var page = await browser.GetPageAsync($"/vendors/{vendors[0]}");
        Assert.Contains("150,000.00 EUR", page.QuerySelector("#profile-agreements")!.TextContent);
        Assert.Contains("set by hand", page.Body!.TextContent);
        Assert.Contains(shared.ToUpperInvariant(), ((await browser.GetPageAsync("/vendors/concentration?threshold=1")).QuerySelector("#concentration")?.TextContent ?? "").ToUpperInvariant());
    }

    private async Task SignedAgreementAsync(Guid vendorId)
    {
        var today = DateOnly.FromDateTime(factory.Time.GetUtcNow().UtcDateTime);
        var signed = await factory.Services.GetRequiredService<Features.Agreements.ImportSignedAgreement>().RunAsync("admin", new Features.Agreements.ImportInput(
            AgreementSamples.Hosting(vendorId) with { Title = Unique("Hosting") }, null,
            new Features.Agreements.SignatureInput(today.AddDays(-1), "Ada Admin (buyer); Vera Vendor (vendor)", "signed.pdf", "application/pdf",
                Encoding.ASCII.GetBytes("%PDF-1.7 signed"))));
        Assert.True(signed.Value is not null, signed.Message ?? string.Join(" ", signed.Errors?.SelectMany(e => e.Value) ?? []));
    }
}
