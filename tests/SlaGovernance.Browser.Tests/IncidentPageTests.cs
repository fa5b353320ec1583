using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SlaGovernance.Data.Incidents;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Incidents;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Incidents;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Browser.Tests;

/// <summary>A major incident with its channels and an update, its list and the services page, at 1,280 and 390 px, with screenshots for a reviewer.</summary>
public sealed class IncidentPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncLifetime
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
        var people = services.GetRequiredService<UserAdministration>();
        var names = new List<string>();
        foreach (var (who, role) in new[] { ("ines", Roles.VendorManager), ("colm", Roles.VendorManager), ("lara", Roles.Legal), ("erik", Roles.GovernanceBoard) })
        {
            var name = $"{who}-{Guid.NewGuid():N}"[..12];
            Ok(await people.CreateAsync("test", new UserAccountInput(name, $"{who} of operations", $"{name}@buyer.test", "Europe/London", [role]), $"{name}-password-1"));
            names.Add(name);
        }
        var vendor = await services.GetRequiredService<SlaGovernance.Web.Features.Vendors.VendorCommands>().CreateAsync("admin",
            new SlaGovernance.Domain.Vendors.VendorInput("Contoso Cloud " + Guid.NewGuid().ToString("N")[..4], "Service desk", "desk@contoso.example", "Medium", null, null));
        Ok(vendor);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Ok(await services.GetRequiredService<ImportSignedAgreement>().RunAsync("admin", new ImportInput(
            AgreementSamples.Hosting(vendor.Value!.Id) with { Title = "Checkout platform hosting " + Guid.NewGuid().ToString("N")[..4] }, null,
            new SignatureInput(today.AddDays(-1), "Ada Admin (buyer); Cora Contoso (vendor)", "signed.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.7 signed")))));
        var channels = new Dictionary<string, ServiceChannel>
        {
            [IncidentChannels.Customers] = new(names[1], ["customers@buyer.test"]),
            [IncidentChannels.Legal] = new(names[2], ["legal@buyer.test"]),
            [IncidentChannels.Executives] = new(names[3], ["exec@buyer.test"]),
        };
        Ok(await services.GetRequiredService<IncidentServices>().SaveAsync("admin", "Customer portal", new ServiceSettingsInput(names[0], channels,
            ["game-day@buyer.test"], new RecoveryPlaybook([new PlaybookItem("Replay the failed checkout orders", names[0], 4)], []))));
        var incidents = services.GetRequiredService<Incidents>();
        var now = DateTimeOffset.UtcNow;
        var created = await incidents.CreateAsync("admin", new IncidentInput("Checkout fails with 502 for enterprise customers in every region " + new string('x', 120),
            ["Customer portal"], "SEV2", now.AddMinutes(-30), now.AddMinutes(-25), null, null,
            new IncidentImpact(4200, ["Enterprise"], 25_000m, true, false, ["checkout"])));
        Ok(created);
        var id = created.Value!.Incident.Id;
        Ok(await incidents.DeclareAsync("admin", id, names[0], "Enterprise checkout is down and card data may be exposed."));
        var store = services.GetRequiredService<IncidentStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await store.ChannelsAsync(id)).Count < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "the major incident's channels did not open");
            await Task.Delay(100);
        }
        Ok(await incidents.PostUpdateAsync("admin", [Roles.Admin], id, IncidentChannels.Customers,
            "Checkout is failing for enterprise customers; we are failing over to the second region. Next update within 30 minutes."));
        return id;
    }

    [SkippableFact]
    public async Task The_incident_pages_name_the_agreements_criteria_and_channels_and_fit_1280_and_390_px()
    {
        var id = await SeedAsync();
        _context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl });
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(BrowserFixture.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArrivedAtAsync("**/");

        var response = await page.GotoAsync($"/incidents/{id}");
        Assert.True(response is { Ok: true }, $"the incident page answered {response?.Status}");
        Assert.Contains("Checkout platform hosting", await page.Locator("#affected-agreements").InnerTextAsync());
        Assert.Contains("Personal or confidential data exposed", await page.Locator("#matched-criteria").InnerTextAsync());
        Assert.Contains("failing over to the second region", await page.Locator("#channels").InnerTextAsync());
        var problems = new List<string>(await page.ReviewAsync("incident-page"));
        Assert.True((await page.GotoAsync("/incidents")) is { Ok: true });
        problems.AddRange(await page.ReviewAsync("incidents"));
        Assert.True((await page.GotoAsync("/admin/services")) is { Ok: true });
        problems.AddRange(await page.ReviewAsync("incident-services"));
        Assert.True((await page.GotoAsync("/admin/services/Customer%20portal")) is { Ok: true });
        problems.AddRange(await page.ReviewAsync("incident-service-edit"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(File.Exists(Path.Combine(PageReview.ScreenshotFolder, "incident-page-390.png")));
    }
}
