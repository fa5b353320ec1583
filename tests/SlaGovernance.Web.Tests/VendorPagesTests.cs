using System.Net;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Tests;

public sealed class VendorPagesTests : IClassFixture<SlaGovernanceFactory>
{
    private readonly SlaGovernanceFactory _factory;

    public VendorPagesTests(SlaGovernanceFactory factory) => _factory = factory;

    private async Task<HttpClient> SignedInAsync(params string[] roles)
    {
        var user = await _factory.CreateUserAsync("page-" + Guid.NewGuid().ToString("N")[..6], roles);
        return await _factory.Browser().SignInAsync(user.UserName, user.Password);
    }

    private static async Task<string> CreateAsync(HttpClient browser, string name, string tier = "High", string email = "a@b.example")
    {
        var form = await browser.GetPageAsync("/vendors/new");
        var response = await browser.SubmitAsync(form, "form.stacked", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.RiskTier"] = tier,
            ["Input.ContactEmail"] = email,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var list = await browser.GetPageAsync($"/vendors?search={Uri.EscapeDataString(name)}");
        return list.QuerySelector("#vendors a")!.GetAttribute("href")! + "/edit";
    }

    [Fact]
    public async Task A_vendor_created_in_the_form_is_listed_with_its_risk_tier()
    {
        var browser = await SignedInAsync(Roles.Procurement);
        var name = "Form Vendor " + Guid.NewGuid().ToString("N")[..6];
        await CreateAsync(browser, name, "Critical");
        var list = await browser.GetPageAsync($"/vendors?search={Uri.EscapeDataString(name)}");
        var row = Assert.Single(list.QuerySelectorAll("#vendors tbody tr"));
        Assert.Contains(name, row.TextContent);
        Assert.Contains("Critical", row.TextContent);
    }

    [Fact]
    public async Task Invalid_form_input_is_shown_against_its_fields_and_nothing_is_saved()
    {
        var browser = await SignedInAsync(Roles.VendorManager);
        var form = await browser.GetPageAsync("/vendors/new");
        var response = await browser.SubmitAsync(form, "form.stacked", new Dictionary<string, string>
        {
            ["Input.Name"] = "",
            ["Input.ContactEmail"] = "not-an-email",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Pages.ParseAsync(response);
        var errors = page.QuerySelectorAll(".field-validation-error").Select(e => e.TextContent).Where(t => t.Length > 0).ToList();
        Assert.Contains(errors, e => e.Contains("name is required"));
        Assert.Contains(errors, e => e.Contains("not-an-email"));
        Assert.Equal("not-an-email", page.QuerySelector("#Input_ContactEmail")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_stale_edit_in_the_form_is_refused_with_a_message_and_does_not_overwrite()
    {
        var alice = await SignedInAsync(Roles.Procurement);
        var bob = await SignedInAsync(Roles.VendorManager);
        var name = "Contested " + Guid.NewGuid().ToString("N")[..6];
        var link = await CreateAsync(alice, name);

        var alicesForm = await alice.GetPageAsync(link);
        var bobsForm = await bob.GetPageAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, (await bob.SubmitAsync(bobsForm, "form.stacked", new Dictionary<string, string>
        {
            ["Input.Notes"] = "Bob's note",
        })).StatusCode);

        var stale = await alice.SubmitAsync(alicesForm, "form.stacked", new Dictionary<string, string> { ["Input.Notes"] = "Alice's note" });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = await Pages.ParseAsync(stale);
        Assert.Contains("was changed by", page.QuerySelector(".alert")!.TextContent);
        Assert.Equal("Alice's note", page.QuerySelector("#Input_Notes")!.TextContent);

        var stored = await alice.GetPageAsync(link);
        Assert.Equal("Bob's note", stored.QuerySelector("#Input_Notes")!.TextContent);
    }

    [Fact]
    public async Task Archiving_from_the_page_takes_the_vendor_off_the_list()
    {
        var browser = await SignedInAsync(Roles.Admin);
        var name = "Page Archive " + Guid.NewGuid().ToString("N")[..6];
        var link = await CreateAsync(browser, name);
        var page = await browser.GetPageAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(page, "form[action*='Archive']", new Dictionary<string, string>())).StatusCode);
        var list = await browser.GetPageAsync($"/vendors?search={Uri.EscapeDataString(name)}");
        Assert.Empty(list.QuerySelectorAll("#vendors tbody tr"));
    }

    [Fact]
    public async Task An_auditor_sees_vendors_read_only_and_cannot_post()
    {
        var admin = await SignedInAsync(Roles.Admin);
        var link = await CreateAsync(admin, "Read Only " + Guid.NewGuid().ToString("N")[..6]);
        var auditor = await SignedInAsync(Roles.Auditor);
        var page = await auditor.GetPageAsync(link);
        Assert.Null(page.QuerySelector("form.stacked"));
        Assert.Equal(HttpStatusCode.Redirect, (await auditor.GetAsync("/vendors/new")).StatusCode);
        var list = await auditor.GetPageAsync("/vendors");
        Assert.Null(list.QuerySelector("a[href='/vendors/new']"));
    }

    [Fact]
    public async Task Times_are_shown_in_the_users_own_zone()
    {
        var user = await _factory.CreateUserAsync("zone-" + Guid.NewGuid().ToString("N")[..6], Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        var profile = await browser.GetPageAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(profile, "form[action*='Profile']", new Dictionary<string, string>
        {
            ["Input.TimeZone"] = "Asia/Tokyo",
        })).StatusCode);
        var link = await CreateAsync(browser, "Zoned " + Guid.NewGuid().ToString("N")[..6]);
        Assert.Contains("JST", (await browser.GetPageAsync(link)).QuerySelector("p.muted")!.TextContent);

        var bad = await browser.SubmitAsync(await browser.GetPageAsync("/account/profile"), "form[action*='Profile']",
            new Dictionary<string, string> { ["Input.TimeZone"] = "Mars/Olympus" });
        Assert.Contains("IANA", (await Pages.ParseAsync(bad)).QuerySelector(".field-validation-error")!.TextContent);
    }
}
