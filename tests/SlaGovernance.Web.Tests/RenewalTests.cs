using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// The budget calendar, the renewal calendar with its exports and the personal iCalendar feed, on a clock stopped at
/// 2 March 2030. The budget calendar: fiscal years from 1 April, budget requests due 120 days before (2 December 2030 for
/// FY2032), procurement needs 90 days for Hosting and 60 for anything else.
/// </summary>
public abstract class RenewalTests
{
    public static readonly DateTimeOffset Now = new(2030, 3, 2, 10, 0, 0, TimeSpan.Zero);

    protected abstract SlaGovernanceFactory Factory { get; }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private static object AprilCalendar(string zone = "Europe/London", int month = 4, int day = 1) => new
    {
        fiscalYearStartMonth = month,
        fiscalYearStartDay = day,
        timeZone = zone,
        milestones = new object[]
        {
            new { name = "Budget requests due", daysBeforeYearStart = 120, isRequestDeadline = true },
            new { name = "Budget approved", daysBeforeYearStart = 30, isRequestDeadline = false },
        },
        leadTimes = new[] { new { category = "Hosting", days = 90 } },
        defaultLeadTimeDays = 60,
    };

    private async Task UseAprilCalendarAsync()
    {
        var admin = await Factory.AdminApiAsync();
        var current = await admin.GetAsync("/api/v1/organisation/budget-calendar");
        var saved = await admin.PutJsonAsync("/api/v1/organisation/budget-calendar", AprilCalendar(), current.Headers.ETag!.Tag);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
    }

    private async Task<Guid> VendorAsync(HttpClient procurement, string name)
    {
        var vendor = await (await procurement.PostAsJsonAsync("/api/v1/vendors",
            new { name = Unique(name), riskTier = "High", contactEmail = "sla@vendor.test" })).ReadJsonAsync();
        return vendor.GetProperty("id").GetGuid();
    }

    private static async Task<Guid> ImportAsync(HttpClient procurement, AgreementContent content)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2029-01-15"), "signedOn" },
            { new StringContent("Dana Drafter; Hans Host"), "signatories" },
        };
        var imported = await procurement.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        return (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
    }

    private static AgreementContent Agreement(Guid vendorId, string title, string owner, string category, string costCentre, string currency,
        decimal annualValue, DateOnly start, DateOnly end, Period notice, Period? renewal) => AgreementSamples.Hosting(vendorId) with
    {
        Title = title, Owner = owner, Category = category, CostCentre = costCentre, Currency = currency, AnnualValue = annualValue,
        TermStart = start, TermEnd = end, TimeZone = "Europe/Berlin", Renewal = new RenewalTerms(renewal is not null, notice, renewal),
    };

    /// <summary>Four running agreements and an expired one; the owner's three renew in FY2032, the other in FY2031.</summary>
    private sealed record Portfolio(string Owner, string OtherOwner, string It, string Hr, Guid Vendor, Guid OtherVendor, Guid Alpha, Guid Beta,
        Guid Gamma, Guid Delta, Guid Expired);

    private async Task<Portfolio> PortfolioAsync()
    {
        await UseAprilCalendarAsync();
        var procurement = await Factory.ApiClientAsync(Unique("buyer"), Roles.Procurement);
        var vendor = await VendorAsync(procurement, "Hostly");
        var other = await VendorAsync(procurement, "Netly");
        var owner = Unique("owner");
        var otherOwner = Unique("other");
        await Factory.CreateUserAsync(owner, Roles.Legal);
        var it = Unique("IT");
        var hr = Unique("HR");
        var months = (int n) => new Period(n, PeriodUnit.Months);
        // Notice 30 March 2031, decision 30 December 2030: after the 2 December deadline of FY2032.
        var alpha = await ImportAsync(procurement, Agreement(vendor, "=SUM(1,2) Alpha; hosting", owner, "Hosting", it, "EUR", 120_000m,
            new(2029, 7, 1), new(2031, 6, 30), months(3), months(12)));
        // Notice 1 May 2031, decision 2 March 2031 (60 days for Network).
        var beta = await ImportAsync(procurement, Agreement(other, "Beta network", owner, "Network", it, "EUR", 30_000m,
            new(2029, 10, 1), new(2031, 5, 31), new Period(30, PeriodUnit.Days), null));
        // Renews 1 October 2030 in FY2031, whose requests were due 2 December 2029.
        var gamma = await ImportAsync(procurement, Agreement(vendor, "Gamma payroll", otherOwner, "Payroll", hr, "GBP", 50_000m,
            new(2029, 4, 1), new(2030, 9, 30), months(1), null));
        // Notice 30 September 2030, decision 2 July 2030: well before the December deadline.
        var delta = await ImportAsync(procurement, Agreement(vendor, "Delta desk", owner, "Hosting", it, "USD", 10_000m,
            new(2029, 4, 1), new(2031, 3, 31), months(6), null));
        var expired = await ImportAsync(procurement, Agreement(vendor, "Epsilon expired", owner, "Hosting", it, "EUR", 1m,
            new(2028, 1, 1), new(2029, 12, 31), months(1), null));
        return new Portfolio(owner, otherOwner, it, hr, vendor, other, alpha, beta, gamma, delta, expired);
    }

    [SkippableFact]
    public async Task The_budget_calendar_refuses_30_February_and_an_unknown_zone_field_by_field_and_saves_nothing()
    {
        await UseAprilCalendarAsync();
        var admin = await Factory.AdminApiAsync();
        var before = await admin.GetAsync("/api/v1/organisation/budget-calendar");
        var etag = before.Headers.ETag!.Tag;
        var stored = await before.ReadJsonAsync();

        var february = await admin.PutJsonAsync("/api/v1/organisation/budget-calendar", AprilCalendar(month: 2, day: 30), etag);
        Assert.Equal(HttpStatusCode.BadRequest, february.StatusCode);
        var errors = await february.ProblemErrorsAsync();
        Assert.Equal(["fiscalYearStartDay"], errors.Keys);
        Assert.Equal("30 February is not a date: February has 28 days (29 in a leap year). Give a day from 1 to 28.", errors["fiscalYearStartDay"].Single());

        var zone = await admin.PutJsonAsync("/api/v1/organisation/budget-calendar", AprilCalendar(zone: "Europe/Atlantis"), etag);
        Assert.Equal(HttpStatusCode.BadRequest, zone.StatusCode);
        Assert.Equal(["timeZone"], (await zone.ProblemErrorsAsync()).Keys);

        var after = await admin.GetAsync("/api/v1/organisation/budget-calendar");
        Assert.Equal(etag, after.Headers.ETag!.Tag);
        Assert.Equal(stored.ToString(), (await after.ReadJsonAsync()).ToString());

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await admin.PutJsonAsync("/api/v1/organisation/budget-calendar", AprilCalendar(), null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.PutJsonAsync("/api/v1/organisation/budget-calendar", AprilCalendar(), "\"999\"")).StatusCode);
        var finance = await Factory.ApiClientAsync(Unique("finance"), Roles.Finance);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PutJsonAsync("/api/v1/organisation/budget-calendar", AprilCalendar(), etag)).StatusCode);
        Assert.Equal("Europe/London", stored.GetProperty("timeZone").GetString());
        Assert.Equal("Budget requests due", stored.GetProperty("milestones")[0].GetProperty("name").GetString());
    }

    [SkippableFact]
    public async Task The_admin_page_shows_why_30_February_is_refused_and_saves_a_valid_calendar()
    {
        await UseAprilCalendarAsync();
        var browser = await Factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var page = await browser.GetPageAsync("/admin/budget-calendar");
        Assert.Equal("4", page.QuerySelector("input[name='Input.FiscalYearStartMonth']")!.GetAttribute("value"));
        var refused = await Pages.ParseAsync(await browser.SubmitAsync(page, "#budget-calendar",
            new Dictionary<string, string> { ["Input.FiscalYearStartMonth"] = "2", ["Input.FiscalYearStartDay"] = "30" }));
        Assert.Contains("30 February is not a date", refused.QuerySelector(".alert")!.TextContent);

        var saved = await browser.SubmitAsync(page, "#budget-calendar", new Dictionary<string, string>
        {
            ["Input.LeadTimes"] = "Hosting: 90\nTelecom: 45",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var admin = await Factory.AdminApiAsync();
        var calendar = await (await admin.GetAsync("/api/v1/organisation/budget-calendar")).ReadJsonAsync();
        Assert.Equal(["Hosting:90", "Telecom:45"], calendar.GetProperty("leadTimes").EnumerateArray()
            .Select(l => $"{l.GetProperty("category").GetString()}:{l.GetProperty("days").GetInt32()}"));
        Assert.True(calendar.GetProperty("milestones")[0].GetProperty("isRequestDeadline").GetBoolean());
    }

    [SkippableFact]
    public async Task Renewals_are_grouped_by_funding_year_filtered_and_totalled_per_cost_centre_and_currency()
    {
        var p = await PortfolioAsync();
        var auditor = await Factory.ApiClientAsync(Unique("auditor"), Roles.Auditor);

        var mine = await (await auditor.GetAsync($"/api/v1/renewals?owner={p.Owner.ToUpperInvariant()}")).ReadJsonAsync();
        var cycle = Assert.Single(mine.GetProperty("cycles").EnumerateArray());
        Assert.Equal(("FY2032", "2031-04-01", "2032-03-31", "2030-12-02"), (cycle.GetProperty("fiscalYear").GetString(),
            cycle.GetProperty("start").GetString(), cycle.GetProperty("end").GetString(), cycle.GetProperty("budgetRequestDeadline").GetString()));
        var items = cycle.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([p.Delta, p.Alpha, p.Beta], items.Select(i => i.GetProperty("agreementId").GetGuid()));
        Assert.Equal([("2031-03-31", "2030-09-30", "2030-07-02", false), ("2031-06-30", "2031-03-30", "2030-12-30", true),
                ("2031-05-31", "2031-05-01", "2031-03-02", true)],
            items.Select(i => (i.GetProperty("termEnd").GetString(), i.GetProperty("noticeDeadline").GetString(), i.GetProperty("decisionDate").GetString(),
                i.GetProperty("unfundedRenewalRisk").GetBoolean())));
        Assert.Equal([(p.It, "EUR", 150_000m, 2), (p.It, "USD", 10_000m, 1)], cycle.GetProperty("totals").EnumerateArray()
            .Select(t => (t.GetProperty("costCentre").GetString(), t.GetProperty("currency").GetString(), t.GetProperty("annualValue").GetDecimal(),
                t.GetProperty("agreements").GetInt32())));

        var hr = await (await auditor.GetAsync($"/api/v1/renewals?costCentre={p.Hr.ToLowerInvariant()}")).ReadJsonAsync();
        var hrCycle = Assert.Single(hr.GetProperty("cycles").EnumerateArray());
        Assert.Equal(("FY2031", "2029-12-02"), (hrCycle.GetProperty("fiscalYear").GetString(), hrCycle.GetProperty("budgetRequestDeadline").GetString()));
        var gamma = Assert.Single(hrCycle.GetProperty("items").EnumerateArray());
        Assert.Equal((p.Gamma, true, "2030-07-01"), (gamma.GetProperty("agreementId").GetGuid(), gamma.GetProperty("unfundedRenewalRisk").GetBoolean(),
            gamma.GetProperty("decisionDate").GetString()));

        var netly = await (await auditor.GetAsync($"/api/v1/renewals?vendorId={p.OtherVendor}")).ReadJsonAsync();
        Assert.Equal([p.Beta], netly.GetProperty("cycles").EnumerateArray().SelectMany(c => c.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("agreementId").GetGuid()));

        var everything = await (await auditor.GetAsync("/api/v1/renewals")).ReadJsonAsync();
        Assert.DoesNotContain(p.Expired, everything.GetProperty("cycles").EnumerateArray().SelectMany(c => c.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("agreementId").GetGuid()));

        var lawyer = await Factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        Assert.Equal(HttpStatusCode.Forbidden, (await lawyer.GetAsync("/api/v1/renewals")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lawyer.GetAsync("/api/v1/renewals.csv")).StatusCode);
    }

    [SkippableFact]
    public async Task The_renewals_page_is_linked_for_finance_and_shows_the_risk_and_totals()
    {
        var p = await PortfolioAsync();
        var user = await Factory.CreateUserAsync(Unique("finance"), Roles.Finance);
        var browser = await Factory.Browser().SignInAsync(user.UserName, user.Password);
        var home = await browser.GetPageAsync("/agreements");
        Assert.NotNull(home.QuerySelector("nav a[href='/renewals']"));
        var page = await browser.GetPageAsync($"/renewals?owner={p.Owner}");
        var cycle = page.QuerySelector("#cycle-FY2032")!;
        Assert.Contains("budget requests due 2030-12-02", cycle.QuerySelector("h2")!.TextContent);
        Assert.NotNull(cycle.QuerySelector($"tr[data-agreement='{p.Alpha}'] .risk"));
        Assert.Null(cycle.QuerySelector($"tr[data-agreement='{p.Delta}'] .risk"));
        Assert.Contains("150,000.00 EUR", cycle.QuerySelector(".totals")!.TextContent);
        Assert.Equal($"/api/v1/renewals.xlsx?owner={p.Owner}", page.QuerySelector("#export-xlsx")!.GetAttribute("href"));

        var legal = await Factory.CreateUserAsync(Unique("legal"), Roles.Legal);
        var legalBrowser = await Factory.Browser().SignInAsync(legal.UserName, legal.Password);
        Assert.Null((await legalBrowser.GetPageAsync("/agreements")).QuerySelector("nav a[href='/renewals']"));
        Assert.NotEqual(HttpStatusCode.OK, (await legalBrowser.GetAsync("/renewals")).StatusCode);
    }

    [SkippableFact]
    public async Task The_csv_export_defuses_formulas_and_the_xlsx_export_reads_back_cell_by_cell()
    {
        var p = await PortfolioAsync();
        var finance = await Factory.ApiClientAsync(Unique("finance"), Roles.Finance);

        var csv = await finance.GetAsync($"/api/v1/renewals.csv?owner={p.Owner}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Fiscal year,Budget request deadline,Agreement,Vendor,Owner,Cost centre", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"FY2032,2030-12-02,\"'=SUM(1,2) Alpha; hosting\",", lines[2]);
        Assert.Contains($",{p.It},Hosting,Active,2031-06-30,2031-03-30,2030-12-30,2031-07-01,yes,120000.00,EUR,yes,Europe/Berlin,{p.Alpha}", lines[2]);
        Assert.DoesNotContain(lines, l => l.Contains(",=", StringComparison.Ordinal) || l.Contains(",\"=", StringComparison.Ordinal));

        var xlsx = await finance.GetAsync($"/api/v1/renewals.xlsx?owner={p.Owner}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var renewals = Sheet(document, "Renewals");
        Assert.Equal(4, renewals.Count);
        Assert.Equal(["Fiscal year", "Budget request deadline", "Agreement"], renewals[0].Take(3));
        Assert.Equal(["FY2032", "2030-12-02", "=SUM(1,2) Alpha; hosting"], renewals[2].Take(3));
        Assert.Equal(("120000", "EUR", "yes"), (renewals[2][13], renewals[2][14], renewals[2][15]));
        var totals = Sheet(document, "Totals");
        Assert.Equal([["Fiscal year", "Cost centre", "Currency", "Annual value", "Agreements"], ["FY2032", p.It, "EUR", "150000", "2"],
            ["FY2032", p.It, "USD", "10000", "1"]], totals);
    }

    /// <summary>The cell texts of a worksheet, row by row: inline strings and numbers as stored.</summary>
    private static List<List<string>> Sheet(SpreadsheetDocument document, string name)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        return part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()
            .Select(row => row.Elements<Cell>().Select(cell => cell.DataType?.Value == CellValues.InlineString
                ? cell.InlineString!.Text!.Text
                : decimal.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)).ToList())
            .ToList();
    }

    [SkippableFact]
    public async Task The_calendar_feed_holds_the_key_dates_a_user_owns_or_acts_on_in_RFC_5545_and_stops_when_revoked()
    {
        var p = await PortfolioAsync();
        var owner = await Factory.Browser().SignInAsync(p.Owner, $"{p.Owner}-password-1");
        var profile = await owner.GetPageAsync("/account/profile");
        Assert.Null(profile.QuerySelector("#revoke-feed"));
        var created = await Pages.ParseAsync(await owner.SubmitAsync(profile, "#create-feed", new Dictionary<string, string>()));
        var url = new Uri(created.QuerySelector("#feed-url")!.TextContent.Trim());
        Assert.Equal("/api/v1/calendar.ics", url.AbsolutePath);

        var anonymous = Factory.CreateClient();
        var response = await anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", raw);
        Assert.EndsWith("END:VCALENDAR\r\n", raw);
        var parsed = Ical.Net.Calendar.Load(raw)!;
        Assert.Equal(("2.0", "PUBLISH"), (parsed.Version, parsed.Method));
        Assert.Equal($"SlaGovernance key dates ({p.Owner})", parsed.Properties["X-WR-CALNAME"]!.Value);
        Assert.DoesNotContain("\n", raw.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.All(raw.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"Longer than 75 octets: {line}"));
        var events = Events(raw);

        var alpha = $"{p.Alpha:N}-t0";
        Assert.Equal(["20301202", "20301230", "20310330", "20310630"],
            events.Where(e => e["UID"].StartsWith(alpha, StringComparison.Ordinal)).Select(e => e["DTSTART;VALUE=DATE"]).Order());
        var decision = events.Single(e => e["UID"] == $"{alpha}-decision@slagovernance");
        Assert.Equal(("20301230", "20301231"), (decision["DTSTART;VALUE=DATE"], decision["DTEND;VALUE=DATE"]));
        Assert.Equal(@"Renewal decision due: =SUM(1\,2) Alpha\; hosting", decision["SUMMARY"]);
        Assert.Contains(@"\nUnfunded renewal risk: budget requests for FY2032 were due 2030-12-02", decision["DESCRIPTION"]);
        Assert.Matches(@"^\d{8}T\d{6}Z$", decision["DTSTAMP"]);
        // Alpha renews itself: its next term (to 30 June 2032) ends within the feed's two years, so its dates are in too.
        Assert.Contains(events, e => e["UID"] == $"{p.Alpha:N}-t1-notice@slagovernance" && e["DTSTART;VALUE=DATE"] == "20320330");
        Assert.Contains(events, e => e["UID"].StartsWith($"{p.Beta:N}-t0", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e["UID"].StartsWith($"{p.Gamma:N}", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e["UID"].StartsWith($"{p.Expired:N}", StringComparison.Ordinal));
        var again = Events(await anonymous.GetStringAsync(url.PathAndQuery));
        Assert.Equal(events.Select(e => e["UID"]), again.Select(e => e["UID"]));

        var revoked = await owner.SubmitAsync(await owner.GetPageAsync("/account/profile"), "#revoke-feed", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var refused = await anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("VCALENDAR", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/calendar.ics?token=slc_unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/calendar.ics")).StatusCode);
    }

    [SkippableFact]
    public async Task Finance_gets_budget_request_deadlines_and_procurement_gets_decisions_and_notice_deadlines()
    {
        var p = await PortfolioAsync();
        var feeds = Factory.Services.GetRequiredService<SlaGovernance.Web.Features.Renewals.CalendarFeed>();
        async Task<List<string>> UidsAsync(string role)
        {
            var user = await Factory.CreateUserAsync(Unique(role.ToLowerInvariant()), role);
            var issued = await feeds.IssueAsync(user.Id, user.UserName);
            var text = await Factory.CreateClient().GetStringAsync($"/api/v1/calendar.ics?token={issued.Secret}");
            return Events(text).Select(e => e["UID"]).Where(u => u.StartsWith($"{p.Gamma:N}-t0", StringComparison.Ordinal)).ToList();
        }
        Assert.Equal([$"{p.Gamma:N}-t0-budget-request@slagovernance"], await UidsAsync(Roles.Finance));
        Assert.Equal([$"{p.Gamma:N}-t0-decision@slagovernance", $"{p.Gamma:N}-t0-notice@slagovernance"], (await UidsAsync(Roles.Procurement)).Order());
        Assert.Empty(await UidsAsync(Roles.Auditor));
    }

    /// <summary>The events of a feed, each as its properties after unfolding.</summary>
    private static List<Dictionary<string, string>> Events(string ics)
    {
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        var events = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var line in unfolded.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (line == "BEGIN:VEVENT")
                current = new Dictionary<string, string>(StringComparer.Ordinal);
            else if (line == "END:VEVENT")
                events.Add(current!);
            else if (current is not null)
                current[line[..line.IndexOf(':')]] = line[(line.IndexOf(':') + 1)..];
        }
        return events;
    }
}

public sealed class SqliteRenewalTests(SqliteRenewalTests.Host host) : RenewalTests, IClassFixture<SqliteRenewalTests.Host>
{
    public sealed class Host : IDisposable
    {
        public Host() => Factory.Time.SetUtcNow(Now);

        public SlaGovernanceFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    protected override SlaGovernanceFactory Factory => host.Factory;
}

public sealed class PostgresRenewalTests(PostgresRenewalTests.Host host) : RenewalTests, IClassFixture<PostgresRenewalTests.Host>
{
    public sealed class Host() : PostgresFactoryHost("slagov_test_renew_")
    {
        protected override void Configure(SlaGovernanceFactory factory) => factory.Time.SetUtcNow(Now);
    }

    protected override SlaGovernanceFactory Factory
    {
        get
        {
            TestEnvironment.SkipUnlessAvailable(host.Factory is not null,
                $"{TestEnvironment.PostgresVariable} is not set (a PostgreSQL connection string); .ci/run sets it.");
            return host.Factory!;
        }
    }
}
