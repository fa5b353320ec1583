using System.Globalization;
using System.IO.Compression;
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
/// Change control in the browser: a drafter opens a major change on an active signed agreement from its page, weakens a target
/// and adds an exclusion in the editor and submits it; Procurement, Legal and two Governance board members read its impact on
/// their task pages and approve; the redline carries the tracked changes. A draft is corrected and withdrawn. A termination
/// requested from the agreement's page is in the change calendar. Each new page is reviewed at 1,280 and 390 px (screenshots,
/// width, axe).
/// </summary>
public sealed class ChangeRequestJourneyTests(AgreementJourneyFixture fixture) : IClassFixture<AgreementJourneyFixture>, IAsyncLifetime
{
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

    private static string Today(int plusDays) => DateTime.UtcNow.AddDays(plusDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The people of one test (named with its suffix) and an Active agreement signed six months ago, owned by the drafter.</summary>
    private async Task<(Guid AgreementId, string Title)> PrepareAsync(string suffix)
    {
        var users = fixture.Services.GetRequiredService<UserAdministration>();
        foreach (var (name, role) in new[]
                 {
                     ("dana", Roles.Procurement), ("paul", Roles.Procurement), ("lena", Roles.Legal), ("bob", Roles.GovernanceBoard), ("bea", Roles.GovernanceBoard),
                 })
        {
            var created = await users.CreateAsync("test", new UserAccountInput(name + suffix, char.ToUpperInvariant(name[0]) + name[1..],
                $"{name}{suffix}@buyer.test", "Europe/London", [role]), $"{name}{suffix}-password-1");
            Assert.True(created.Value is not null, created.Message);
        }
        var vendor = await fixture.Services.GetRequiredService<VendorCommands>().CreateAsync("test",
            new VendorInput($"Hostly GmbH {suffix}", "Hans Host", "sla@hostly.test", "High", null));
        Assert.True(vendor.Value is not null, vendor.Message);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var title = $"Hosting SLA {suffix}";
        var content = AgreementSamples.Hosting(vendor.Value!.Id) with
        {
            Title = title, Owner = "dana" + suffix, TermStart = today.AddMonths(-6), TermEnd = today.AddMonths(18).AddDays(-1),
        };
        var signed = await fixture.Services.GetRequiredService<ImportSignedAgreement>().RunAsync("test", new ImportInput(content, null,
            new SignatureInput(today.AddMonths(-7), "Dana (buyer); Hans Host (Hostly GmbH)", "signed.pdf", "application/pdf",
                System.Text.Encoding.ASCII.GetBytes("%PDF-1.7 signed by both parties"))));
        Assert.True(signed.Value is not null, signed.Message ?? string.Join(" ", signed.Errors?.SelectMany(e => e.Value) ?? []));
        Assert.Equal("Active", signed.Value!.Agreement.Status);
        return (signed.Value.Agreement.Id, title);
    }

    private async Task<IPage> SignInAsync(string user)
    {
        var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/tasks");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync($"{user}-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArrivedAtAsync("**/tasks");
        return page;
    }

    /// <summary>Reloads the inbox until the task is there (the engine opens it a moment after the answer before it) and opens it.</summary>
    private static async Task OpenTaskAsync(IPage page, string title)
    {
        var link = page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true });
        for (var attempt = 0; attempt < 150 && await link.CountAsync() == 0; attempt++)
        {
            await Task.Delay(100);
            await page.GotoAsync("/tasks");
        }
        await link.First.ClickAsync();
        await page.ArrivedAtAsync("**/tasks/*");
    }

    private static async Task ApproveAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
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

    /// <summary>Reviews the page at both widths and leaves it at the desktop width again.</summary>
    private static async Task ReviewAsync(IPage page, string name, List<string> problems)
    {
        problems.AddRange(await page.ReviewAsync(name));
        await page.SetViewportSizeAsync(1280, 900);
    }

    /// <summary>The task page of a change decision names the request and shows the weakened objective, marked so.</summary>
    private static async Task AssertTaskShowsImpactAsync(IPage page, string title)
    {
        Assert.Contains($"CR-1 to {title}: major change", await page.Locator("#change-summary").InnerTextAsync());
        Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = "Open the change request" }).IsVisibleAsync());
        var weakened = page.Locator("#impact-objectives tr.weakened");
        Assert.Equal(1, await weakened.CountAsync());
        var row = await weakened.InnerTextAsync();
        Assert.Contains("Customer portal", row);
        Assert.Contains("Weakened", row);
        Assert.Contains("99.9% → 99.5%", row);
        Assert.Contains("Third party", await page.Locator("#impact-exclusions").InnerTextAsync());
    }

    [SkippableFact]
    public async Task A_major_change_weakening_a_target_and_adding_an_exclusion_is_opened_drafted_submitted_and_approved_by_procurement_legal_and_the_board()
    {
        var (id, title) = await PrepareAsync("m");
        var agreementUrl = $"/agreements/{id}";
        var problems = new List<string>();

        // Dana opens the request from the agreement's page; sent empty, the form lists what is missing and moves focus there.
        var dana = await SignInAsync("danam");
        await dana.GotoAsync(agreementUrl);
        await dana.GetByRole(AriaRole.Link, new() { Name = "Request a change" }).ClickAsync();
        await dana.ArrivedAtAsync($"**/agreements/{id}/changes/new");
        Assert.Contains(title, await dana.Locator("#change-agreement").InnerTextAsync());
        Assert.Contains("Hostly GmbH m", await dana.Locator("#change-agreement").InnerTextAsync());
        await ReviewAsync(dana, "journey-change-new", problems);
        await dana.GetByRole(AriaRole.Button, new() { Name = "Open the change request" }).ClickAsync();
        await dana.Locator("#error-summary").WaitForAsync();
        Assert.Equal("error-summary", await dana.EvaluateAsync<string>("() => document.activeElement.id"));
        var summary = await dana.Locator("#error-summary").InnerTextAsync();
        Assert.Contains("There are 3 problems", summary);
        Assert.Contains("Choose the class of change", summary);
        Assert.Contains("Say why the agreement should change", summary);
        Assert.Contains("Give the day the change takes effect", summary);
        Assert.Contains("Say why the agreement should change", await dana.Locator("#error-reason").InnerTextAsync());
        await ReviewAsync(dana, "journey-change-new-errors", problems);

        await dana.Locator("#class-Major").CheckAsync();
        await dana.GetByLabel("Reason").FillAsync("The vendor moves the portal to a cheaper region and adds third-party CDN outages to its exclusions.");
        await dana.GetByLabel("Effective date").FillAsync(Today(7));
        await dana.GetByRole(AriaRole.Button, new() { Name = "Open the change request" }).ClickAsync();
        await dana.ArrivedAtAsync($"**/agreements/edit/{id}");
        Assert.Contains("CR-1 opened: edit the draft, then submit it", await dana.Locator("#flash").InnerTextAsync());

        // The draft: one objective's target weakened, one exclusion added.
        await dana.Locator("input[name='Input.Slos[0].Target']").FillAsync("99.5");
        await dana.GetByRole(AriaRole.Button, new() { Name = "Add exclusion" }).ClickAsync();
        await dana.Locator("select[name='Input.Exclusions[2].Type']").SelectOptionAsync("ThirdParty");
        await dana.Locator("textarea[name='Input.Exclusions[2].ClauseText']").FillAsync("Outages of the vendor's CDN provider are excluded.");
        await dana.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await dana.ArrivedAtAsync("**" + agreementUrl);
        Assert.Contains("CR-1, major change, being drafted by danam", await dana.Locator("#open-change").InnerTextAsync());

        // The request's page shows the draft's impact as it reads now, and submits it.
        await dana.Locator("#open-change-link").ClickAsync();
        await dana.ArrivedAtAsync("**/changes/*");
        var changeUrl = new Uri(dana.Url).AbsolutePath;
        Assert.Equal($"CR-1 · {title}", await dana.Locator("h1").InnerTextAsync());
        Assert.Equal("Being drafted", await dana.Locator("#change-status").InnerTextAsync());
        Assert.Contains("Customer portal", await dana.Locator("#impact-objectives tr.weakened").InnerTextAsync());
        Assert.Equal(0, await dana.Locator("#class-problems").CountAsync());
        await ReviewAsync(dana, "journey-change-draft", problems);
        await dana.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await dana.ArrivedAtAsync("**" + changeUrl);
        Assert.Contains("CR-1 submitted for approval: 1 objective weakened, 1 exclusion added", await dana.Locator("#flash").InnerTextAsync());
        Assert.Equal("In approval", await dana.Locator("#change-status").InnerTextAsync());
        Assert.Equal(0, await dana.Locator("#change-actions").CountAsync());

        // Procurement, Legal and two board members each read what is being approved on their task, and approve.
        var paul = await SignInAsync("paulm");
        await OpenTaskAsync(paul, "Procurement review of the change");
        await AssertTaskShowsImpactAsync(paul, title);
        await ReviewAsync(paul, "journey-task-change", problems);
        await ApproveAsync(paul);
        var lena = await SignInAsync("lenam");
        await OpenTaskAsync(lena, "Legal review of the change");
        await AssertTaskShowsImpactAsync(lena, title);
        Assert.Contains("weakens a target", await lena.Locator("#route").InnerTextAsync());
        await ApproveAsync(lena);
        foreach (var member in new[] { "bobm", "beam" })
        {
            var board = await SignInAsync(member);
            await OpenTaskAsync(board, "Governance board approval of the change");
            await AssertTaskShowsImpactAsync(board, title);
            await ApproveAsync(board);
        }

        // Approved: the request's page says so, its stages are all done, and the redline holds tracked insertions and deletions.
        Assert.Equal("Approved", (await TextWhenAsync(dana, changeUrl, "#change-status", "Approved")).Trim());
        var stages = await dana.Locator("#approval-progress li.stage").EvaluateAllAsync<string[]>("items => items.map(i => i.classList[1])");
        Assert.Equal(["done", "done", "done"], stages);
        var download = await dana.RunAndWaitForDownloadAsync(() => dana.GetByRole(AriaRole.Link, new() { Name = "Redline (tracked changes)" }).ClickAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename, StringComparison.Ordinal);
        using (var docx = ZipFile.OpenRead(await download.PathAsync()))
        using (var reader = new StreamReader(docx.GetEntry("word/document.xml")!.Open()))
        {
            var document = await reader.ReadToEndAsync();
            Assert.Contains("<w:ins ", document);
            Assert.Contains("<w:del ", document);
        }
        await ReviewAsync(dana, "journey-change-approved", problems);
        var history = await TextWhenAsync(dana, agreementUrl, "#change-history", "Approved");
        Assert.Contains("CR-1", history);
        Assert.Contains("1 objective weakened, 1 exclusion added", history);
        Assert.Equal(0, await dana.Locator("#open-change").CountAsync());

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [SkippableFact]
    public async Task An_emergency_change_is_approved_by_one_board_member_now_and_its_rejection_in_retrospect_opens_a_change_to_revert_it()
    {
        var (id, title) = await PrepareAsync("e");
        var agreementUrl = $"/agreements/{id}";
        var problems = new List<string>();

        // Dana opens an emergency change effective today and weakens the portal's target in the editor.
        var dana = await SignInAsync("danae");
        await dana.GotoAsync(agreementUrl);
        await dana.GetByRole(AriaRole.Link, new() { Name = "Request a change" }).ClickAsync();
        await dana.ArrivedAtAsync($"**/agreements/{id}/changes/new");
        await dana.Locator("#class-Emergency").CheckAsync();
        await dana.GetByLabel("Reason").FillAsync("The primary data centre is flooded; the failover site holds 99.5 % only.");
        await dana.GetByLabel("Effective date").FillAsync(Today(0));
        await dana.GetByRole(AriaRole.Button, new() { Name = "Open the change request" }).ClickAsync();
        await dana.ArrivedAtAsync($"**/agreements/edit/{id}");
        await dana.Locator("input[name='Input.Slos[0].Target']").FillAsync("99.5");
        await dana.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await dana.ArrivedAtAsync("**" + agreementUrl);
        await dana.Locator("#open-change-link").ClickAsync();
        await dana.ArrivedAtAsync("**/changes/*");
        var changeUrl = new Uri(dana.Url).AbsolutePath;
        await dana.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await dana.ArrivedAtAsync("**" + changeUrl);
        Assert.Equal("In approval", await dana.Locator("#change-status").InnerTextAsync());

        // One board member approves it now; the emergency needs a comment saying why.
        var bob = await SignInAsync("bobe");
        await OpenTaskAsync(bob, "Emergency change: approve it now");
        Assert.Contains($"CR-1 to {title}: emergency change", await bob.Locator("#change-summary").InnerTextAsync());
        Assert.Contains("99.9% → 99.5%", await bob.Locator("#impact-objectives tr.weakened").InnerTextAsync());
        await ReviewAsync(bob, "journey-task-emergency", problems);
        await bob.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        var alert = bob.Locator("p.alert[role=alert]");
        await alert.WaitForAsync();
        Assert.Contains("A comment is required to approve", await alert.InnerTextAsync());
        await bob.GetByLabel("Comment").FillAsync("Approved now: customers cannot reach the portal.");
        await ApproveAsync(bob);
        Assert.Equal("Approved", (await TextWhenAsync(dana, changeUrl, "#change-status", "Approved")).Trim());

        // The board reviews it in retrospect and rejects it, with a reason; a change request to revert it is then open.
        var bea = await SignInAsync("beae");
        await OpenTaskAsync(bea, "Review the emergency change in retrospect");
        Assert.Contains($"CR-1 to {title}: emergency change", await bea.Locator("#change-summary").InnerTextAsync());
        await bea.GetByLabel("Comment").FillAsync("The failover should have been tested; revert and renegotiate.");
        await bea.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
        await bea.ArrivedAtAsync("**/tasks");
        var open = await TextWhenAsync(dana, agreementUrl, "#open-change", "CR-2");
        Assert.Contains("CR-2, major change, being drafted by danae", open);
        await dana.Locator("#open-change-link").ClickAsync();
        await dana.ArrivedAtAsync("**/changes/*");
        Assert.Contains("Reverts CR-1", await dana.Locator("#change-reason").InnerTextAsync());
        await ReviewAsync(dana, "journey-change-revert", problems);
        var history = await TextWhenAsync(dana, agreementUrl, "#change-history", "CR-2");
        Assert.Contains("CR-1", history);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [SkippableFact]
    public async Task An_early_termination_requested_from_the_agreement_page_goes_to_approval_and_shows_in_the_change_calendar()
    {
        var (id, title) = await PrepareAsync("t");
        var problems = new List<string>();
        var dana = await SignInAsync("danat");
        // A second tab holds the form from before the termination was requested, so it sends the agreement's second open request.
        var late = await dana.Context.NewPageAsync();
        await late.GotoAsync($"/agreements/{id}/changes/new");
        await dana.GotoAsync($"/agreements/{id}");
        await dana.GetByRole(AriaRole.Link, new() { Name = "Request early termination" }).ClickAsync();
        await dana.ArrivedAtAsync($"**/agreements/{id}/changes/new?class=Termination");
        Assert.True(await dana.Locator("#class-Termination").IsCheckedAsync());
        Assert.Equal("Termination date", await dana.Locator("#label-effective-on").InnerTextAsync());
        await dana.GetByLabel("Reason").FillAsync("The service moves in house at the end of the quarter.");
        await dana.GetByLabel("Termination date").FillAsync(Today(30));
        await dana.GetByRole(AriaRole.Button, new() { Name = "Request the termination" }).ClickAsync();
        await dana.ArrivedAtAsync("**/changes/*");
        Assert.Contains("CR-1 requested", await dana.Locator("#flash").InnerTextAsync());
        Assert.Equal("In approval", await dana.Locator("#change-status").InnerTextAsync());
        Assert.Contains(Today(30), await dana.Locator("#change-effective").InnerTextAsync());
        await ReviewAsync(dana, "journey-change-termination", problems);

        await late.Locator("#class-Standard").CheckAsync();
        await late.GetByLabel("Reason").FillAsync("Add the new data centre to the hosting scope.");
        await late.GetByLabel("Effective date").FillAsync(Today(14));
        var refused = await late.RunAndWaitForResponseAsync(
            () => late.GetByRole(AriaRole.Button, new() { Name = "Open the change request" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        await late.WaitForFunctionAsync("() => document.readyState === 'complete'");
        var conflict = await late.Locator("#open-change").InnerTextAsync();
        Assert.Contains("CR-1 (termination change, in approval, requested by danat) is open on " + title, conflict);
        await late.GetByRole(AriaRole.Link, new() { Name = "View CR-1" }).ClickAsync();
        await late.ArrivedAtAsync("**" + new Uri(dana.Url).AbsolutePath);

        await dana.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Changes" }).ClickAsync();
        await dana.ArrivedAtAsync("**/changes");
        var row = dana.Locator("#change-calendar tbody tr").Filter(new() { HasText = title });
        Assert.Equal(1, await row.CountAsync());
        var text = await row.InnerTextAsync();
        Assert.Contains(Today(30), text);
        Assert.Contains("CR-1", text);
        Assert.Contains("Termination", text);
        Assert.Contains("In approval", text);
        Assert.Contains("danat", text);
        await ReviewAsync(dana, "journey-changes", problems);

        await dana.Locator("#filter-class").SelectOptionAsync("Administrative");
        await dana.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await dana.ArrivedAtAsync("**/changes?**");
        Assert.Equal(0, await dana.Locator("#change-calendar tbody tr").Filter(new() { HasText = title }).CountAsync());
        await dana.Locator("#filter-class").SelectOptionAsync("Termination");
        await dana.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await dana.ArrivedAtAsync("**/changes?**class=Termination");
        Assert.Equal(1, await dana.Locator("#change-calendar tbody tr").Filter(new() { HasText = title }).CountAsync());

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [SkippableFact]
    public async Task A_change_being_drafted_is_corrected_with_its_errors_listed_and_then_withdrawn_behind_a_confirmation()
    {
        var (id, title) = await PrepareAsync("w");
        var opened = await fixture.Services.GetRequiredService<SlaGovernance.Web.Features.Changes.OpenChangeRequest>().RunAsync("danaw", id,
            new SlaGovernance.Web.Features.Changes.ChangeRequestBody
            {
                Class = "Standard", Reason = "Add the new data centre to the hosting scope.", EffectiveOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14),
            });
        Assert.True(opened.Value is not null, opened.Message);
        var changeUrl = $"/changes/{opened.Value!.Request.Id}";
        var dana = await SignInAsync("danaw");
        await dana.GotoAsync(changeUrl);

        // A date in the past is refused by its field, listed at the top, and what was typed stays.
        await dana.GetByText("Correct the class, reason or date").ClickAsync();
        var correct = dana.Locator("#correct-form");
        await correct.Locator("#class-Major").CheckAsync();
        await correct.GetByLabel("Effective date").FillAsync(Today(-3));
        var refused = await dana.RunAndWaitForResponseAsync(
            () => correct.GetByRole(AriaRole.Button, new() { Name = "Save the correction" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await dana.WaitForFunctionAsync("() => document.readyState === 'complete'");
        Assert.Equal("error-summary", await dana.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Contains($"{Today(-3)} has passed", await dana.Locator("#error-summary").InnerTextAsync());
        Assert.Contains("has passed", await dana.Locator("#error-effectiveOn").InnerTextAsync());
        Assert.True(await dana.Locator("#correct").GetAttributeAsync("open") is not null);
        Assert.True(await dana.Locator("#correct-form #class-Major").IsCheckedAsync());
        await dana.Locator("#error-summary a").ClickAsync();
        Assert.Equal("Input_EffectiveOn", await dana.EvaluateAsync<string>("() => document.activeElement.id"));

        await dana.Locator("#correct-form").GetByLabel("Effective date").FillAsync(Today(21));
        await dana.Locator("#correct-form").GetByRole(AriaRole.Button, new() { Name = "Save the correction" }).ClickAsync();
        await dana.ArrivedAtAsync("**" + changeUrl);
        Assert.Contains($"CR-1 corrected: major change, effective {Today(21)}", await dana.Locator("#flash").InnerTextAsync());
        Assert.Equal("Major", await dana.Locator("#change-class").InnerTextAsync());
        // The draft changes nothing yet, and the page says so before it is submitted.
        Assert.Contains("reads the same as the governing one", await dana.Locator("#class-problems").InnerTextAsync());

        // Withdrawing asks first, then frees the agreement.
        var withdraw = dana.GetByRole(AriaRole.Button, new() { Name = "Yes, withdraw CR-1" });
        Assert.False(await withdraw.IsVisibleAsync());
        await dana.GetByText("Withdraw…").ClickAsync();
        await withdraw.ClickAsync();
        await dana.ArrivedAtAsync("**" + changeUrl);
        Assert.Contains("CR-1 withdrawn", await dana.Locator("#flash").InnerTextAsync());
        Assert.Equal("Withdrawn", await dana.Locator("#change-status").InnerTextAsync());
        Assert.Equal(0, await dana.Locator("#change-actions").CountAsync());
        await dana.GotoAsync($"/agreements/{id}");
        Assert.Equal(0, await dana.Locator("#open-change").CountAsync());
        Assert.Contains("Withdrawn", await dana.Locator("#change-history").InnerTextAsync());
        Assert.True(await dana.GetByRole(AriaRole.Link, new() { Name = "Request a change" }).IsVisibleAsync(), $"{title} offers no new change request");
    }
}
