using System.Net;
using System.Net.Http.Json;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Tests;

public sealed class CalendarTests : IClassFixture<SlaGovernanceFactory>
{
    private readonly SlaGovernanceFactory _factory;

    public CalendarTests(SlaGovernanceFactory factory) => _factory = factory;

    private static object Calendar(string name, bool isDefault = false, string zone = "America/New_York") => new
    {
        name,
        timeZone = zone,
        hours = new[] { new { day = "Monday", start = "08:00", end = "16:00" }, new { day = "Tuesday", start = "08:00", end = "16:00" } },
        holidays = new[] { "2026-12-25", "2027-01-01" },
        isDefault,
    };

    [Fact]
    public async Task An_empty_database_gets_a_standard_default_calendar_in_the_organisations_zone()
    {
        var reader = await _factory.ApiClientAsync("cal-reader-" + Guid.NewGuid().ToString("N")[..6], Roles.Auditor);
        var calendars = await (await reader.GetAsync("/api/v1/calendars")).ReadJsonAsync();
        var standard = calendars.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Standard working week");
        Assert.True(standard.GetProperty("isDefault").GetBoolean());
        Assert.Equal("Europe/London", standard.GetProperty("timeZone").GetString());
        Assert.Equal(5, standard.GetProperty("hours").GetArrayLength());
    }

    [Fact]
    public async Task Bad_hours_holidays_and_zone_are_reported_by_field()
    {
        var api = await _factory.AdminApiAsync();
        var response = await api.PostAsJsonAsync("/api/v1/calendars", new
        {
            name = "Broken",
            timeZone = "Moon/Base",
            hours = new[] { new { day = "Funday", start = "09:00", end = "17:00" }, new { day = "Monday", start = "9am", end = "17:00" } },
            holidays = (string[])["2026-02-30", "2026-12-25", "2026-12-25"],
            isDefault = false,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ProblemErrorsAsync();
        Assert.Equal(["holidays[0]", "holidays[2]", "hours[0].day", "hours[1].start", "timeZone"], errors.Keys.Order());
        Assert.Contains("listed twice", errors["holidays[2]"][0]);
    }

    [Fact]
    public async Task Making_another_calendar_the_default_moves_the_default_and_the_default_cannot_be_dropped()
    {
        var api = await _factory.AdminApiAsync();
        var name = "US office " + Guid.NewGuid().ToString("N")[..6];
        var created = await api.PostAsJsonAsync("/api/v1/calendars", Calendar(name, isDefault: true));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var all = await (await api.GetAsync("/api/v1/calendars")).ReadJsonAsync();
        Assert.Equal([name], all.EnumerateArray().Where(c => c.GetProperty("isDefault").GetBoolean()).Select(c => c.GetProperty("name").GetString()));

        var dropped = await api.PutJsonAsync($"/api/v1/calendars/{id}", Calendar(name, isDefault: false), "\"1\"");
        Assert.Equal(HttpStatusCode.BadRequest, dropped.StatusCode);
        Assert.Contains("isDefault", (await dropped.ProblemErrorsAsync()).Keys);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.PutJsonAsync($"/api/v1/calendars/{id}", Calendar(name, true), "\"7\"")).StatusCode);
        var renamed = await api.PutJsonAsync($"/api/v1/calendars/{id}", Calendar(name + " (east)", true), "\"1\"");
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("\"2\"", renamed.Headers.ETag!.Tag);

        var restore = await (await api.GetAsync("/api/v1/calendars")).ReadJsonAsync();
        var standard = restore.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Standard working week");
        Assert.Equal(HttpStatusCode.OK, (await api.PutJsonAsync($"/api/v1/calendars/{standard.GetProperty("id").GetGuid()}", new
        {
            name = "Standard working week",
            timeZone = "Europe/London",
            hours = standard.GetProperty("hours").EnumerateArray().Select(h => new
            {
                day = h.GetProperty("day").GetString(), start = h.GetProperty("start").GetString(), end = h.GetProperty("end").GetString(),
            }).ToArray(),
            holidays = Array.Empty<string>(),
            isDefault = true,
        }, $"\"{standard.GetProperty("version").GetInt32()}\"")).StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_may_change_calendars()
    {
        var procurement = await _factory.ApiClientAsync("cal-proc-" + Guid.NewGuid().ToString("N")[..6], Roles.Procurement);
        Assert.Equal(HttpStatusCode.Forbidden, (await procurement.PostAsJsonAsync("/api/v1/calendars", Calendar("Nope"))).StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_a_calendar_in_the_form_with_one_line_per_day()
    {
        var browser = await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var form = await browser.GetPageAsync("/admin/calendars/new");
        var name = "Sydney support " + Guid.NewGuid().ToString("N")[..6];
        var saved = await browser.SubmitAsync(form, "form.stacked", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.TimeZone"] = "Australia/Sydney",
            ["Input.Hours"] = "Monday 08:30-17:00\nFriday 08:30-16:00",
            ["Input.Holidays"] = "2026-12-25\n2026-12-28",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = await browser.GetPageAsync("/admin/calendars");
        var row = list.QuerySelectorAll("#calendars tbody tr").Single(r => r.TextContent.Contains(name));
        Assert.Contains("Friday 08:30-16:00", row.TextContent);

        var bad = await browser.SubmitAsync(await browser.GetPageAsync("/admin/calendars/new"), "form.stacked", new Dictionary<string, string>
        {
            ["Input.Name"] = "Bad " + name,
            ["Input.Hours"] = "Someday 08:30-17:00",
        });
        Assert.Contains("'Someday' is not a weekday", (await Pages.ParseAsync(bad)).QuerySelector(".alert")!.TextContent);
    }
}
