using Microsoft.Playwright;
using SlaGovernance.Tests;

namespace SlaGovernance.Browser.Tests;

public sealed class VendorJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage Page { get; set; } = null!;

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Browser is not null, fixture.SkipReason ?? "");
        _context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl });
        Page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
            await _context.DisposeAsync();
    }

    private async Task SignInAsync()
    {
        await Page.GotoAsync("/vendors");
        Assert.Contains("/account/login", Page.Url);
        await Page.GetByLabel("User name").FillAsync("admin");
        await Page.GetByLabel("Password").FillAsync(BrowserFixture.AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.ArrivedAtAsync("**/vendors");
    }

    [SkippableFact]
    public async Task Sign_in_create_a_vendor_see_it_listed_and_sign_out()
    {
        await SignInAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "New vendor" }).ClickAsync();
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Northwind Managed Services");
        await Page.GetByLabel("Risk tier").SelectOptionAsync("Critical");
        await Page.GetByLabel("Contact email").FillAsync("sla@northwind.example");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create vendor" }).ClickAsync();
        await Page.ArrivedAtAsync("**/vendors");

        Assert.Contains("Vendor Northwind Managed Services was created.", await Page.Locator(".flash").InnerTextAsync());
        var row = Page.Locator("#vendors tbody tr", new() { HasText = "Northwind Managed Services" });
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains("Critical", await row.InnerTextAsync());
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "vendors.png"), FullPage = true });

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Page.ArrivedAtAsync("**/account/login");
        await Page.GotoAsync("/vendors");
        Assert.Contains("/account/login", Page.Url);
    }

    [SkippableFact]
    public async Task A_vendor_with_a_bad_email_shows_the_reason_beside_the_field()
    {
        await SignInAsync();
        await Page.GotoAsync("/vendors/new");
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Bad Email Ltd");
        await Page.GetByLabel("Contact email").FillAsync("not-an-address");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create vendor" }).ClickAsync();
        Assert.Contains("'not-an-address' is not a valid email address.", await Page.Locator(".field-validation-error").AllInnerTextsAsync());
        Assert.Equal("Bad Email Ltd", await Page.GetByLabel("Name", new() { Exact = true }).InputValueAsync());
    }
}
