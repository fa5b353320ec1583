using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Tests;
using SlaGovernance.Web.Identity;
using SlaGovernance.Web.Features.Vendors;

namespace SlaGovernance.Browser.Tests;

/// <summary>
/// Three people in three browsers: a drafter, a procurement approver and a legal approver take an SLA through a
/// request-changes round to approval, and each finds the emails meant for them on the SMTP server.
/// </summary>
public sealed class AgreementApprovalJourneyTests(AgreementJourneyFixture fixture) : IClassFixture<AgreementJourneyFixture>, IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Browser is not null, fixture.SkipReason ?? "");
        var users = fixture.Services.GetRequiredService<UserAdministration>();
        foreach (var (name, role) in new[] { ("dana", Roles.Procurement), ("paul", Roles.Procurement), ("lena", Roles.Legal) })
        {
            var created = await users.CreateAsync("test", new UserAccountInput(name, char.ToUpperInvariant(name[0]) + name[1..], $"{name}@buyer.test",
                "Europe/London", [role]), $"{name}-password-1");
            Assert.True(created.Value is not null, created.Message);
        }
        await fixture.Services.GetRequiredService<VendorCommands>().CreateAsync("test",
            new VendorInput("Hostly GmbH", "Hans Host", "sla@hostly.test", "High", null));
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
            await context.DisposeAsync();
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
        for (var attempt = 0; attempt < 100 && await link.CountAsync() == 0; attempt++)
        {
            await Task.Delay(100);
            await page.GotoAsync("/tasks");
        }
        await link.First.ClickAsync();
        await page.ArrivedAtAsync("**/tasks/*");
    }

    /// <summary>Presses the decision's button (its label, such as "Request changes"), with the comment filled in first when given.</summary>
    private static async Task DecideAsync(IPage page, string decision, string? comment = null, bool refused = false)
    {
        if (comment is not null)
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Comment" }).FillAsync(comment);
        await page.GetByRole(AriaRole.Button, new() { Name = decision, Exact = true }).ClickAsync();
        if (refused)
            await page.Locator(".alert").WaitForAsync();
        else
            await page.ArrivedAtAsync("**/tasks");
    }

    private static async Task<string> StatusAsync(IPage page, string url, string expected)
    {
        var status = "";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await page.GotoAsync(url);
            status = await page.Locator("#status").InnerTextAsync();
            if (status == expected)
                break;
            await Task.Delay(100);
        }
        return status;
    }

    private async Task<IReadOnlyList<MimeMessage>> MailAsync(Func<IReadOnlyList<MimeMessage>, bool> enough)
    {
        for (var attempt = 0; attempt < 100 && !enough(fixture.Smtp.Received.ToList()); attempt++)
            await Task.Delay(100);
        return fixture.Smtp.Received.ToList();
    }

    private static IEnumerable<string> SubjectsTo(IEnumerable<MimeMessage> mail, string address) =>
        mail.Where(m => m.To.Mailboxes.Any(a => a.Address == address)).Select(m => m.Subject ?? "");

    [SkippableFact]
    public async Task A_drafter_and_two_approvers_take_an_sla_through_a_request_changes_round_to_approval_and_get_their_emails()
    {
        // Dana drafts: one exclusion sends it to Legal as well as Procurement; the value stays under Finance's threshold.
        var dana = await SignInAsync("dana");
        await dana.GotoAsync("/agreements/edit");
        await dana.GetByLabel("Title").FillAsync("Hosting SLA with Hostly");
        await dana.Locator("select[name='Input.VendorId']").SelectOptionAsync(new SelectOptionValue { Label = "Hostly GmbH (High)" });
        await dana.GetByLabel("Term start").FillAsync("2027-01-01");
        await dana.GetByLabel("Term end").FillAsync("2028-12-31");
        await dana.GetByLabel("Monthly fee").FillAsync("4000");
        await dana.GetByLabel("Currency").FillAsync("EUR");
        await dana.GetByLabel("Annual value").FillAsync("48000");
        await dana.GetByLabel("Time zone (IANA)").FillAsync("Europe/Berlin");
        await dana.Locator("input[name='Input.Slos[0].Service']").FillAsync("Hosting platform");
        await dana.Locator("input[name='Input.Slos[0].Target']").FillAsync("99.9");
        await dana.Locator("input[name='Input.Slos[0].DataSource']").FillAsync("Monitoring system");
        await dana.Locator("input[name='Input.Tiers[0].BelowAttainment']").FillAsync("99.9");
        await dana.Locator("input[name='Input.Tiers[0].CreditPercent']").FillAsync("5");
        await dana.Locator("input[name='Input.CapPercent']").FillAsync("20");
        await dana.GetByRole(AriaRole.Button, new() { Name = "Add exclusion" }).ClickAsync();
        await dana.Locator("select[name='Input.Exclusions[0].Type']").SelectOptionAsync("ForceMajeure");
        await dana.Locator("textarea[name='Input.Exclusions[0].ClauseText']").FillAsync("Events beyond either party's control.");
        Assert.Equal("Hosting SLA with Hostly", await dana.GetByLabel("Title").InputValueAsync());
        Assert.False(await dana.Locator("input[name='Input.Slos[0].PriorityTargets']").IsVisibleAsync());
        await dana.Locator("select[name='Input.Slos[0].Metric']").SelectOptionAsync("ResponseTime");
        Assert.True(await dana.Locator("input[name='Input.Slos[0].PriorityTargets']").IsVisibleAsync());
        await dana.Locator("select[name='Input.Slos[0].Metric']").SelectOptionAsync("Availability");
        await dana.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await dana.ArrivedAtAsync("**/agreements/*-*");
        var agreementUrl = new Uri(dana.Url).AbsolutePath;
        await dana.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        Assert.Equal("In approval", await StatusAsync(dana, agreementUrl, "In approval"));

        // Paul (Procurement) sends it back with a reason.
        var paul = await SignInAsync("paul");
        await OpenTaskAsync(paul, "Procurement approval");
        await DecideAsync(paul, "Request changes", refused: true);
        Assert.Contains("comment is required", await paul.Locator(".alert").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await DecideAsync(paul, "Request changes", "Lower the monthly fee to 3,800 EUR.");

        // Dana reads the reason in the email of her task to revise the draft, changes the fee and resubmits: round 2.
        var mail = await MailAsync(m => SubjectsTo(m, "dana@buyer.test").Any(s => s == "Task for you: Revise draft"));
        Assert.Contains("Lower the monthly fee to 3,800 EUR.", mail.Single(m => m.Subject == "Task for you: Revise draft").TextBody ?? "");
        Assert.Equal("Changes requested", await StatusAsync(dana, agreementUrl, "Changes requested"));
        await dana.GotoAsync(agreementUrl);
        await dana.GetByRole(AriaRole.Link, new() { Name = "Edit draft" }).ClickAsync();
        await dana.GetByLabel("Monthly fee").FillAsync("3800");
        await dana.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await dana.ArrivedAtAsync("**" + agreementUrl);
        await dana.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();

        // Paul sees what changed since round 1 and approves; Lena (Legal) approves the exclusion.
        await OpenTaskAsync(paul, "Procurement approval");
        var changes = await paul.Locator("#changes").InnerTextAsync();
        Assert.Contains("compared with round 1 of version 1", changes);
        Assert.Contains("monthlyFee", changes);
        await DecideAsync(paul, "Approve");
        var lena = await SignInAsync("lena");
        await OpenTaskAsync(lena, "Legal review of exclusions and clauses");
        await DecideAsync(lena, "Approve");

        Assert.Equal("Approved (not signed)", await StatusAsync(dana, agreementUrl, "Approved (not signed)"));
        // The approved version is frozen (no edit link) and its Word contract is there to download.
        Assert.Equal(0, await dana.GetByRole(AriaRole.Link, new() { Name = "Edit draft" }).CountAsync());
        var contract = dana.GetByRole(AriaRole.Link, new() { Name = "Contract", Exact = true });
        for (var attempt = 0; attempt < 100 && await contract.CountAsync() == 0; attempt++)
        {
            await Task.Delay(100);
            await dana.GotoAsync(agreementUrl);
        }
        var download = await dana.RunAndWaitForDownloadAsync(() => contract.First.ClickAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename);

        // Signed by both parties: Dana records it with the signed copy; the term starts in 2027, so it is signed, not yet active.
        var signature = dana.Locator("#signature");
        await signature.GetByLabel("Signed copy").SetInputFilesAsync(new FilePayload
        {
            Name = "signed.pdf", MimeType = "application/pdf", Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.7 signed by both parties"),
        });
        await signature.GetByLabel("Signed on").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await signature.GetByLabel("Signatories").FillAsync("Dana (buyer); Hans Host (Hostly GmbH)");
        await signature.GetByRole(AriaRole.Button, new() { Name = "Record signature" }).ClickAsync();
        await dana.ArrivedAtAsync("**" + agreementUrl);
        Assert.Contains("Signature of version 1 recorded", await dana.Locator(".flash").InnerTextAsync());
        Assert.Contains("Signed, active from 2027-01-01", await dana.Locator("body").InnerTextAsync());
        Assert.Equal(0, await dana.Locator("#signature").CountAsync());
        await dana.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "agreement-approved.png"), FullPage = true });

        mail = await MailAsync(m => SubjectsTo(m, "dana@buyer.test").Any(s => s.StartsWith("Approved", StringComparison.Ordinal)));
        Assert.Equal(["Task for you: Revise draft", "Approved: Hosting SLA with Hostly (version 1)"],
            SubjectsTo(mail, "dana@buyer.test").Where(s => !s.StartsWith("Your SlaGovernance account", StringComparison.Ordinal)));
        Assert.Equal(["Task for you: Procurement approval", "Task for you: Procurement approval"],
            SubjectsTo(mail, "paul@buyer.test").Where(s => s.StartsWith("Task for you", StringComparison.Ordinal)));
        Assert.Equal(["Task for you: Legal review of exclusions and clauses"],
            SubjectsTo(mail, "lena@buyer.test").Where(s => s.StartsWith("Task for you", StringComparison.Ordinal)));
        var approved = mail.Single(m => (m.Subject ?? "").StartsWith("Approved", StringComparison.Ordinal));
        Assert.Contains(agreementUrl, approved.TextBody ?? "");
        Assert.Contains("/tasks/", mail.First(m => m.Subject == "Task for you: Legal review of exclusions and clauses").TextBody ?? "");
        // The drafter never had a vote: her one task was to revise her draft.
        Assert.Equal(["Task for you: Revise draft"], SubjectsTo(mail, "dana@buyer.test").Where(s => s.StartsWith("Task for you", StringComparison.Ordinal)));
    }
}
