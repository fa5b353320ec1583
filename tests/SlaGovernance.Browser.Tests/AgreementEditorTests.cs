using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SlaGovernance.Tests;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features.Vendors;

namespace SlaGovernance.Browser.Tests;

/// <summary>The editor in a browser with JavaScript: rows come and go in place, and problems are listed at the top with links to their fields.</summary>
public sealed class AgreementEditorTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage Page { get; set; } = null!;

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Browser is not null, fixture.SkipReason ?? "");
        _context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl });
        Page = await _context.NewPageAsync();
        await Page.GotoAsync("/account/login");
        await Page.GetByLabel("User name").FillAsync("admin");
        await Page.GetByLabel("Password").FillAsync(BrowserFixture.AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.ArrivedAtAsync("**/");
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
            await _context.DisposeAsync();
    }

    [SkippableFact]
    public async Task Rows_are_added_and_removed_without_a_reload_and_the_place_is_kept()
    {
        await Page.GotoAsync("/agreements/edit");
        await Page.GetByLabel("Title").FillAsync("Rows in place");
        // A marker on the window survives only if the page is not loaded again.
        await Page.EvaluateAsync("() => window.stillHere = true");

        var addExclusion = Page.GetByRole(AriaRole.Button, new() { Name = "Add exclusion" });
        await addExclusion.ScrollIntoViewIfNeededAsync();
        var scrolled = await Page.EvaluateAsync<double>("() => window.scrollY");
        await addExclusion.ClickAsync();
        await addExclusion.ClickAsync();
        Assert.True(await Page.EvaluateAsync<bool>("() => window.stillHere === true"), "adding a row loaded the page again");
        Assert.Equal(2, await Page.Locator("#exclusions > fieldset").CountAsync());
        Assert.Equal("Input.Exclusions[1].Type", await Page.EvaluateAsync<string>("() => document.activeElement.name"));
        Assert.True(await Page.EvaluateAsync<double>("() => window.scrollY") >= scrolled - 1, "the page jumped back up");

        await Page.Locator("textarea[name='Input.Exclusions[0].ClauseText']").FillAsync("First exclusion.");
        await Page.Locator("textarea[name='Input.Exclusions[1].ClauseText']").FillAsync("Second exclusion.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Remove exclusion 1" }).ClickAsync();
        Assert.Equal(1, await Page.Locator("#exclusions > fieldset").CountAsync());
        Assert.Equal("Second exclusion.", await Page.Locator("textarea[name='Input.Exclusions[0].ClauseText']").InputValueAsync());
        Assert.Equal("Exclusion 1", (await Page.Locator("#exclusions > fieldset legend").InnerTextAsync()).Trim());

        await Page.GetByRole(AriaRole.Button, new() { Name = "Add objective" }).ClickAsync();
        var second = Page.Locator("#slo-1");
        Assert.False(await second.Locator("input[name='Input.Slos[1].PriorityTargets']").IsVisibleAsync());
        await second.Locator("select[name='Input.Slos[1].Metric']").SelectOptionAsync("ResponseTime");
        Assert.True(await second.Locator("input[name='Input.Slos[1].PriorityTargets']").IsVisibleAsync());
        Assert.Equal("Rows in place", await Page.GetByLabel("Title").InputValueAsync());
        Assert.True(await Page.EvaluateAsync<bool>("() => window.stillHere === true"));
    }

    [SkippableFact]
    public async Task The_error_summary_lists_the_problems_takes_focus_and_links_to_each_field()
    {
        await fixture.Services.GetRequiredService<VendorCommands>().CreateAsync("test",
            new VendorInput("Summary Vendor " + Guid.NewGuid().ToString("N")[..6], null, null, "Low", null));
        await Page.GotoAsync("/agreements/edit");
        await Page.GetByLabel("Title").FillAsync("Problems listed");
        await Page.Locator("input[name='Input.Slos[0].Service']").FillAsync("Portal");
        await Page.Locator("input[name='Input.Slos[0].Target']").FillAsync("150");
        await Page.Locator("textarea[name='Input.Assumptions']").EvaluateAsync("(area, text) => { area.removeAttribute('maxlength'); area.value = text; }",
            new string('a', 108_000));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

        var summary = Page.Locator("#error-summary");
        await summary.WaitForAsync();
        Assert.Equal("error-summary", await Page.EvaluateAsync<string>("() => document.activeElement.id"));
        var problems = await summary.Locator("li").AllInnerTextsAsync();
        Assert.Contains(problems, p => p.Contains("at most 100", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Assumptions: 108,000 characters, over the limit of 4,000", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("names its vendor", StringComparison.Ordinal));

        await summary.GetByRole(AriaRole.Link, new() { Name = "The target is a percentage above 0 and at most 100." }).ClickAsync();
        Assert.Equal("Input.Slos[0].Target", await Page.EvaluateAsync<string>("() => document.activeElement.name"));
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PageReview.ScreenshotFolder, "agreement-errors-1280.png") });
        Assert.Equal(AgreementLimit, await Page.Locator("textarea[name='Input.Assumptions']").GetAttributeAsync("maxlength"));
    }

    private static readonly string AgreementLimit = SlaGovernance.Domain.Agreements.AgreementRules.MaxAssumptions.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
