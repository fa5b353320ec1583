using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Browser.Tests;

/// <summary>
/// A drafter, two procurement approvers' worth of rounds, Legal, Finance and two board members, at a desktop's width and a
/// phone's: the draft goes out, Legal requests changes, the drafter revises and resubmits, and every routed stage approves.
/// Each reads what they need where they look: the agreement in their inbox, why their stage was routed, the comment banner,
/// the progress. Screenshots of each page are saved under the test output's screenshots folder.
/// </summary>
public sealed class AttentionJourneyTests(AgreementJourneyFixture fixture) : IClassFixture<AgreementJourneyFixture>, IAsyncLifetime
{
    private const string Comment = "Name the third parties the force majeure exclusion covers.";

    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Browser is not null, fixture.SkipReason ?? "");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
            await context.DisposeAsync();
    }

    private async Task<(Guid AgreementId, string Title)> PrepareAsync(string suffix)
    {
        var users = fixture.Services.GetRequiredService<UserAdministration>();
        foreach (var (name, role) in new[]
                 {
                     ("dora", Roles.Procurement), ("pete", Roles.Procurement), ("lara", Roles.Legal), ("fiona", Roles.Finance),
                     ("bob", Roles.GovernanceBoard), ("bea", Roles.GovernanceBoard),
                 })
        {
            var created = await users.CreateAsync("test", new UserAccountInput(name + suffix, char.ToUpperInvariant(name[0]) + name[1..], $"{name}{suffix}@buyer.test",
                "Europe/London", [role]), $"{name}{suffix}-password-1");
            Assert.True(created.Value is not null, created.Message);
        }
        var vendor = await fixture.Services.GetRequiredService<VendorCommands>().CreateAsync("test",
            new VendorInput($"Critical Cloud {suffix}", "Cleo Cloud", "sla@critical.test", "Critical", null));
        var title = $"Cloud hosting SLA {suffix}";
        var draft = await fixture.Services.GetRequiredService<DraftAgreement>().RunAsync("dora" + suffix,
            AgreementSamples.Hosting(vendor.Value!.Id) with { Title = title, Owner = "dora" + suffix });
        Assert.True(draft.Value is not null, draft.Message);
        return (draft.Value!.Agreement.Id, title);
    }

    private async Task<IPage> SignInAsync(string user, int width)
    {
        var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = width > 800 ? 900 : 844 },
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/tasks");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync($"{user}-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArrivedAtAsync("**/tasks");
        return page;
    }

    private static async Task SnapAsync(IPage page, string name, int width)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
    }

    /// <summary>Nothing in the page's main content reaches past the viewport, except inside a table that scrolls in its own box.</summary>
    private static async Task AssertFitsAsync(IPage page) =>
        Assert.Equal("", await page.EvaluateAsync<string>("""
            () => Array.from(document.querySelectorAll('main *'))
                .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 1)
                .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).slice(0, 5).join(', ')
            """));

    /// <summary>Reloads the inbox until the task is there (the engine opens it a moment after the answer before it); returns its row.</summary>
    private static async Task<ILocator> InboxRowAsync(IPage page, string title)
    {
        var row = page.Locator("#tasks tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }) });
        for (var attempt = 0; attempt < 150 && await row.CountAsync() == 0; attempt++)
        {
            await Task.Delay(100);
            await page.GotoAsync("/tasks");
        }
        return row.First;
    }

    private static async Task OpenTaskAsync(IPage page, string title)
    {
        await (await InboxRowAsync(page, title)).GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await page.ArrivedAtAsync("**/tasks/*");
    }

    private static async Task DecideAsync(IPage page, string decision, string? comment = null)
    {
        if (comment is not null)
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Comment" }).FillAsync(comment);
        await page.GetByRole(AriaRole.Button, new() { Name = decision, Exact = true }).ClickAsync();
        await page.ArrivedAtAsync("**/tasks");
    }

    private static async Task<string> TextWhenAsync(IPage page, string url, string selector, string expected)
    {
        var text = "";
        for (var attempt = 0; attempt < 150; attempt++)
        {
            await page.GotoAsync(url);
            var element = page.Locator(selector);
            text = await element.CountAsync() > 0 ? await element.First.InnerTextAsync() : "";
            if (text.Contains(expected, StringComparison.Ordinal))
                break;
            await Task.Delay(100);
        }
        return text;
    }

    [SkippableTheory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_draft_sent_back_by_legal_is_revised_and_approved_by_every_routed_stage_and_each_person_reads_why(int width)
    {
        var suffix = width.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (id, title) = await PrepareAsync(suffix);
        var agreementUrl = $"/agreements/{id}";

        var dora = await SignInAsync("dora" + suffix, width);
        await dora.GotoAsync(agreementUrl);
        await dora.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await dora.ArrivedAtAsync("**" + agreementUrl);

        // Procurement reads the agreement, its vendor and value in the inbox, and what it approves on the task.
        var pete = await SignInAsync("pete" + suffix, width);
        var row = await InboxRowAsync(pete, "Procurement approval");
        var rowText = await row.InnerTextAsync();
        Assert.Contains($"{title} · Critical Cloud {suffix} · 150,000 EUR a year", rowText);
        Assert.Contains("stage 1 of 4 routed", rowText);
        await AssertFitsAsync(pete);
        await SnapAsync(pete, "inbox", width);
        await OpenTaskAsync(pete, "Procurement approval");
        var summary = await pete.Locator("#approval-summary").InnerTextAsync();
        Assert.Contains("Force majeure", summary);
        Assert.Contains("Cap 30 % of the monthly fee", summary);
        await AssertFitsAsync(pete);
        await SnapAsync(pete, "task-procurement", width);
        await DecideAsync(pete, "Approve");

        // Legal reads why the draft came to it and sends it back; a decision needs its comment.
        var lara = await SignInAsync("lara" + suffix, width);
        await OpenTaskAsync(lara, "Legal review of exclusions and clauses");
        var route = await lara.Locator("#route").InnerTextAsync();
        Assert.Contains("Stage 2 of 4 routed", route);
        Assert.Contains("exclusions or non-standard clauses", route);
        await lara.GetByRole(AriaRole.Button, new() { Name = "Request changes", Exact = true }).ClickAsync();
        Assert.Contains("comment is required", await lara.Locator(".alert").InnerTextAsync(), StringComparison.Ordinal);
        await DecideAsync(lara, "Request changes", Comment);

        // The drafter finds the draft returned on her start page, the comment banner and the progress on the agreement.
        var home = await TextWhenAsync(dora, "/", "#attention-returned-drafts", Comment);
        Assert.Contains(title, home);
        Assert.Contains("Revise draft", await dora.Locator("#attention-tasks").InnerTextAsync());
        await AssertFitsAsync(dora);
        await SnapAsync(dora, "home-returned", width);
        var banner = await TextWhenAsync(dora, agreementUrl, "#changes-requested", Comment);
        Assert.Contains("lara" + suffix, banner);
        var progress = await dora.Locator("#approval-progress").InnerTextAsync();
        Assert.Contains("Stage 2 of 4: Legal review of exclusions and clauses", progress);
        Assert.Equal(["done", "decided", "not-reached", "not-reached"], await StagesAsync(dora));
        await SnapAsync(dora, "agreement-changes-requested", width);
        await OpenTaskAsync(dora, "Revise draft");
        Assert.Contains(Comment, await dora.Locator("#task-note").InnerTextAsync());
        await SnapAsync(dora, "task-revise", width);

        // She resubmits: the revise task closes, and round 2 goes through every routed stage.
        await dora.GotoAsync(agreementUrl);
        await dora.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await dora.ArrivedAtAsync("**" + agreementUrl);
        await dora.GotoAsync("/tasks");
        Assert.Equal(0, await dora.GetByRole(AriaRole.Link, new() { Name = "Revise draft", Exact = true }).CountAsync());

        await OpenTaskAsync(pete, "Procurement approval");
        await DecideAsync(pete, "Approve");
        await OpenTaskAsync(lara, "Legal review of exclusions and clauses");
        await DecideAsync(lara, "Approve");
        var fiona = await SignInAsync("fiona" + suffix, width);
        await OpenTaskAsync(fiona, "Finance approval of the spend");
        Assert.Contains("above 100,000", await fiona.Locator("#route").InnerTextAsync());
        await DecideAsync(fiona, "Approve");
        var bob = await SignInAsync("bob" + suffix, width);
        await OpenTaskAsync(bob, "Governance board approval");
        var board = await bob.Locator("#route").InnerTextAsync();
        Assert.Contains("Stage 4 of 4 routed", board);
        Assert.Contains("vote 1 of quorum 2", board);
        Assert.Contains("two members of the Governance board", board);
        await SnapAsync(bob, "task-board", width);
        await DecideAsync(bob, "Approve");
        var bea = await SignInAsync("bea" + suffix, width);
        await OpenTaskAsync(bea, "Governance board approval");
        Assert.Contains("vote 2 of quorum 2", await bea.Locator("#route").InnerTextAsync());
        await DecideAsync(bea, "Approve");

        Assert.Equal("Approved (not signed)", (await TextWhenAsync(dora, agreementUrl, "#status", "Approved (not signed)")).Trim());
        Assert.Equal(["done", "done", "done", "done"], await StagesAsync(dora));
        Assert.Equal(0, await dora.Locator("#changes-requested").CountAsync());
        await SnapAsync(dora, "agreement-approved", width);
    }

    private static async Task<IReadOnlyList<string>> StagesAsync(IPage page) =>
        [.. (await page.Locator("#approval-progress li.stage").EvaluateAllAsync<string[]>("items => items.map(i => i.classList[1])"))];
}
