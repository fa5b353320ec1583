using System.Net;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Tests;

/// <summary>Drafting in the pages: the editor, field messages, the detail page, a stale save, the list with totals per currency.</summary>
public sealed class AgreementPagesTests : IDisposable
{
    private readonly SlaGovernanceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_drafter_creates_an_agreement_in_the_editor_sees_field_messages_and_a_stale_save_is_refused()
    {
        var drafter = await _factory.CreateUserAsync("page-drafter", Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(drafter.UserName, drafter.Password);
        var editor = await browser.GetPageAsync("/agreements/edit");

        var bad = await browser.SubmitAsync(editor, "#agreement", new Dictionary<string, string>
        {
            ["Input.Title"] = "Office cleaning OLA", ["Input.Kind"] = "Ola", ["Input.VendorId"] = "", ["Input.TimeZone"] = "Moon/Base",
            ["Input.InternalProvider"] = "",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var page = await Pages.ParseAsync(bad);
        var messages = string.Join(" | ", page.QuerySelectorAll(".field-error").Select(e => e.TextContent));
        Assert.Contains("Moon/Base", messages);
        Assert.Contains("names the team", messages);

        var broken = await browser.SubmitAsync(page, "#agreement", new Dictionary<string, string>
        {
            ["Input.TimeZone"] = "Europe/Paris", ["Input.InternalProvider"] = "Facilities", ["Input.Sections"] = "{ \"slos\": [ ",
        });
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not valid JSON", (await Pages.ParseAsync(broken)).QuerySelector(".alert")!.TextContent);

        var fixedPage = await Pages.ParseAsync(broken);
        var saved = await browser.SubmitAsync(fixedPage, "#agreement", new Dictionary<string, string>
        {
            ["Input.Sections"] = SlaGovernance.Web.Pages.Agreements.AgreementForm.Starter, ["Input.MonthlyFee"] = "900", ["Input.Currency"] = "chf",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var detailUrl = saved.Headers.Location!.OriginalString;
        var detail = await browser.GetPageAsync(detailUrl);
        Assert.Contains("Office cleaning OLA", detail.QuerySelector("h1")!.TextContent);
        Assert.Equal(64, detail.QuerySelector("#hash")!.TextContent.Trim().Length);
        Assert.Single(detail.QuerySelectorAll("#slos tbody tr"));

        // Two tabs open the editor; the first save wins, the second is refused with a message and changes nothing.
        var id = detailUrl.Split('/')[^1];
        var tabOne = await browser.GetPageAsync($"/agreements/edit/{id}");
        var tabTwo = await browser.GetPageAsync($"/agreements/edit/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(tabOne, "#agreement", new Dictionary<string, string> { ["Input.MonthlyFee"] = "950" })).StatusCode);
        var stale = await browser.SubmitAsync(tabTwo, "#agreement", new Dictionary<string, string> { ["Input.MonthlyFee"] = "990" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed by someone else", (await Pages.ParseAsync(stale)).QuerySelector(".alert")!.TextContent);

        var list = await browser.GetPageAsync("/agreements?status=Draft");
        Assert.Contains("Office cleaning OLA", list.QuerySelector("#agreements")!.TextContent);
        Assert.Contains("950.00 CHF", list.QuerySelector("#totals")!.TextContent);
    }
}
