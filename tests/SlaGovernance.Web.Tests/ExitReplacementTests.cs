using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

/// <summary>An exit names the agreement that replaces it; the exit shows the overlap of the two terms, or warns of a gap in cover.</summary>
public sealed class ExitReplacementTests : IDisposable
{
    private readonly SteppedClockFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private async Task<Guid> ImportAsync(HttpClient staff, Guid vendorId, string title, DateOnly start, DateOnly end)
    {
        var content = AgreementSamples.Hosting(vendorId) with { Title = title, TermStart = start, TermEnd = end };
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2026-12-15"), "signedOn" },
            { new StringContent("Dana; Hans"), "signatories" },
        };
        var imported = await staff.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        return (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
    }

    [Theory]
    [InlineData("2030-01-01", "2030-12-31", 0, 0)]
    [InlineData("2030-01-02", "2030-12-31", 1, 0)]
    [InlineData("2029-10-01", "2032-09-30", 0, 92)]
    public void Cover_counts_the_days_both_terms_run_or_the_days_neither_does(string start, string end, int gap, int overlap)
    {
        var cover = new ReplacementCover(new DateOnly(2027, 1, 1), new DateOnly(2029, 12, 31), DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((gap, overlap, gap > 0), (cover.GapDays, cover.OverlapDays, cover.HasGap));
    }

    [Fact]
    public async Task An_exit_names_its_replacement_and_its_page_warns_of_a_gap_in_cover_or_shows_the_overlap()
    {
        var staff = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement, Roles.VendorManager);
        var vendorId = (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Hostly"), riskTier = "Medium" })).ReadJsonAsync())
            .GetProperty("id").GetGuid();
        var old = await ImportAsync(staff, vendorId, Unique("Portal"), new DateOnly(2027, 1, 1), new DateOnly(2029, 12, 31));
        var late = await ImportAsync(staff, vendorId, Unique("Late successor"), new DateOnly(2030, 1, 5), new DateOnly(2032, 12, 31));
        var early = await ImportAsync(staff, vendorId, Unique("Early successor"), new DateOnly(2029, 10, 1), new DateOnly(2032, 9, 30));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PutAsJsonAsync($"/api/v1/agreements/{old}/exit/replacement", new { replacementAgreementId = late })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/agreements/{old}/exit", new { reason = "Moving to a new host." })).StatusCode);

        // An agreement cannot replace itself, nor can an unknown one: refused, nothing is written.
        var self = await staff.PutAsJsonAsync($"/api/v1/agreements/{old}/exit/replacement", new { replacementAgreementId = old });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("cannot replace itself", string.Join(" ", (await self.ProblemErrorsAsync())["replacementAgreementId"]));
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PutAsJsonAsync($"/api/v1/agreements/{old}/exit/replacement",
            new { replacementAgreementId = Guid.NewGuid() })).StatusCode);
        var database = _factory.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync())
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>(database.Sql("SELECT COUNT(*) FROM exits WHERE replacement_agreement_id IS NOT NULL")));

        // The successor starting four days after the old agreement ends leaves a gap in cover, which the exit and its page warn of.
        var linked = await staff.PutAsJsonAsync($"/api/v1/agreements/{old}/exit/replacement", new { replacementAgreementId = late });
        Assert.True(linked.StatusCode == HttpStatusCode.OK, await linked.Content.ReadAsStringAsync());
        var replacement = (await linked.ReadJsonAsync()).GetProperty("replacement");
        Assert.Equal((late, 4, 0, true), (replacement.GetProperty("agreementId").GetGuid(), replacement.GetProperty("gapDays").GetInt32(),
            replacement.GetProperty("overlapDays").GetInt32(), replacement.GetProperty("gapInCover").GetBoolean()));
        var browser = await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var page = await browser.GetPageAsync($"/agreements/{old}/exit");
        Assert.Contains("Gap in cover: the old agreement ends on 31 Dec 2029 and the replacement starts only on 5 Jan 2030, 4 day(s) with neither in force.",
            page.QuerySelector("#replacement-gap")!.TextContent);

        // The successor starting in October overlaps the old term by 92 days: no warning.
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync($"/api/v1/agreements/{old}/exit/replacement", new { replacementAgreementId = early })).StatusCode);
        page = await browser.GetPageAsync($"/agreements/{old}/exit");
        Assert.Null(page.QuerySelector("#replacement-gap"));
        Assert.Contains("The terms overlap for 92 day(s), from 1 Oct 2029 to 31 Dec 2029.", page.QuerySelector("#replacement-cover")!.TextContent);
    }
}
