using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Vendors.Requests;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Browser.Tests;

/// <summary>The vendor profile of a critical vendor with everything on it, at 1,280 and 390 px, with screenshots for a reviewer.</summary>
public sealed class VendorProfileTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncLifetime
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
        var owner = await services.GetRequiredService<UserAdministration>().CreateAsync("test", new UserAccountInput("vera-" + Guid.NewGuid().ToString("N")[..6],
            "Vera Vendormanager", "vera@buyer.test", "Europe/London", [Roles.VendorManager]), "vera-password-1");
        var vendor = await services.GetRequiredService<VendorCommands>().CreateAsync("admin",
            new VendorInput("Northwind Hosting " + Guid.NewGuid().ToString("N")[..4], "Service desk", "desk@northwind.example", "Critical", null, owner.Value!.Id));
        Ok(vendor);
        var vendorId = vendor.Value!.Id;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var signed = await services.GetRequiredService<ImportSignedAgreement>().RunAsync("admin", new ImportInput(
            AgreementSamples.Hosting(vendorId) with { Title = "Customer portal hosting" }, null,
            new SignatureInput(today.AddDays(-1), "Ada Admin (buyer); Nora Northwind (vendor)", "signed.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.7 signed"))));
        Ok(signed);
        var contacts = services.GetRequiredService<VendorContacts>();
        Ok(await contacts.AddAsync("admin", vendorId, new VendorContactInput("Commercial", "Carla Commercial", "carla@northwind.example", "+44 20 7946 0000")));
        Ok(await contacts.AddAsync("admin", vendorId, new VendorContactInput("Security", "Sam Security", "sam@northwind.example", null)));
        var certificates = services.GetRequiredService<VendorCertificates>();
        var local = LocalDate.FromDateOnly(today);
        Ok(await certificates.AddAsync("admin", vendorId, new CertificateInput("Soc2Type2", "Deloitte", "Hosting platform, all regions", local.PlusYears(-1).PlusDays(-20), local.PlusDays(-20), null)));
        Ok(await certificates.AddAsync("admin", vendorId, new CertificateInput("Iso27001", "BSI", "Data centres in London and Dublin", local.PlusYears(-2), local.PlusDays(40), null)));
        Ok(await services.GetRequiredService<Subcontractors>().AddAsync("admin", vendorId,
            new SubcontractorInput(signed.Value!.Agreement.Id, "Equinix", "Colocation", "Ireland", "Metadata")));
        Ok(await services.GetRequiredService<VendorRequests>().OpenAsync("admin", vendorId,
            new VendorRequestInput("Evidence", signed.Value.Agreement.Id, "Renewed SOC 2 Type II report", "The SOC 2 Type II report for the last twelve months and the bridge letter.", local.PlusDays(14))));
        return vendorId;
    }

    [SkippableFact]
    public async Task The_vendor_profile_names_its_subject_fits_1280_and_390_px_and_flags_the_expired_certificate()
    {
        var vendorId = await SeedAsync();
        _context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl });
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(BrowserFixture.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArrivedAtAsync("**/");

        var response = await page.GotoAsync($"/vendors/{vendorId}");
        Assert.True(response is { Ok: true }, $"the profile answered {response?.Status}");
        Assert.Contains("Northwind Hosting", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("SOC 2 Type II issued by Deloitte expired on", await page.Locator("#risk-flags").InnerTextAsync());
        Assert.Contains("Customer portal hosting", await page.Locator("#profile-agreements").InnerTextAsync());
        Assert.Contains("150,000.00 EUR", await page.Locator("#profile-agreements").InnerTextAsync());
        Assert.Contains("Vera Vendormanager", await page.Locator("#owner").InnerTextAsync());
        Assert.Contains("Renewed SOC 2 Type II report", await page.Locator("#requests-table").InnerTextAsync());
        Assert.Contains("Equinix", await page.Locator("#subcontractors-table").InnerTextAsync());
        var problems = await page.ReviewAsync("vendor-profile");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(File.Exists(Path.Combine(PageReview.ScreenshotFolder, "vendor-profile-390.png")));
    }
}
