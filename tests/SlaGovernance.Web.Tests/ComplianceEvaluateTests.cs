using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Tests;

/// <summary>The stateless calculator, checked against figures worked out by hand in the comments.</summary>
public sealed class ComplianceEvaluateTests : IDisposable
{
    private readonly SlaGovernanceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static object October(object[] slos, decimal cap = 30m) => new
    {
        timeZone = "Europe/Berlin",
        period = new { month = "2026-10" },
        monthlyFee = 12_500m, currency = "EUR", creditCapPercent = cap,
        creditTiers = new[] { new { belowPercent = 99.9m, creditPercent = 5m }, new { belowPercent = 99.5m, creditPercent = 10m } },
        excludedTime = "CountsAsAvailable",
        exclusions = new[] { new { type = "ForceMajeure", from = "2026-10-12T08:00:00Z", to = "2026-10-12T09:00:00Z" } },
        maintenanceWindows = new[] { new { day = "Sunday", start = "02:00", durationMinutes = 120 } },
        businessHours = new { start = "08:00", end = "18:00", holidays = new[] { "2026-10-03" } },
        slos,
    };

    // The vendor reports 99.95 % for the month.
    private static readonly object Portal = new
    {
        name = "Customer portal", kind = "availability", targetPercent = 99.9m,
        outages = new[] { new { from = "2026-10-05T10:00:00Z", to = "2026-10-05T10:50:00Z" } },
        vendorReportedPercent = 99.95m,
    };

    [Fact]
    public async Task October_in_Berlin_with_an_outage_a_met_ticket_and_a_ratio_gives_the_hand_computed_attainment_credit_and_budget()
    {
        var client = await _factory.ApiClientAsync("calculator", Roles.VendorManager);
        var response = await client.PostAsJsonAsync("/api/v1/compliance/evaluate", October(
        [
            Portal,
            new
            {
                name = "Service desk", kind = "responseTime", targetPercent = 95m, businessHoursOnly = true,
                targetMinutesByPriority = new Dictionary<string, int> { ["P1"] = 15 },
                tickets = new[] { new { id = "T-1", priority = "P1", created = "2026-10-06T09:00:00Z", firstResponse = "2026-10-06T09:10:00Z" } },
                creditTiers = Array.Empty<object>(),
            },
            new { name = "CSAT", kind = "ratio", targetPercent = 90m, good = 180, total = 200, creditTiers = Array.Empty<object>() },
        ]));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.ReadJsonAsync();
        var slos = result.GetProperty("slos");

        // October 2026 in Berlin has 31 days and the hour clocks go back on the 25th: 745 h = 44,700 min. 50 min down,
        // excluded time counting as available: (44,700 - 50) / 44,700 = 99.8881 %, below 99.9 -> tier 1, 5 %.
        var portal = slos[0];
        Assert.Equal(44_700, portal.GetProperty("maximumMinutes").GetDouble());
        Assert.Equal(50, portal.GetProperty("downtimeMinutes").GetDouble());
        Assert.Equal(99.8881m, decimal.Round(portal.GetProperty("attainmentPercent").GetDecimal(), 4));
        Assert.Equal(("Missed", 5m), (portal.GetProperty("outcome").GetString(), portal.GetProperty("creditPercent").GetDecimal()));
        Assert.Equal(60, portal.GetProperty("excludedMinutes").GetProperty("ForceMajeure").GetDouble());
        // The vendor's 99.95 % is 0.0619 points above ours, beyond the default 0.01 tolerance: flagged.
        Assert.Equal(0.0619m, decimal.Round(portal.GetProperty("vendorDifferencePoints").GetDecimal(), 4));
        Assert.True(portal.GetProperty("discrepancy").GetBoolean());
        Assert.False(slos[2].GetProperty("discrepancy").GetBoolean());
        // Four Sundays, 02:00 local for 120 minutes each.
        Assert.Equal(480, portal.GetProperty("excludedMinutes").GetProperty("ScheduledMaintenance").GetDouble());
        // Budget: 0.1 % of 44,700 min = 44.7 min; 50 spent, 5.3 over.
        var budget = portal.GetProperty("errorBudget");
        Assert.Equal((44.7, 50.0), (Math.Round(budget.GetProperty("budgetMinutes").GetDouble(), 6), budget.GetProperty("consumedMinutes").GetDouble()));

        // The ticket was answered in 10 of its 15 minutes: met, 100 %. 180 of 200 responses good: 90 % against 90 %, met.
        Assert.Equal(("Met", 100m), (slos[1].GetProperty("outcome").GetString(), slos[1].GetProperty("attainmentPercent").GetDecimal()));
        Assert.Equal(("Met", 90m, 0m), (slos[2].GetProperty("outcome").GetString(), slos[2].GetProperty("attainmentPercent").GetDecimal(),
            slos[2].GetProperty("creditPercent").GetDecimal()));

        // 5 % of 12,500 EUR = 625 EUR, under the 30 % cap.
        Assert.Equal((5m, 5m, false, 625m, "EUR"), (result.GetProperty("earnedCreditPercent").GetDecimal(), result.GetProperty("appliedCreditPercent").GetDecimal(),
            result.GetProperty("capped").GetBoolean(), result.GetProperty("creditAmount").GetDecimal(), result.GetProperty("currency").GetString()));
    }

    [Fact]
    public async Task A_cap_limits_the_credit_and_bad_input_is_refused_field_by_field_with_nothing_computed()
    {
        var client = await _factory.ApiClientAsync("what-if", Roles.Finance);
        var capped = await (await client.PostAsJsonAsync("/api/v1/compliance/evaluate", October([Portal], cap: 2m))).ReadJsonAsync();
        Assert.Equal((5m, 2m, true, 250m), (capped.GetProperty("earnedCreditPercent").GetDecimal(), capped.GetProperty("appliedCreditPercent").GetDecimal(),
            capped.GetProperty("capped").GetBoolean(), capped.GetProperty("creditAmount").GetDecimal()));

        var bad = await client.PostAsJsonAsync("/api/v1/compliance/evaluate", new
        {
            timeZone = "Mars/Olympus", period = new { month = "2026-13" }, monthlyFee = 1m, currency = "eur", creditCapPercent = 120m,
            creditTiers = new[] { new { belowPercent = 99m, creditPercent = 10m }, new { belowPercent = 99.5m, creditPercent = 5m } },
            excludedTime = "CountsAsAvailable",
            slos = new object[]
            {
                new { name = "x", kind = "uptime", targetPercent = 101m },
                new { name = "desk", kind = "responseTime", targetPercent = 95m, targetMinutesByPriority = new Dictionary<string, int> { ["P1"] = 15 },
                    tickets = new[] { new { id = "T-9", priority = "P7", created = "2026-10-06T09:00:00Z" } } },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = await bad.ProblemErrorsAsync();
        Assert.Superset(new HashSet<string> { "timeZone", "currency", "creditCapPercent", "slos[0].kind", "slos[0].targetPercent", "slos[1].tickets[0].priority" },
            errors.Keys.ToHashSet());
        Assert.Contains(errors.Keys, k => k.StartsWith("creditTiers[1]", StringComparison.Ordinal));
    }
}
