using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;

namespace SlaGovernance.Web.Tests;

/// <summary>Legal's clause library through the API and the pages, and drafts checked against it.</summary>
public sealed class ClauseLibraryTests : IDisposable
{
    private const string LiabilityText = "{{provider}}'s liability under {{agreement.title}} is capped at twelve times {{monthlyFee}} {{currency}}.";

    private readonly SlaGovernanceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 7)];

    private async Task<JsonElement> CreateClauseAsync(HttpClient legal, string category = "Liability", string title = "Limitation of liability",
        string text = LiabilityText)
    {
        var response = await legal.PostAsJsonAsync("/api/v1/clauses", new { category, title, text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("clause");
    }

    private async Task<Guid> VendorAsync(HttpClient admin)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Hostly GmbH"), riskTier = "Low" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static AgreementContent Using(Guid vendorId, params ClauseUse[] clauses) => AgreementSamples.Hosting(vendorId) with { Clauses = clauses };

    private static Task<HttpResponseMessage> DraftAsync(HttpClient drafter, AgreementContent content) =>
        drafter.PostAsync("/api/v1/agreements", new StringContent(content.ToJson(), System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Legal_adds_and_publishes_clauses_and_every_reader_sees_them_by_category()
    {
        var legal = await _factory.ApiClientAsync("clause-legal", Roles.Legal);
        var auditor = await _factory.ApiClientAsync("clause-auditor", Roles.Auditor);
        var clause = await CreateClauseAsync(legal);
        await CreateClauseAsync(legal, "Confidentiality", "Mutual confidentiality", "Each party keeps the other's information confidential.");
        var id = clause.GetProperty("id").GetGuid();

        var published = await legal.PostAsJsonAsync($"/api/v1/clauses/{id}/versions", new { basedOnVersion = 1, text = LiabilityText + " Credits count." });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);

        var read = await (await auditor.GetAsync($"/api/v1/clauses/{id}")).ReadJsonAsync();
        Assert.Equal(2, read.GetProperty("clause").GetProperty("latestVersion").GetInt32());
        Assert.Equal([2, 1], read.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal(LiabilityText, read.GetProperty("versions")[1].GetProperty("text").GetString());
        var liability = await (await auditor.GetAsync("/api/v1/clauses?category=liability")).ReadJsonAsync();
        Assert.Equal("Limitation of liability", Assert.Single(liability.EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal(2, (await (await auditor.GetAsync("/api/v1/clauses")).ReadJsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Procurement_may_read_the_library_but_not_change_it()
    {
        var legal = await _factory.ApiClientAsync("clause-legal", Roles.Legal);
        var procurement = await _factory.ApiClientAsync("clause-buyer", Roles.Procurement);
        var id = (await CreateClauseAsync(legal)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Forbidden, (await procurement.PostAsJsonAsync("/api/v1/clauses",
            new { category = "Liability", title = "Ours", text = "Unlimited." })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await procurement.PostAsJsonAsync($"/api/v1/clauses/{id}/versions",
            new { basedOnVersion = 1, text = "Unlimited." })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await procurement.PostAsync($"/api/v1/clauses/{id}/retire", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await procurement.GetAsync($"/api/v1/clauses/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_stale_publication_and_an_unknown_placeholder_are_refused_with_what_to_do()
    {
        var legal = await _factory.ApiClientAsync("clause-legal", Roles.Legal);
        var id = (await CreateClauseAsync(legal)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await legal.PostAsJsonAsync($"/api/v1/clauses/{id}/versions", new { basedOnVersion = 1, text = "Second." })).StatusCode);

        var stale = await legal.PostAsJsonAsync($"/api/v1/clauses/{id}/versions", new { basedOnVersion = 1, text = "Also based on the first." });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("is at version 2 now, not 1", (await stale.ReadJsonAsync()).GetProperty("detail").GetString());

        var unknown = await legal.PostAsJsonAsync($"/api/v1/clauses/{id}/versions", new { basedOnVersion = 2, text = "Capped at {{feeCap}}." });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.StartsWith("{{feeCap}} is not a placeholder", (await unknown.ProblemErrorsAsync())["text"][0]);
    }

    [Fact]
    public async Task A_draft_naming_an_unknown_clause_version_is_refused_on_that_clause()
    {
        var legal = await _factory.ApiClientAsync("clause-legal", Roles.Legal);
        var admin = await _factory.AdminApiAsync();
        var id = (await CreateClauseAsync(legal)).GetProperty("id").GetGuid();
        var vendorId = await VendorAsync(admin);

        var response = await DraftAsync(admin, Using(vendorId, new ClauseUse("Liability", id, 2, null), new ClauseUse("Other", Guid.NewGuid(), 1, null)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ProblemErrorsAsync();
        Assert.Contains("versions 1 to 1; there is no version 2", errors["clauses[0].libraryVersion"][0]);
        Assert.Contains("No library clause has id", errors["clauses[1].libraryClauseId"][0]);
    }

    [Fact]
    public async Task A_draft_using_a_library_clause_shows_it_filled_in_beside_its_non_standard_clauses()
    {
        var legal = await _factory.ApiClientAsync("clause-legal", Roles.Legal);
        var drafter = await _factory.CreateUserAsync("clause-drafter", Roles.Procurement);
        var admin = await _factory.AdminApiAsync();
        var id = (await CreateClauseAsync(legal)).GetProperty("id").GetGuid();
        var vendorId = await VendorAsync(admin);
        var content = Using(vendorId, new ClauseUse("Liability", id, 1, null), new ClauseUse("Confidentiality", null, null, "Our own words."));

        var created = await DraftAsync(admin, content);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var agreementId = (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        var browser = await _factory.Browser().SignInAsync(drafter.UserName, drafter.Password);
        var clauses = (await browser.GetPageAsync($"/agreements/{agreementId}")).QuerySelectorAll("#clauses section").ToList();
        Assert.Equal(2, clauses.Count);
        Assert.Contains("Limitation of liability", clauses[0].QuerySelector("h3")!.TextContent);
        Assert.Contains("version 1", clauses[0].QuerySelector("h3")!.TextContent);
        var vendorName = (await (await admin.GetAsync($"/api/v1/vendors/{vendorId}")).ReadJsonAsync()).GetProperty("name").GetString();
        Assert.Equal($"{vendorName}'s liability under Managed hosting SLA is capped at twelve times 12,500.00 EUR.", clauses[0].QuerySelector("pre")!.TextContent);
        Assert.Contains("Non-standard", clauses[1].QuerySelector("h3")!.TextContent);
        Assert.Equal("Our own words.", clauses[1].QuerySelector("pre")!.TextContent);
    }

    [Fact]
    public async Task A_retired_clause_is_refused_in_a_new_draft_but_a_draft_that_has_it_still_saves()
    {
        var legal = await _factory.ApiClientAsync("clause-legal", Roles.Legal);
        var admin = await _factory.AdminApiAsync();
        var id = (await CreateClauseAsync(legal)).GetProperty("id").GetGuid();
        var vendorId = await VendorAsync(admin);
        var content = Using(vendorId, new ClauseUse("Liability", id, 1, null));
        var created = await DraftAsync(admin, content);
        var agreementId = (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await legal.PostAsync($"/api/v1/clauses/{id}/retire", null)).StatusCode);

        var refused = await DraftAsync(admin, content);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("was retired by Legal", (await refused.ProblemErrorsAsync())["clauses[0].libraryClauseId"][0]);
        var saved = await admin.PutJsonAsync($"/api/v1/agreements/{agreementId}/draft", content with { MonthlyFee = 13_000m }, created.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await legal.PostAsJsonAsync($"/api/v1/clauses/{id}/versions", new { basedOnVersion = 1, text = "Late." })).StatusCode);
    }

    [Fact]
    public async Task The_contract_of_an_agreement_prints_its_library_clause_filled_in()
    {
        var legal = await _factory.ApiClientAsync("clause-legal", Roles.Legal);
        var admin = await _factory.AdminApiAsync();
        var id = (await CreateClauseAsync(legal)).GetProperty("id").GetGuid();
        var vendorId = await VendorAsync(admin);
        var today = DateOnly.FromDateTime(_factory.Time.GetUtcNow().UtcDateTime);
        var content = Using(vendorId, new ClauseUse("Liability", id, 1, null)) with { TermStart = today.AddMonths(-1), TermEnd = today.AddYears(1) };
        var imported = await _factory.Services.GetRequiredService<ImportSignedAgreement>().RunAsync("pat", new ImportInput(content, null,
            new SignatureInput(today.AddMonths(-2), "Pat; Hans", "signed.pdf", "application/pdf", System.Text.Encoding.ASCII.GetBytes("%PDF-1.7 signed"))));
        Assert.Null(imported.Errors);

        var contract = await _factory.Services.GetRequiredService<GenerateContract>().RunAsync("pat", imported.Value!.Agreement.Id, 1);

        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(contract.Value!.Content), false);
        var text = document.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("Liability: Limitation of liability. ", text);
        Assert.Contains("liability under Managed hosting SLA is capped at twelve times 12,500.00 EUR.", text);
        Assert.DoesNotContain("{{", text);
    }

    [Fact]
    public async Task A_demo_install_starts_with_standard_clauses_whose_placeholders_are_valid()
    {
        using var demo = new SlaGovernanceFactory { Settings = { ["Seed:DemoData"] = "true" } };
        var reader = await demo.AdminApiAsync();

        var clauses = await (await reader.GetAsync("/api/v1/clauses")).ReadJsonAsync();

        Assert.Equal(["Confidentiality", "Data protection", "Liability"], clauses.EnumerateArray().Select(c => c.GetProperty("category").GetString()));
        Assert.All(clauses.EnumerateArray(), c => Assert.Equal(1, c.GetProperty("latestVersion").GetInt32()));
    }

    [Fact]
    public async Task Legal_publishes_from_the_clause_page_and_Procurement_sees_no_form()
    {
        var legalUser = await _factory.CreateUserAsync("page-legal", Roles.Legal);
        var buyerUser = await _factory.CreateUserAsync("page-buyer", Roles.Procurement);
        var legal = await _factory.Browser().SignInAsync(legalUser.UserName, legalUser.Password);
        var index = await legal.GetPageAsync("/clauses");

        var bad = await legal.SubmitAsync(index, "#new-clause", new Dictionary<string, string>
        {
            ["NewCategory"] = "Liability", ["NewTitle"] = "Limitation of liability", ["NewText"] = "Capped at {{cap}}.",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("{{cap}} is not a placeholder", (await Pages.ParseAsync(bad)).QuerySelector(".field-error")!.TextContent);
        var added = await legal.SubmitAsync(await Pages.ParseAsync(bad), "#new-clause", new Dictionary<string, string> { ["NewText"] = LiabilityText });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var clauseUrl = added.Headers.Location!.OriginalString;

        var detail = await legal.GetPageAsync(clauseUrl);
        var published = await legal.SubmitAsync(detail, "#publish", new Dictionary<string, string> { ["Text"] = LiabilityText + " Credits count." });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var stale = await legal.SubmitAsync(detail, "#publish", new Dictionary<string, string> { ["Text"] = "Based on version 1." });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var buyer = await _factory.Browser().SignInAsync(buyerUser.UserName, buyerUser.Password);
        var list = await buyer.GetPageAsync("/clauses?category=Liability");
        Assert.Contains("Limitation of liability", list.QuerySelector("#clauses")!.TextContent);
        Assert.Null(list.QuerySelector("#new-clause"));
        var read = await buyer.GetPageAsync(clauseUrl);
        Assert.Equal(["version-2", "version-1"], read.QuerySelectorAll("#versions section").Select(s => s.Id));
        Assert.Contains("Credits count.", read.QuerySelector("#version-2 pre")!.TextContent);
        Assert.Null(read.QuerySelector("#publish"));
        Assert.Null(read.QuerySelector("#retire"));
    }
}
