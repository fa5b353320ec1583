using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// What a stored report's inputs hash covers (the business calendar's content, the as-of instant when the figures depend on it)
/// and the data-quality warnings it carries. April 2026 in Berlin; a service desk answering P2 tickets within 60 business minutes.
/// </summary>
public sealed class ReportIntegrityTests(SlaGovernanceFactory factory) : IClassFixture<SlaGovernanceFactory>
{
    private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    private static readonly string[] Easter = ["2026-04-03", "2026-04-06"];

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    private static async Task UploadAsync(HttpClient client, Guid agreementId, string kind, string csv)
    {
        var content = new StringContent(csv, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await client.PostAsync($"/api/v1/agreements/{agreementId}/data/{kind}", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{kind}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_holiday_added_to_the_calendar_changes_the_inputs_hash_an_as_of_instant_judges_open_tickets_and_unused_rows_are_warned_of()
    {
        var admin = await factory.AdminApiAsync();
        var calendar = await admin.PostAsJsonAsync("/api/v1/calendars", new
        {
            name = Unique("Berlin office"), timeZone = "Europe/Berlin",
            hours = Weekdays.Select(day => new { day, start = "08:00", end = "18:00" }),
            holidays = Array.Empty<string>(), isDefault = false,
        });
        Assert.True(calendar.StatusCode == HttpStatusCode.Created, await calendar.Content.ReadAsStringAsync());
        var calendarId = (await calendar.ReadJsonAsync()).GetProperty("id").GetGuid();

        var staff = await factory.ApiClientAsync(Unique("procurement"), Roles.Procurement, Roles.VendorManager);
        var vendor = await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Deskly"), riskTier = "High" })).ReadJsonAsync();
        var content = AgreementSamples.Hosting(vendor.GetProperty("id").GetGuid()) with
        {
            Title = Unique("Desk"), TermStart = new DateOnly(2026, 1, 1), TermEnd = new DateOnly(2027, 12, 31), BusinessCalendarId = calendarId,
            Slos =
            [
                new ServiceLevelObjective("Service desk", MetricKind.ResponseTime, 90m, WindowKind.CalendarMonth, null, true, null,
                    new Measurement("Ticketing export", MeasurementMode.Passive, "1 minute", 60), MissingDataPolicy.CountedAsDown,
                    PriorityTargets: [new PriorityTarget("P2", 60)]),
            ],
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

        // T-1 was answered after the Easter weekend: Thursday 2 April 17:30 Berlin to Tuesday 7 April 08:30 is 30 business minutes
        // on Thursday, 10 h on Friday 3 April, 10 h on Monday 6 April and 30 minutes on Tuesday: missed. T-2 is never answered.
        await UploadAsync(staff, id, "tickets", "service,id,priority,created,first_response,resolved,pauses\n" +
            "Service desk,T-1,P2,2026-04-02T15:30:00Z,2026-04-07T06:30:00Z,,\n" +
            "Service desk,T-2,P2,2026-04-30T13:00:00Z,,,\n");
        // Outages for a service no objective has, and probe samples for the passively measured desk: neither is used.
        await UploadAsync(staff, id, "outages", "service,start,end\nCustomer portal,2026-04-08T10:00:00Z,2026-04-08T11:00:00Z\n");

        var first = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/compliance/reports", new { period = "2026-04" });
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var report = await first.ReadJsonAsync();
        var desk = report.GetProperty("report").GetProperty("slos")[0];
        Assert.Equal(("Missed", 0m, 0), (desk.GetProperty("outcome").GetString(), desk.GetProperty("attainmentPercent").GetDecimal(),
            desk.GetProperty("pendingTickets").GetInt32()));
        Assert.Contains($"calendar {calendarId:D} sha256 ", report.GetProperty("inputs").GetString());
        var warnings = report.GetProperty("report").GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("name the service 'Customer portal', which no objective has", StringComparison.Ordinal));

        // Easter Friday and Monday become holidays: T-1's clock runs only 30 + 30 minutes, within the hour. Without a reason, the
        // changed calendar alone makes a new revision that says so.
        var current = await admin.GetAsync($"/api/v1/calendars/{calendarId}");
        var holidays = await admin.PutJsonAsync($"/api/v1/calendars/{calendarId}", new
        {
            name = "Berlin office", timeZone = "Europe/Berlin",
            hours = Weekdays.Select(day => new { day, start = "08:00", end = "18:00" }),
            holidays = Easter, isDefault = false,
        }, current.Headers.ETag!.Tag);
        Assert.True(holidays.StatusCode == HttpStatusCode.OK, await holidays.Content.ReadAsStringAsync());
        var second = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/compliance/reports", new { period = "2026-04" });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var revised = await second.ReadJsonAsync();
        Assert.Equal(2, revised.GetProperty("revision").GetInt32());
        Assert.NotEqual(report.GetProperty("inputsSha256").GetString(), revised.GetProperty("inputsSha256").GetString());
        Assert.Contains("calendar", revised.GetProperty("reason").GetString());
        Assert.Equal(50m, revised.GetProperty("report").GetProperty("slos")[0].GetProperty("attainmentPercent").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/compliance/reports", new { period = "2026-04" })).StatusCode);

        // As of 30 April 15:30 Berlin, T-2 (opened 15:00) is still within its hour: pending, left out; the as-of is in the inputs.
        var asOf = new DateTimeOffset(2026, 4, 30, 13, 30, 0, TimeSpan.Zero);
        var then = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/compliance/reports", new { period = "2026-04", asOf });
        Assert.True(then.StatusCode == HttpStatusCode.Created, await then.Content.ReadAsStringAsync());
        var asOfReport = await then.ReadJsonAsync();
        var pending = asOfReport.GetProperty("report").GetProperty("slos")[0];
        Assert.Equal((1, 100m), (pending.GetProperty("pendingTickets").GetInt32(), pending.GetProperty("attainmentPercent").GetDecimal()));
        Assert.Equal(asOf, asOfReport.GetProperty("report").GetProperty("asOf").GetDateTimeOffset());
        Assert.Contains("as-of 2026-04-30T13:30:00Z", asOfReport.GetProperty("inputs").GetString());

        // An as-of in the future or before the period is refused, and nothing is stored.
        var future = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/compliance/reports", new { period = "2026-04", asOf = DateTimeOffset.UtcNow.AddDays(2) });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("asOf", (await future.ProblemErrorsAsync()).Keys);
        var before = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/compliance/reports", new { period = "2026-04", asOf = "2026-03-01T00:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        Assert.Equal(3, (await (await staff.GetAsync($"/api/v1/agreements/{id}/compliance/reports")).ReadJsonAsync()).GetArrayLength());
    }
}
