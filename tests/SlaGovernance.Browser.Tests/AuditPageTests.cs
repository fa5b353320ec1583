using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Audits;
using SlaGovernance.Domain.Audits;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Audits;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Browser.Tests;

/// <summary>An audit in fieldwork with its findings and a remediation update, at 1,280 and 390 px, with screenshots for a reviewer.</summary>
public sealed class AuditPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private IBrowserContext? _context;

    public Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Browser is not null, fixture.SkipReason ?? "");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
            await _context.DisposeAsync();
    }

    private static void Ok<T>(CommandResult<T> result) =>
        Assert.True(result.Status == CommandStatus.Ok, result.Message ?? string.Join(" ", result.Errors?.SelectMany(e => e.Value) ?? []));

    private async Task<Guid> SeedAsync()
    {
        var services = fixture.Services;
        var lead = await services.GetRequiredService<UserAdministration>().CreateAsync("test", new UserAccountInput("lena-" + Guid.NewGuid().ToString("N")[..6],
            "Lena Lead", "lena@buyer.test", "Europe/London", [Roles.VendorManager]), "lena-password-1");
        var vendor = await services.GetRequiredService<VendorCommands>().CreateAsync("admin",
            new VendorInput("Contoso Cloud " + Guid.NewGuid().ToString("N")[..4], "Service desk", "desk@contoso.example", "High", null, lead.Value!.Id));
        Ok(vendor);
        var vendorId = vendor.Value!.Id;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var signed = await services.GetRequiredService<ImportSignedAgreement>().RunAsync("admin", new ImportInput(
            AgreementSamples.Hosting(vendorId) with { Title = "Payments platform hosting" }, null,
            new SignatureInput(today.AddDays(-1), "Ada Admin (buyer); Cora Contoso (vendor)", "signed.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.7 signed"))));
        Ok(signed);
        var started = await services.GetRequiredService<StartVendorAudit>().StartAsync("admin", vendorId, new VendorAuditInput(signed.Value!.Agreement.Id,
            lead.Value.UserName, LocalDate.FromDateOnly(today.AddDays(40)), [$"{today.AddMonths(-1):yyyy-MM}"], ["Information security policy"], null));
        Ok(started);
        // Fieldwork is weeks away on the real clock; the audit is moved there directly to show a page with findings.
        var audits = services.GetRequiredService<VendorAuditStore>();
        await using (var unit = await services.GetRequiredService<Database>().BeginAsync())
        {
            var row = (await audits.GetAsync(unit, started.Value!.Id))!;
            Assert.True(await audits.UpdateAsync(unit, row with
            {
                Status = VendorAuditStatus.Fieldwork,
                Recomputation = System.Text.Json.JsonSerializer.Serialize(new[]
                {
                    new AuditFigure($"{today.AddMonths(-1):yyyy-MM}", "Customer portal Availability", 0, 99.9m, 99.412m, 99.95m, -0.538m, true, 1, null),
                }, System.Text.Json.JsonSerializerOptions.Web),
            }, default));
            await unit.CommitAsync();
        }
        var findings = services.GetRequiredService<AuditFindings>();
        var actor = new AuditActor(lead.Value.UserName, false);
        var local = LocalDate.FromDateOnly(today);
        Ok(await findings.RecordAsync(actor, started.Value!.Id, new FindingInput("Unannounced maintenance excluded from the availability figure", "High",
            "Customer portal availability", "Three windows in the month were excluded without the 5 days' notice the agreement requires.", "Sam Security",
            "Announce each window 5 days ahead and restate the month's figure.", local.PlusDays(20), "sam@contoso.example")));
        var second = await findings.RecordAsync(actor, started.Value.Id, new FindingInput("Escalation contacts out of date", "Low", "Escalation path",
            "Two of the three escalation contacts have left the vendor.", "Cora Contoso", "Send the current escalation contacts.", local.PlusDays(10), "cora@contoso.example"));
        Ok(second);
        Ok(await findings.UpdateActionAsync(new Web.Features.Evidence.EvidenceSender("cora@contoso.example", vendorId), second.Value!.Id,
            "Current contacts sent to the service desk.", true, []));
        return started.Value.Id;
    }

    [SkippableFact]
    public async Task The_audit_page_names_its_vendor_and_agreement_shows_what_comes_next_and_fits_1280_and_390_px()
    {
        var auditId = await SeedAsync();
        _context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl });
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(BrowserFixture.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArrivedAtAsync("**/");

        var response = await page.GotoAsync($"/audits/{auditId}");
        Assert.True(response is { Ok: true }, $"the audit page answered {response?.Status}");
        Assert.Contains("Contoso Cloud", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Payments platform hosting", await page.Locator("main").InnerTextAsync());
        Assert.Contains("recompute the periods", await page.Locator("#next-step").InnerTextAsync());
        Assert.Contains("99.412 %", await page.Locator("#figures-table").InnerTextAsync());
        Assert.Contains("Done, waiting for verification", await page.Locator("#finding-2").InnerTextAsync());
        var problems = await page.ReviewAsync("audit-page");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(File.Exists(Path.Combine(PageReview.ScreenshotFolder, "audit-page-390.png")));
    }
}
