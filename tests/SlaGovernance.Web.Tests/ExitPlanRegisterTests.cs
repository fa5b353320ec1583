using System.Net;
using System.Net.Http.Json;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

/// <summary>The exit-plan register lists each agreement's latest plan and the signed agreements of critical and high-risk vendors lacking one; as a page, CSV and XLSX.</summary>
public sealed class ExitPlanRegisterTests : IDisposable
{
    private readonly SteppedClockFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private static async Task<Guid> ImportAsync(HttpClient staff, string tier, string title)
    {
        var vendorId = (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Vendor"), riskTier = tier })).ReadJsonAsync()).GetProperty("id").GetGuid();
        var content = AgreementSamples.Hosting(vendorId) with { Title = title };
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

    [Fact]
    public async Task The_register_lists_latest_plans_and_the_required_ones_missing_first_as_page_csv_and_xlsx()
    {
        var managerName = Unique("manager");
        var staff = await _factory.ApiClientAsync(managerName, Roles.Procurement, Roles.VendorManager);
        var planned = await ImportAsync(staff, "High", Unique("Planned"));
        var unplanned = Unique("Unplanned");
        await ImportAsync(staff, "High", unplanned);
        var lowRisk = Unique("Low risk");
        await ImportAsync(staff, "Low", lowRisk);
        var plan = new
        {
            owner = managerName, strategy = "InHouse", dataInventory = new[] { new { what = "Tickets", where = "Desk EU", format = "CSV", volume = "2 GB" } },
            transitionDays = 90, keyPeople = new[] { new { name = "Petra Platform", role = "Receiving engineer" } }, estimatedCost = 12_500m, estimatedDurationDays = 45,
        };
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/agreements/{planned}/exit-plans", plan)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/agreements/{planned}/exit-plans", plan with { estimatedDurationDays = 50 })).StatusCode);

        var reader = await _factory.ApiClientAsync(Unique("auditor"), Roles.Auditor);
        var csv = await reader.GetStringAsync("/api/v1/exit-plans/register.csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Agreement,Vendor,Risk tier", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith(unplanned, lines[1], StringComparison.Ordinal);
        Assert.Contains("Missing (required)", lines[1], StringComparison.Ordinal);
        Assert.Contains("Version 2", lines[2], StringComparison.Ordinal);
        Assert.Contains("Bring the service in-house", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(lowRisk, csv, StringComparison.Ordinal);
        using (var xlsx = SpreadsheetDocument.Open(new MemoryStream(await reader.GetByteArrayAsync("/api/v1/exit-plans/register.xlsx")), false))
            Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(xlsx));

        var page = await (await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword)).GetPageAsync("/exit-plans");
        Assert.Contains("1 agreement(s) of critical or high-risk vendors have no exit plan", page.QuerySelector("#plans-missing")!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("#exit-plan-register tbody tr").Length);
    }
}
