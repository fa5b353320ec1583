using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Credit tiers per objective: an objective's own tiers replace the agreement's, and an agreement tier whose threshold lies above
/// an objective's target does not apply to it, in the stored reports, the calculator and the editor's warnings. April 2026 in
/// Berlin; tiers 5/10/25 % below 99.9/99.5/99 %, a 12,500 EUR fee, a 30 % cap.
/// </summary>
public sealed class CreditModelTests(SlaGovernanceFactory factory) : IClassFixture<SlaGovernanceFactory>
{
    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    private static ServiceLevelObjective Desk(string service, decimal target, IReadOnlyList<CreditTier>? tiers = null) =>
        new(service, MetricKind.ResponseTime, target, WindowKind.CalendarMonth, null, false, null,
            new Measurement("Ticketing export", MeasurementMode.Passive, "1 minute", 60), MissingDataPolicy.CountedAsDown,
            PriorityTargets: [new PriorityTarget("P2", 60)], CreditTiers: tiers);

    /// <summary>Ten P2 tickets on each service in April, nine answered within the hour and one after two: 90 %.</summary>
    private static string Tickets(params string[] services)
    {
        var csv = new StringBuilder("service,id,priority,created,first_response,resolved,pauses\n");
        foreach (var service in services)
            for (var i = 1; i <= 10; i++)
                csv.Append(FormattableString.Invariant(
                    $"{service},{service[..1]}-{i},P2,2026-04-{i + 5:00}T09:00:00Z,2026-04-{i + 5:00}T{(i == 10 ? 11 : 9):00}:30:00Z,2026-04-{i + 5:00}T15:00:00Z,\n"));
        return csv.ToString();
    }

    [Fact]
    public async Task An_objective_meeting_its_own_target_earns_nothing_by_the_agreements_higher_tiers_and_one_with_tiers_of_its_own_earns_by_them()
    {
        var staff = await factory.ApiClientAsync(Unique("procurement"), Roles.Procurement, Roles.VendorManager);
        var vendor = await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Deskly"), riskTier = "High" })).ReadJsonAsync();
        var content = AgreementSamples.Hosting(vendor.GetProperty("id").GetGuid()) with
        {
            Title = Unique("Service desk"), TermStart = new DateOnly(2026, 1, 1), TermEnd = new DateOnly(2027, 12, 31), MaintenanceWindows = [],
            Slos = [Desk("Service desk", 90m), Desk("Field service", 95m, [new CreditTier(95m, 5m), new CreditTier(90m, 10m)])],
        };
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2025-12-15"), "signedOn" },
            { new StringContent("Dana; Hans"), "signatories" },
        };
        var imported = await staff.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var id = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();

        // The API warns that the agreement's tiers do not reach the 90 % objective; the one with tiers of its own gets no warning.
        var agreement = await (await staff.GetAsync($"/api/v1/agreements/{id}")).ReadJsonAsync();
        var warning = Assert.Single(agreement.GetProperty("warnings").EnumerateArray());
        Assert.Equal("slos[0].creditTiers", warning.GetProperty("path").GetString());
        Assert.Contains("Service desk response time: the agreement's tiers below 99.9 % and below 99.5 % and below 99 % lie above its 90 % target",
            warning.GetProperty("message").GetString());

        var upload = new StringContent(Tickets("Service desk", "Field service"), Encoding.UTF8);
        upload.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsync($"/api/v1/agreements/{id}/data/tickets", upload)).StatusCode);
        var computed = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/compliance/reports", new { period = "2026-04" });
        Assert.True(computed.StatusCode == HttpStatusCode.Created, await computed.Content.ReadAsStringAsync());
        var report = (await computed.ReadJsonAsync()).GetProperty("report");
        var slos = report.GetProperty("slos").EnumerateArray().ToList();
        // 9 of 10 within the hour: 90 %. The service desk meets its 90 % target: no credit (the agreement's 25 % tier below 99 % is not
        // its). The field service misses 95 %: its own tier below 95 % gives 5 %, not below 90 %. 5 % of 12,500 EUR = 625 EUR.
        Assert.Equal(("Met", 90m, 0m), (slos[0].GetProperty("outcome").GetString(), slos[0].GetProperty("attainmentPercent").GetDecimal(),
            slos[0].GetProperty("creditPercent").GetDecimal()));
        Assert.Equal(("Missed", 90m, 5m), (slos[1].GetProperty("outcome").GetString(), slos[1].GetProperty("attainmentPercent").GetDecimal(),
            slos[1].GetProperty("creditPercent").GetDecimal()));
        Assert.Equal(625m, report.GetProperty("creditAmount").GetDecimal());
        var reporter = await factory.CreateUserAsync(Unique("reporter"), Roles.VendorManager);
        var compliance = await (await factory.Browser().SignInAsync(reporter.UserName, reporter.Password))
            .GetPageAsync($"/agreements/{id}/compliance?period=2026-04&revision=1");
        Assert.Contains("Claim 625.00 EUR from the vendor", compliance.QuerySelector("#claim-form button")!.TextContent);

        // The editor shows the warning beside the objective, in a draft with the same terms.
        var editor = await factory.CreateUserAsync(Unique("editor"), Roles.Procurement);
        var browser = await factory.Browser().SignInAsync(editor.UserName, editor.Password);
        var draft = await staff.PostAsJsonAsync("/api/v1/agreements", content with { Title = Unique("Draft desk") }, AgreementContent.Json);
        Assert.True(draft.StatusCode == HttpStatusCode.Created, await draft.Content.ReadAsStringAsync());
        var page = await browser.GetPageAsync($"/agreements/edit/{(await draft.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid()}");
        Assert.Contains("it earns no credit while it meets its own target", page.QuerySelector("#slo-0 .field-warning")!.TextContent);
        Assert.Null(page.QuerySelector("#slo-1 .field-warning"));
        Assert.Equal("95=5, 90=10", page.QuerySelector("#slo-1 input[name='Input.Slos[1].CreditTiers']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_calculator_stops_a_tickets_clock_for_its_pauses_and_refuses_a_pause_that_ends_before_it_starts()
    {
        var client = await factory.ApiClientAsync(Unique("calculator"), Roles.VendorManager);
        object Request(object[] pauses) => new
        {
            timeZone = "Europe/Berlin", period = new { month = "2026-10" }, monthlyFee = 1_000m, currency = "EUR", creditCapPercent = 30m,
            creditTiers = new[] { new { belowPercent = 99.9m, creditPercent = 5m } },
            slos = new object[]
            {
                new
                {
                    name = "Service desk", kind = "responseTime", targetPercent = 95m, targetMinutesByPriority = new Dictionary<string, int> { ["P1"] = 60 },
                    tickets = new[] { new { id = "T-1", priority = "P1", created = "2026-10-06T09:00:00Z", firstResponse = "2026-10-06T10:30:00Z", pauses } },
                },
            },
        };
        // Answered after 90 minutes, 60 of them paused awaiting the customer: 30 minutes on the clock, within the hour.
        var paused = await client.PostAsJsonAsync("/api/v1/compliance/evaluate",
            Request([new { from = "2026-10-06T09:10:00Z", to = "2026-10-06T10:10:00Z", reason = "awaiting customer" }]));
        Assert.True(paused.StatusCode == HttpStatusCode.OK, await paused.Content.ReadAsStringAsync());
        var slo = (await paused.ReadJsonAsync()).GetProperty("slos")[0];
        Assert.Equal(("Met", 100m, 0m), (slo.GetProperty("outcome").GetString(), slo.GetProperty("attainmentPercent").GetDecimal(),
            slo.GetProperty("creditPercent").GetDecimal()));
        // Without the pause, 90 minutes: missed, 0 %; the agreement's tier below 99.9 % lies above the 95 % target, so still no credit.
        var unpaused = (await (await client.PostAsJsonAsync("/api/v1/compliance/evaluate", Request([]))).ReadJsonAsync()).GetProperty("slos")[0];
        Assert.Equal(("Missed", 0m, 0m), (unpaused.GetProperty("outcome").GetString(), unpaused.GetProperty("attainmentPercent").GetDecimal(),
            unpaused.GetProperty("creditPercent").GetDecimal()));

        var bad = await client.PostAsJsonAsync("/api/v1/compliance/evaluate",
            Request([new { from = "2026-10-06T10:10:00Z", to = "2026-10-06T09:10:00Z", reason = "backwards" }]));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("slos[0].tickets[0].pauses[0]", (await bad.ProblemErrorsAsync()).Keys);
    }
}
