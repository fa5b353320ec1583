using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
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

        var saved = await browser.SubmitAsync(page, "#agreement", new Dictionary<string, string>
        {
            ["Input.TimeZone"] = "Europe/Paris", ["Input.InternalProvider"] = "Facilities", ["Input.MonthlyFee"] = "900", ["Input.Currency"] = "chf",
            ["Input.Slos[0].Service"] = "Office cleaning", ["Input.Slos[0].Target"] = "98", ["Input.Slos[0].DataSource"] = "Facilities tickets",
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

        // The objective got a key when first saved, which the editor carries in a hidden field: renaming the service keeps it.
        var keyField = (IHtmlInputElement)(await browser.GetPageAsync($"/agreements/edit/{id}")).QuerySelector("input[name='Input.Slos[0].Key']")!;
        Assert.Equal("office-cleaning/availability", keyField.Value);
        var renamed = await browser.SubmitAsync(await browser.GetPageAsync($"/agreements/edit/{id}"), "#agreement",
            new Dictionary<string, string> { ["Input.Slos[0].Service"] = "Office and kitchen cleaning" });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        var reread = (IHtmlInputElement)(await browser.GetPageAsync($"/agreements/edit/{id}")).QuerySelector("input[name='Input.Slos[0].Key']")!;
        Assert.Equal("office-cleaning/availability", reread.Value);

        var list = await browser.GetPageAsync("/agreements?status=Draft");
        Assert.Contains("Office cleaning OLA", list.QuerySelector("#agreements")!.TextContent);
        Assert.Contains("950.00 CHF", list.QuerySelector("#totals")!.TextContent);
    }

    private static string Value(IDocument page, string name) =>
        page.QuerySelector<IHtmlInputElement>($"input[name='{name}']")?.Value ?? throw new InvalidOperationException($"No input {name}");

    private static IDictionary<string, string> Basics(string title) => new Dictionary<string, string>
    {
        ["Input.Title"] = title, ["Input.Kind"] = "Ola", ["Input.InternalProvider"] = "Service desk", ["Input.TimeZone"] = "Europe/Berlin",
        ["Input.MonthlyFee"] = "1000", ["Input.Currency"] = "EUR",
    };

    [Fact]
    public async Task A_new_agreement_with_two_objectives_and_a_credit_tier_saved_through_the_form_reads_the_same_in_the_api()
    {
        var drafter = await _factory.CreateUserAsync("form-drafter", Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(drafter.UserName, drafter.Password);
        var editor = await browser.GetPageAsync("/agreements/edit");
        var added = await browser.SubmitAsync(editor, "#agreement", Basics("Service desk OLA"), "#slos > div button");
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var twoRows = await Pages.ParseAsync(added);
        Assert.Equal(2, twoRows.QuerySelectorAll("#slos > fieldset").Length);
        Assert.Equal("Service desk OLA", Value(twoRows, "Input.Title"));

        var fields = new Dictionary<string, string>
        {
            ["Input.Slos[0].Service"] = "Portal", ["Input.Slos[0].Metric"] = "Availability", ["Input.Slos[0].Target"] = "99.9",
            ["Input.Slos[0].DataSource"] = "Probe network", ["Input.Slos[0].Mode"] = "Active", ["Input.Slos[0].FrequencySeconds"] = "30", ["Input.Slos[0].CsatMinimumScore"] = "4",
            ["Input.Slos[1].Service"] = "Helpdesk", ["Input.Slos[1].Metric"] = "ResponseTime", ["Input.Slos[1].Target"] = "95",
            ["Input.Slos[1].Window"] = "RollingDays", ["Input.Slos[1].RollingDays"] = "30", ["Input.Slos[1].BusinessHoursOnly"] = "true",
            ["Input.Slos[1].DataSource"] = "Ticket system", ["Input.Slos[1].Mode"] = "Passive", ["Input.Slos[1].PriorityTargets"] = "P1=15, P2=60",
            ["Input.Tiers[0].BelowAttainment"] = "99.5", ["Input.Tiers[0].CreditPercent"] = "10", ["Input.CapPercent"] = "25",
        };
        var saved = await browser.SubmitAsync(twoRows, "#agreement", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = saved.Headers.Location!.OriginalString.Split('/')[^1];

        var api = await _factory.AdminApiAsync();
        var content = (await (await api.GetAsync($"/api/v1/agreements/{id}/versions/1")).ReadJsonAsync()).GetProperty("content");
        var slos = content.GetProperty("slos");
        Assert.Equal(2, slos.GetArrayLength());
        Assert.Equal("Portal", slos[0].GetProperty("service").GetString());
        Assert.Equal(99.9m, slos[0].GetProperty("target").GetDecimal());
        Assert.Equal(30, slos[0].GetProperty("measurement").GetProperty("frequencySeconds").GetInt32());
        Assert.Equal(JsonValueKind.Null, slos[0].GetProperty("csatMinimumScore").ValueKind);
        Assert.Equal("ResponseTime", slos[1].GetProperty("metric").GetString());
        Assert.Equal("RollingDays", slos[1].GetProperty("window").GetString());
        Assert.Equal(30, slos[1].GetProperty("rollingDays").GetInt32());
        Assert.True(slos[1].GetProperty("businessHoursOnly").GetBoolean());
        Assert.Equal("Passive", slos[1].GetProperty("measurement").GetProperty("mode").GetString());
        Assert.Equal(["P1:15", "P2:60"], slos[1].GetProperty("priorityTargets").EnumerateArray()
            .Select(p => $"{p.GetProperty("priority").GetString()}:{p.GetProperty("minutes").GetInt32()}"));
        var tiers = content.GetProperty("credits").GetProperty("tiers");
        Assert.Equal(1, tiers.GetArrayLength());
        Assert.Equal(99.5m, tiers[0].GetProperty("belowAttainment").GetDecimal());
        Assert.Equal(10m, tiers[0].GetProperty("creditPercent").GetDecimal());
        Assert.Equal(25m, content.GetProperty("credits").GetProperty("monthlyCapPercent").GetDecimal());

        var reopened = await browser.GetPageAsync($"/agreements/edit/{id}");
        Assert.Equal("Helpdesk", Value(reopened, "Input.Slos[1].Service"));
        Assert.Equal("P1=15, P2=60", Value(reopened, "Input.Slos[1].PriorityTargets"));
        Assert.Equal("ResponseTime", reopened.QuerySelector<IHtmlSelectElement>("select[name='Input.Slos[1].Metric']")!.Value);
    }

    [Fact]
    public async Task An_invalid_target_shows_its_message_beside_that_objective_and_keeps_what_was_typed()
    {
        var drafter = await _factory.CreateUserAsync("target-drafter", Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(drafter.UserName, drafter.Password);
        var twoRows = await Pages.ParseAsync(await browser.SubmitAsync(await browser.GetPageAsync("/agreements/edit"), "#agreement",
            Basics("Typo OLA"), "#slos > div button"));
        var fields = new Dictionary<string, string>
        {
            ["Input.Slos[0].Service"] = "Portal", ["Input.Slos[0].Target"] = "99.9", ["Input.Slos[0].DataSource"] = "Probe network",
            ["Input.Slos[1].Service"] = "Helpdesk", ["Input.Slos[1].Target"] = "150", ["Input.Slos[1].DataSource"] = "Ticket system",
            ["Input.Tiers[0].BelowAttainment"] = "99", ["Input.Tiers[0].CreditPercent"] = "5",
        };

        var refused = await browser.SubmitAsync(twoRows, "#agreement", fields);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await Pages.ParseAsync(refused);
        Assert.Empty(page.QuerySelectorAll("#slo-0 .field-error"));
        Assert.Contains("at most 100", page.QuerySelector("#slo-1 .field-error")!.TextContent);
        Assert.Equal("150", Value(page, "Input.Slos[1].Target"));
        Assert.Equal("Helpdesk", Value(page, "Input.Slos[1].Service"));
        Assert.Equal("Ticket system", Value(page, "Input.Slos[1].DataSource"));
        Assert.Equal("99", Value(page, "Input.Tiers[0].BelowAttainment"));
        Assert.Equal("Typo OLA", Value(page, "Input.Title"));
    }

    [Fact]
    public async Task The_close_grace_period_and_the_earn_back_are_edited_beside_the_credits_and_a_grace_period_out_of_range_is_refused_there()
    {
        var drafter = await _factory.CreateUserAsync("grace-drafter", Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(drafter.UserName, drafter.Password);
        var editor = await browser.GetPageAsync("/agreements/edit");
        Assert.Equal("5 (default)", editor.QuerySelector<IHtmlInputElement>("input[name='Input.CloseGraceBusinessDays']")!.Placeholder);
        var fields = new Dictionary<string, string>(Basics("Grace OLA"))
        {
            ["Input.Slos[0].Service"] = "Portal", ["Input.Slos[0].Target"] = "99.9", ["Input.Slos[0].DataSource"] = "Probe network",
            ["Input.Tiers[0].BelowAttainment"] = "99", ["Input.Tiers[0].CreditPercent"] = "5", ["Input.CapPercent"] = "25",
            ["Input.CloseGraceBusinessDays"] = "30", ["Input.EarnBackPeriods"] = "2",
        };

        var refused = await browser.SubmitAsync(editor, "#agreement", fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await Pages.ParseAsync(refused);
        Assert.Contains("30 business days is not a grace period for late data; give 0 to 20", page.QuerySelector("#credits .field-error")!.TextContent);
        Assert.Equal("2", Value(page, "Input.EarnBackPeriods"));

        fields["Input.CloseGraceBusinessDays"] = "3";
        var saved = await browser.SubmitAsync(page, "#agreement", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = saved.Headers.Location!.OriginalString.Split('/')[^1];
        var content = (await (await (await _factory.AdminApiAsync()).GetAsync($"/api/v1/agreements/{id}/versions/1")).ReadJsonAsync()).GetProperty("content");
        Assert.Equal((3, 2), (content.GetProperty("closeGraceBusinessDays").GetInt32(), content.GetProperty("earnBack").GetProperty("periods").GetInt32()));
        var reopened = await browser.GetPageAsync($"/agreements/edit/{id}");
        Assert.Equal(("3", "2"), (Value(reopened, "Input.CloseGraceBusinessDays"), Value(reopened, "Input.EarnBackPeriods")));
    }

    [Fact]
    public async Task Add_and_remove_buttons_change_the_rows_without_saving_and_blank_rows_are_ignored_on_save()
    {
        var drafter = await _factory.CreateUserAsync("rows-drafter", Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(drafter.UserName, drafter.Password);
        var editor = await browser.GetPageAsync("/agreements/edit");
        Assert.Empty(editor.QuerySelectorAll("#exclusions > fieldset"));

        var one = await Pages.ParseAsync(await browser.SubmitAsync(editor, "#agreement", Basics("Rows OLA"), "#exclusions > div button"));
        Assert.Single(one.QuerySelectorAll("#exclusions > fieldset"));
        var two = await Pages.ParseAsync(await browser.SubmitAsync(one, "#agreement",
            new Dictionary<string, string> { ["Input.Exclusions[0].ClauseText"] = "Planned works announced a week ahead.", ["Input.Exclusions[0].Type"] = "ScheduledMaintenance" },
            "#exclusions > div button"));
        Assert.Equal(2, two.QuerySelectorAll("#exclusions > fieldset").Length);
        Assert.Equal("Planned works announced a week ahead.", two.QuerySelector<IHtmlTextAreaElement>("textarea[name='Input.Exclusions[0].ClauseText']")!.Value);

        var removed = await browser.SubmitAsync(two, "#agreement",
            new Dictionary<string, string> { ["Input.Exclusions[1].ClauseText"] = "Events beyond either party's control.", ["Input.Exclusions[1].Type"] = "ForceMajeure" },
            "#exclusion-0 button");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var left = await Pages.ParseAsync(removed);
        Assert.Single(left.QuerySelectorAll("#exclusions > fieldset"));
        Assert.Equal("Events beyond either party's control.", left.QuerySelector<IHtmlTextAreaElement>("textarea[name='Input.Exclusions[0].ClauseText']")!.Value);
        Assert.Equal("ForceMajeure", left.QuerySelector<IHtmlSelectElement>("select[name='Input.Exclusions[0].Type']")!.Value);
        Assert.Equal("Rows OLA", Value(left, "Input.Title"));
        Assert.DoesNotContain("Rows OLA", (await browser.GetPageAsync("/agreements?status=Draft")).QuerySelector("#agreements")?.TextContent ?? "");

        // An objective, a tier and a clause added but never filled in do not block the save.
        var withBlanks = await Pages.ParseAsync(await browser.SubmitAsync(left, "#agreement", new Dictionary<string, string>(), "#clauses > div button"));
        withBlanks = await Pages.ParseAsync(await browser.SubmitAsync(withBlanks, "#agreement", new Dictionary<string, string>(), "#credits > div button"));
        var saved = await browser.SubmitAsync(withBlanks, "#agreement", new Dictionary<string, string>
        {
            ["Input.Slos[0].Service"] = "Portal", ["Input.Slos[0].Target"] = "99.5", ["Input.Slos[0].DataSource"] = "Probe network",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var api = await _factory.AdminApiAsync();
        var content = (await (await api.GetAsync($"/api/v1/agreements/{saved.Headers.Location!.OriginalString.Split('/')[^1]}/versions/1")).ReadJsonAsync())
            .GetProperty("content");
        Assert.Equal(1, content.GetProperty("exclusions").GetArrayLength());
        Assert.Equal(0, content.GetProperty("credits").GetProperty("tiers").GetArrayLength());
        Assert.Equal(0, content.GetProperty("clauses").GetArrayLength());
    }

    [Fact]
    public async Task A_clause_is_picked_from_the_library_one_without_a_version_takes_the_latest_and_an_unknown_version_is_refused_beside_it()
    {
        var legal = await _factory.ApiClientAsync("editor-legal", Roles.Legal);
        var created = await legal.PostAsJsonAsync("/api/v1/clauses", new { category = "Liability", title = "Liability cap", text = "Liability is capped." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var clauseId = (await created.ReadJsonAsync()).GetProperty("clause").GetProperty("id").GetString()!;
        var drafter = await _factory.CreateUserAsync("clause-drafter", Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(drafter.UserName, drafter.Password);
        var one = await Pages.ParseAsync(await browser.SubmitAsync(await browser.GetPageAsync("/agreements/edit"), "#agreement",
            Basics("Clause OLA"), "#clauses > div button"));
        Assert.NotNull(one.QuerySelector($"#clause-0 option[value='{clauseId}']"));
        var two = await Pages.ParseAsync(await browser.SubmitAsync(one, "#agreement", new Dictionary<string, string>
        {
            ["Input.Clauses[0].Category"] = "Liability", ["Input.Clauses[0].LibraryClauseId"] = clauseId,
        }, "#clauses > div button"));
        var fields = new Dictionary<string, string>
        {
            ["Input.Slos[0].Service"] = "Portal", ["Input.Slos[0].Target"] = "99.5", ["Input.Slos[0].DataSource"] = "Probe network",
            ["Input.Clauses[0].Category"] = "Liability", ["Input.Clauses[0].LibraryClauseId"] = clauseId,
            ["Input.Clauses[1].Category"] = "Liability", ["Input.Clauses[1].LibraryClauseId"] = clauseId, ["Input.Clauses[1].LibraryVersion"] = "9",
        };

        var refused = await browser.SubmitAsync(two, "#agreement", fields);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await Pages.ParseAsync(refused);
        Assert.Contains("version 9", page.QuerySelector("#clause-1 .field-error")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("#clause-0 .field-error"));
        Assert.Equal(clauseId, page.QuerySelector<IHtmlSelectElement>("select[name='Input.Clauses[1].LibraryClauseId']")!.Value);

        fields["Input.Clauses[1].LibraryClauseId"] = "";
        fields["Input.Clauses[1].LibraryVersion"] = "";
        fields["Input.Clauses[1].Text"] = "Either party may end the agreement on a month's notice.";
        fields["Input.Clauses[1].Category"] = "Termination";
        var saved = await browser.SubmitAsync(page, "#agreement", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var reopened = await browser.GetPageAsync($"/agreements/edit/{saved.Headers.Location!.OriginalString.Split('/')[^1]}");
        Assert.Equal(clauseId, reopened.QuerySelector<IHtmlSelectElement>("select[name='Input.Clauses[0].LibraryClauseId']")!.Value);
        Assert.Equal("1", Value(reopened, "Input.Clauses[0].LibraryVersion"));
        Assert.Equal("", reopened.QuerySelector<IHtmlSelectElement>("select[name='Input.Clauses[1].LibraryClauseId']")!.Value);
        Assert.Contains("month's notice", reopened.QuerySelector<IHtmlTextAreaElement>("textarea[name='Input.Clauses[1].Text']")!.Value);
    }
}
