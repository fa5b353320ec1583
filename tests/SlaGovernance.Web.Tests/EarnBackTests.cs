using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// An earn-back of two periods, worked by hand. The portal's target is 99.9 % with tiers 5/10/25 % below 99.9/99.5/99 % of a
/// 12,000 EUR fee, in Berlin.
/// <list type="bullet">
/// <item>February 2027 (40,320 minutes): 100 minutes down, 99.752 %: missed, 5 % = 600.00 EUR.</item>
/// <item>March (44,580 minutes, one hour lost to daylight saving): 1 minute down, 99.998 %: met.</item>
/// <item>April (43,200 minutes): 400 minutes down, 99.074 %: missed, 10 % = 1,200.00 EUR.</item>
/// <item>May and June: 1 minute down each, met.</item>
/// </list>
/// February's credit stands, since April (one of the two periods after it) was missed; April's is earned back once May and June
/// are met, and is pending while only May is reported.
/// </summary>
public sealed class EarnBackTests : IDisposable
{
    private readonly SteppedClockFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private static async Task UploadOutageAsync(HttpClient client, Guid agreementId, string start, string end)
    {
        var outages = new StringContent($"service,start,end,cause\nCustomer portal,{start},{end},Storage\n", Encoding.UTF8);
        outages.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var uploaded = await client.PostAsync($"/api/v1/agreements/{agreementId}/data/outages", outages);
        Assert.True(uploaded.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await uploaded.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> ComputeAsync(HttpClient client, Guid agreementId, string period)
    {
        var computed = await client.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/compliance/reports", new { period });
        Assert.True(computed.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await computed.Content.ReadAsStringAsync());
        var revision = (await computed.ReadJsonAsync()).GetProperty("revision").GetInt32();
        return await (await client.GetAsync($"/api/v1/agreements/{agreementId}/compliance/reports/{period}/revisions/{revision}")).ReadJsonAsync();
    }

    [Fact]
    public async Task A_credit_is_earned_back_when_the_next_two_periods_are_met_and_stands_when_one_is_missed()
    {
        var now = new DateTimeOffset(2027, 7, 5, 9, 0, 0, TimeSpan.Zero);
        _factory.Clock.Set(now);
        await _factory.Services.GetRequiredService<AgreementLifecycle>().SweepAsync(now);
        var staff = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement, Roles.VendorManager);
        var vendorId = (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Hostly"), riskTier = "High", contactEmail = "sla@vendor.test" }))
            .ReadJsonAsync()).GetProperty("id").GetGuid();
        var content = AgreementSamples.Hosting(vendorId) with
        {
            Title = Unique("Portal"), MonthlyFee = 12_000m, AnnualValue = 144_000m, MaintenanceWindows = [], EarnBack = new EarnBack(2),
            Slos = [new ServiceLevelObjective("Customer portal", MetricKind.Availability, 99.9m, WindowKind.CalendarMonth, null, false, null,
                new Measurement("Incident records", MeasurementMode.Passive, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown)],
        };
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2026-12-15"), "signedOn" },
            { new StringContent("Dana; Hans"), "signatories" },
        };
        var imported = await staff.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var id = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();

        await UploadOutageAsync(staff, id, "2027-02-10T08:00:00Z", "2027-02-10T09:40:00Z");
        await UploadOutageAsync(staff, id, "2027-03-10T08:00:00Z", "2027-03-10T08:01:00Z");
        await UploadOutageAsync(staff, id, "2027-04-20T08:00:00Z", "2027-04-20T14:40:00Z");
        await UploadOutageAsync(staff, id, "2027-05-10T08:00:00Z", "2027-05-10T08:01:00Z");
        await UploadOutageAsync(staff, id, "2027-06-10T08:00:00Z", "2027-06-10T08:01:00Z");

        var february = await ComputeAsync(staff, id, "2027-02");
        Assert.Equal(600m, february.GetProperty("report").GetProperty("creditAmount").GetDecimal());
        Assert.Equal("Pending", february.GetProperty("earnBack").GetProperty("status").GetString());
        await ComputeAsync(staff, id, "2027-03");
        var april = await ComputeAsync(staff, id, "2027-04");
        Assert.Equal(1_200m, april.GetProperty("report").GetProperty("creditAmount").GetDecimal());
        february = await (await staff.GetAsync($"/api/v1/agreements/{id}/compliance/reports/2027-02/revisions/1")).ReadJsonAsync();
        Assert.Equal(("Kept", "The credit of 600.00 EUR stands: 2027-04, one of the 2 periods that follow, was not met."),
            (february.GetProperty("earnBack").GetProperty("status").GetString(), february.GetProperty("earnBack").GetProperty("explanation").GetString()));

        // April's credit is claimed; with May alone reported, its earn-back is pending.
        var claim = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/credit-claims", new { period = "2027-04" });
        Assert.True(claim.StatusCode == HttpStatusCode.Created, await claim.Content.ReadAsStringAsync());
        var claimId = (await claim.ReadJsonAsync()).GetProperty("id").GetGuid();
        await ComputeAsync(staff, id, "2027-05");
        var pending = (await (await staff.GetAsync($"/api/v1/credit-claims/{claimId}")).ReadJsonAsync()).GetProperty("earnBack");
        Assert.Equal(("Pending", false), (pending.GetProperty("status").GetString(), pending.GetProperty("forgiven").GetBoolean()));
        Assert.EndsWith("1 of 2 met so far, the rest not reported yet.", pending.GetProperty("explanation").GetString(), StringComparison.Ordinal);

        // June met too: April's credit, and the claim on it, are earned back; the claim's page says so.
        await ComputeAsync(staff, id, "2027-06");
        var earned = (await (await staff.GetAsync($"/api/v1/credit-claims/{claimId}")).ReadJsonAsync()).GetProperty("earnBack");
        Assert.Equal(("EarnedBack", true), (earned.GetProperty("status").GetString(), earned.GetProperty("forgiven").GetBoolean()));
        Assert.Equal("The credit of 1,200.00 EUR is earned back: every objective was met in each of the 2 periods that follow (2027-05, 2027-06).",
            earned.GetProperty("explanation").GetString());
        Assert.Equal(["2027-05", "2027-06"], earned.GetProperty("following").EnumerateArray().Select(p => p.GetProperty("period").GetString()));

        var reader = await _factory.CreateUserAsync(Unique("reader"), Roles.Auditor);
        var browser = await _factory.Browser().SignInAsync(reader.UserName, reader.Password);
        var claimPage = await browser.GetPageAsync($"/claims/{claimId}");
        Assert.StartsWith("Forgiven: The credit of 1,200.00 EUR is earned back", claimPage.QuerySelector("#claim-earn-back")!.TextContent, StringComparison.Ordinal);
        var compliancePage = await browser.GetPageAsync($"/agreements/{id}/compliance?period=2027-04");
        Assert.Contains("Earned back", compliancePage.QuerySelector("#earn-back")!.TextContent, StringComparison.Ordinal);
    }
}
