using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Changes;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Browser.Tests;

/// <summary>
/// Every page at 1,280 and 390 px: none wider than its viewport, even with a 300-character unbroken title and a clause of
/// one endless word; no serious or critical accessibility violation; a screenshot of each for a reviewer. The header holds
/// every role's menu and its "Sign out" at 1,280 px, and folds behind a Menu button on a phone.
/// </summary>
public sealed class PageLayoutTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    /// <summary>300 characters without a space, as a title copied from a file name might be.</summary>
    private static readonly string UnbrokenTitle = string.Concat(Enumerable.Repeat("ManagedHostingServiceLevelAgreement", 9))[..AgreementRules.MaxTitle];

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

    private async Task<IPage> SignInAsync(string user, string password)
    {
        var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArrivedAtAsync("**/");
        return page;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 7)];

    /// <summary>
    /// A vendor, a draft and three signed, running agreements, each titled with 300 unbroken characters and with an exclusion of one
    /// long word; on the first a change request in approval, on the second one being drafted, each weakening a target and adding
    /// an exclusion of one long word.
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        var services = fixture.Services;
        var vendor = await services.GetRequiredService<VendorCommands>().CreateAsync("test",
            new VendorInput(Unique("Longname Hosting GmbH"), "Hans Host", "sla@longname.test", "High", null));
        Assert.True(vendor.Value is not null, vendor.Message);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var content = AgreementSamples.Hosting(vendor.Value!.Id) with
        {
            Title = UnbrokenTitle,
            Exclusions = [new Exclusion(ExclusionType.ThirdParty, "Outages of " + new string('x', 5_000) + " are excluded.")],
        };
        var draft = await services.GetRequiredService<DraftAgreement>().RunAsync("admin", content);
        Assert.True(draft.Value is not null, draft.Message);
        async Task<Guid> SignedAsync()
        {
            var signed = await services.GetRequiredService<ImportSignedAgreement>().RunAsync("admin", new ImportInput(
                content with { TermStart = today.AddMonths(-6), TermEnd = today.AddMonths(6).AddDays(-1) }, null,
                new SignatureInput(today.AddMonths(-7), "Ada Admin (buyer); Hans Host (Longname Hosting GmbH)", "signed.pdf", "application/pdf",
                    System.Text.Encoding.ASCII.GetBytes("%PDF-1.7 signed by both parties"))));
            Assert.True(signed.Value is not null, signed.Message ?? string.Join(" ", signed.Errors?.SelectMany(e => e.Value) ?? []));
            return signed.Value!.Agreement.Id;
        }
        var (first, second, third) = (await SignedAsync(), await SignedAsync(), await SignedAsync());
        var submitted = await ChangeAsync(first);
        var submit = await services.GetRequiredService<SubmitChangeRequest>().RunAsync("admin", submitted);
        Assert.True(submit.Status == CommandStatus.Ok, submit.Message ?? string.Join(" ", submit.Errors?.SelectMany(e => e.Value) ?? []));
        return new Seeded(vendor.Value.Id, draft.Value!.Agreement.Id, first, third, second, submitted, await ChangeAsync(second));
    }

    /// <summary>
    /// What the review visits: the vendor, a draft, signed agreements (one with a change request in approval, one with none, one
    /// with one being drafted) and the two change requests.
    /// </summary>
    private sealed record Seeded(Guid Vendor, Guid Draft, Guid Signed, Guid Unchanged, Guid Changing, Guid Submitted, Guid Drafted);

    /// <summary>Opens a major change on the agreement and drafts it: the first objective's target weakened, an exclusion of one long word added.</summary>
    private async Task<Guid> ChangeAsync(Guid agreementId)
    {
        var services = fixture.Services;
        var opened = await services.GetRequiredService<OpenChangeRequest>().RunAsync("admin", agreementId, new ChangeRequestBody
        {
            Class = "Major", Reason = "Moves the portal to " + new string('y', 400) + " and excludes its outages.",
            EffectiveOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7),
        });
        Assert.True(opened.Status == CommandStatus.Ok, opened.Message ?? string.Join(" ", opened.Errors?.SelectMany(e => e.Value) ?? []));
        var agreement = opened.Value!.Agreement;
        var content = (await services.GetRequiredService<AgreementStore>().GetVersionAsync(agreementId, agreement.CurrentVersion))!.Parsed;
        var changed = content with
        {
            Slos = [content.Slos[0] with { Target = 99.5m }, .. content.Slos.Skip(1)],
            Exclusions = [.. content.Exclusions ?? [], new Exclusion(ExclusionType.Other, "Outages of " + new string('z', 3_000) + " are excluded.")],
        };
        var saved = await services.GetRequiredService<SaveDraft>().RunAsync("admin", agreementId, changed, agreement.Version);
        Assert.True(saved.Status == CommandStatus.Ok, saved.Message ?? string.Join(" ", saved.Errors?.SelectMany(e => e.Value) ?? []));
        return opened.Value.Request.Id;
    }

    [SkippableFact]
    public async Task Every_page_fits_its_viewport_at_1280_and_390_px_with_a_300_character_unbroken_title_and_has_no_serious_accessibility_violation()
    {
        var (vendor, draft, signed, unchanged, changing, submitted, drafted) = await SeedAsync();
        var problems = new List<string>();

        var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl });
        _contexts.Add(context);
        var signedOut = await context.NewPageAsync();
        await signedOut.GotoAsync("/account/login");
        problems.AddRange(await signedOut.ReviewAsync("login"));

        var admin = await SignInAsync("admin", BrowserFixture.AdminPassword);
        var assessment = await fixture.Services.GetRequiredService<SlaGovernance.Web.Features.Assessments.StartVendorAssessment>().StartAsync("admin", vendor,
            SlaGovernance.Domain.Vendors.AssessmentCause.ByHand, null, new SlaGovernance.Domain.Vendors.CriticalityFactorsInput(4, 5, 3, 4, 2));
        Assert.True(assessment.Status == CommandStatus.Ok, assessment.Message ?? string.Join(" ", assessment.Errors?.SelectMany(e => e.Value) ?? []));
        var pages = new (string Name, string Url)[]
        {
            ("home", "/"), ("tasks", "/tasks"), ("agreements", "/agreements"), ("agreement-new", "/agreements/edit"),
            ("agreement-edit", $"/agreements/edit/{draft}"), ("agreement-draft", $"/agreements/{draft}"), ("agreement-signed", $"/agreements/{signed}"),
            ("agreement-compliance", $"/agreements/{signed}/compliance"), ("agreement-data", $"/agreements/{signed}/data"),
            ("agreement-import", "/agreements/import"), ("contract-template", "/contract-template"), ("vendors", "/vendors"),
            ("vendor-new", "/vendors/new"), ("vendor", $"/vendors/{vendor}"), ("vendor-edit", $"/vendors/{vendor}/edit"),
            ("vendor-scorecard", $"/vendors/{vendor}/scorecard"), ("vendor-concentration", "/vendors/concentration"),
            ("clauses", "/clauses"), ("renewals", "/renewals"), ("audit", "/audit"), ("users", "/admin/users"), ("user-new", "/admin/users/new"),
            ("api-tokens", "/admin/tokens"), ("emails", "/admin/emails"), ("workflows", "/admin/workflows"), ("calendars", "/admin/calendars"),
            ("calendar-new", "/admin/calendars/new"), ("budget-calendar", "/admin/budget-calendar"), ("profile", "/account/profile"),
            ("my-tokens", "/account/tokens"), ("changes", "/changes"), ("claims", "/claims"), ("change-submitted", $"/changes/{submitted}"),
            ("assessments", "/assessments"), ("assessment", $"/assessments/{assessment.Value!.Id}"),
            ("change-drafted", $"/changes/{drafted}"), ("change-new", $"/agreements/{unchanged}/changes/new"),
            ("change-new-blocked", $"/agreements/{changing}/changes/new"), ("change-new-termination", $"/agreements/{unchanged}/changes/new?class=Termination"),
            ("agreement-exit", $"/agreements/{signed}/exit"), ("exit-plans", "/exit-plans"),
        };
        foreach (var (name, url) in pages)
        {
            var response = await admin.GotoAsync(url);
            Assert.True(response is { Ok: true }, $"{url} answered {response?.Status}");
            problems.AddRange(await admin.ReviewAsync(name));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(File.Exists(Path.Combine(PageReview.ScreenshotFolder, "agreement-signed-390.png")));
    }

    [SkippableFact]
    public async Task The_header_holds_every_roles_menu_and_sign_out_at_1280_px_and_folds_behind_a_menu_button_at_390_px()
    {
        var users = fixture.Services.GetRequiredService<UserAdministration>();
        foreach (var role in Roles.All)
        {
            var name = Unique(role.ToLowerInvariant());
            if (role != Roles.Admin)
            {
                var created = await users.CreateAsync("test", new UserAccountInput(name, $"A {Roles.Label(role)} with a longer display name",
                    $"{name}@buyer.test", "Europe/London", [role]), $"{name}-password-1");
                Assert.True(created.Value is not null, created.Message);
            }
            var page = role == Roles.Admin ? await SignInAsync("admin", BrowserFixture.AdminPassword) : await SignInAsync(name, $"{name}-password-1");
            await page.SetViewportSizeAsync(1280, 800);
            var signOut = page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
            Assert.True(await signOut.IsVisibleAsync(), $"{role}: Sign out is hidden at 1280 px");
            var box = (await signOut.BoundingBoxAsync())!;
            Assert.True(box.X + box.Width <= 1280, $"{role}: Sign out ends at {box.X + box.Width} px, beyond 1280 px");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{role}: the page is wider than 1280 px");
            Assert.False(await page.GetByText("Menu", new() { Exact = true }).IsVisibleAsync());

            await page.SetViewportSizeAsync(390, 800);
            var agreements = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Agreements" });
            Assert.False(await agreements.IsVisibleAsync(), $"{role}: the menu is open at 390 px before it is asked for");
            await page.GetByText("Menu", new() { Exact = true }).ClickAsync();
            Assert.True(await agreements.IsVisibleAsync(), $"{role}: the menu did not open");
            Assert.True(await signOut.IsVisibleAsync(), $"{role}: Sign out is not in the opened menu");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{role}: the page is wider than 390 px");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PageReview.ScreenshotFolder, $"menu-{role}-390.png") });
        }
    }

    [SkippableFact]
    public async Task The_skip_link_is_the_first_stop_and_moves_past_the_menu()
    {
        var page = await SignInAsync("admin", BrowserFixture.AdminPassword);
        await page.GotoAsync("/agreements");
        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        Assert.True(await skip.IsVisibleAsync(), "the skip link does not show when focused");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        var outline = await page.EvaluateAsync<string>("() => { const a = document.querySelector('main a'); a.focus(); return getComputedStyle(a).outlineStyle; }");
        Assert.NotEqual("none", outline);
    }
}
