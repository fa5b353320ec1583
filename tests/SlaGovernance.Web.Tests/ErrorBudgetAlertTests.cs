using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Error budgets and burn-rate alerts from uploads of per-minute probe samples on a stepped clock. The Status API's target is
/// 99.9 %, so February 2027 in Berlin (28 days) allows 40.32 minutes down. Ten minutes down at once fires all three workbook
/// alerts: page-1h and page-6h resolve within the same data (5 and 30 minutes after it), ticket-3d stays open for 6 hours.
/// </summary>
public sealed class ErrorBudgetAlertTests : IDisposable
{
    private readonly SteppedClockFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private Database Database => _factory.Services.GetRequiredService<Database>();

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2027, 2, day, hour, minute, 0, TimeSpan.Zero);

    private async Task AtAsync(DateTimeOffset at)
    {
        _factory.Clock.Set(at);
        await _factory.Services.GetRequiredService<AgreementLifecycle>().SweepAsync(at);
        await _factory.DrainEventsAsync();
    }

    /// <summary>Per-minute samples of the Status API for <paramref name="minutes"/> minutes from <paramref name="from"/>, down in [downFrom, downTo).</summary>
    private static string Samples(DateTimeOffset from, int minutes, DateTimeOffset? downFrom = null, DateTimeOffset? downTo = null)
    {
        var csv = new StringBuilder("service,timestamp,up\n");
        for (var m = 0; m < minutes; m++)
        {
            var at = from.AddMinutes(m);
            var up = !(at >= downFrom && at < downTo);
            csv.Append(CultureInfo.InvariantCulture, $"Status API,{at:yyyy-MM-ddTHH:mm:ssZ},{(up ? "true" : "false")}\n");
        }
        return csv.ToString();
    }

    private async Task<HttpStatusCode> UploadAsync(HttpClient client, Guid agreementId, string csv)
    {
        var content = new StringContent(csv, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await client.PostAsync($"/api/v1/agreements/{agreementId}/data/probe-samples", content);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
        return response.StatusCode;
    }

    private sealed record Mail(string Subject, string Recipients, string TextBody);

    private async Task<List<Mail>> MailsAsync(string title)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<Mail>(Database.Sql(
            "SELECT subject, recipients, text_body FROM email_outbox WHERE subject LIKE @Like ORDER BY created_at, id"), new { Like = "%" + title + "%" })).ToList();
    }

    private async Task<int> CountAsync(string from)
    {
        await using var connection = await Database.OpenAsync();
        return (int)await connection.ExecuteScalarAsync<long>(Database.Sql($"SELECT COUNT(*) FROM {from}"));
    }

    [Fact]
    public async Task Each_burn_rate_episode_is_reported_once_late_ones_marked_and_an_exhausted_budget_freezes_standard_changes()
    {
        var owner = Unique("owner");
        await _factory.CreateUserAsync(owner, Roles.VendorManager);
        var board = Unique("board");
        await _factory.CreateUserAsync(board, Roles.GovernanceBoard);
        var staff = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement, Roles.VendorManager);
        var vendor = await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Hostly"), riskTier = "High" })).ReadJsonAsync();
        var title = Unique("Status hosting");
        var content = AgreementSamples.Hosting(vendor.GetProperty("id").GetGuid()) with
        {
            Title = title, Owner = owner, MaintenanceWindows = [], Exclusions = [],
            Slos =
            [
                new ServiceLevelObjective("Status API", MetricKind.Availability, 99.9m, WindowKind.CalendarMonth, null, false, null,
                    new Measurement("Synthetic probes", MeasurementMode.Active, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown),
            ],
            ErrorBudgetPolicy = new ErrorBudgetPolicy(0, FreezeChanges: true, NotifyBoard: true, RequireBreachReview: true),
        };
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2026-12-15"), "signedOn" },
            { new StringContent("Dana Drafter; Hans Host"), "signatories" },
        };
        var imported = await staff.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var id = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        await AtAsync(Utc(10, 11, 30));

        // 09:00-11:00 on the 10th, down 10:00-10:10: each alert fires at 10:01, one email each to the owner and the vendor managers.
        var first = Samples(Utc(10, 9), 120, Utc(10, 10), Utc(10, 10, 10));
        await UploadAsync(staff, id, first);
        var mails = await MailsAsync(title);
        Assert.Equal(["page-1h", "page-6h", "ticket-3d"], mails.Select(m => m.Subject.Split('(', ')')[1]).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.Contains($"{owner}@example.com", m.Recipients, StringComparison.Ordinal));
        var page = mails.Single(m => m.Subject.Contains("page-1h", StringComparison.Ordinal));
        Assert.Contains("Status API availability burning 17 times the sustainable rate", page.Subject, StringComparison.Ordinal);
        Assert.Contains("Budget remaining: 39.3 of 40.3 minutes", page.TextBody, StringComparison.Ordinal);
        Assert.Contains("What to do next: ask the vendor now", page.TextBody, StringComparison.Ordinal);

        var budgets = await (await staff.GetAsync($"/api/v1/agreements/{id}/error-budgets")).ReadJsonAsync();
        var budget = budgets.GetProperty("budgets").EnumerateArray().Single();
        Assert.Equal(40.32, budget.GetProperty("budgetMinutes").GetDouble(), 6);
        Assert.Equal(10, budget.GetProperty("consumedMinutes").GetDouble(), 6);
        Assert.Equal(30.32, budget.GetProperty("remainingMinutes").GetDouble(), 6);
        Assert.Equal(Utc(10, 11), budget.GetProperty("dataTime").GetDateTimeOffset());
        var episodes = budgets.GetProperty("episodes").EnumerateArray().ToDictionary(e => e.GetProperty("alert").GetString()!);
        Assert.Equal(Utc(10, 10, 1), episodes["page-1h"].GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(Utc(10, 10, 15), episodes["page-1h"].GetProperty("resolvedAt").GetDateTimeOffset());
        Assert.Equal(Utc(10, 10, 40), episodes["page-6h"].GetProperty("resolvedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, episodes["ticket-3d"].GetProperty("resolvedAt").ValueKind);
        Assert.All(episodes.Values, e => Assert.False(e.GetProperty("late").GetBoolean()));

        // The same file again is the same upload; the next hour's data lies within the open ticket episode: no email either way.
        Assert.Equal(HttpStatusCode.OK, await UploadAsync(staff, id, first));
        await UploadAsync(staff, id, Samples(Utc(10, 11), 60));
        Assert.Equal(3, (await MailsAsync(title)).Count);

        // The home page of the owner shows the episode still open.
        var owners = await _factory.ApiClientAsync(Unique("manager"), Roles.VendorManager);
        var attention = await (await owners.GetAsync("/api/v1/me/attention")).ReadJsonAsync();
        var section = attention.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "budgets-at-risk");
        var burning = Assert.Single(section.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString()!.Contains(title, StringComparison.Ordinal));
        Assert.Equal("budget-burning", burning.GetProperty("kind").GetString());
        Assert.Contains("(ticket-3d)", burning.GetProperty("title").GetString(), StringComparison.Ordinal);

        // Late data: the evening before, down 20:30-20:40, arrives after the 10th's data. Its episodes are reported once, marked late.
        await UploadAsync(staff, id, Samples(Utc(9, 20), 120, Utc(9, 20, 30), Utc(9, 20, 40)));
        var late = (await MailsAsync(title)).Skip(3).ToList();
        Assert.Equal(["page-1h", "page-6h", "ticket-3d"], late.Select(m => m.Subject.Split('(', ')')[1]).Order(StringComparer.Ordinal));
        Assert.All(late, m => Assert.StartsWith("[late data] ", m.Subject, StringComparison.Ordinal));
        Assert.All(late, m => Assert.Contains("found in late data", m.TextBody, StringComparison.Ordinal));
        budgets = await (await staff.GetAsync($"/api/v1/agreements/{id}/error-budgets")).ReadJsonAsync();
        Assert.Equal(3, budgets.GetProperty("episodes").EnumerateArray().Count(e => e.GetProperty("late").GetBoolean()));
        Assert.Equal(20, budgets.GetProperty("budgets")[0].GetProperty("consumedMinutes").GetDouble(), 6);
        Assert.Equal(Utc(10, 12), budgets.GetProperty("budgets")[0].GetProperty("dataTime").GetDateTimeOffset());

        // Half an hour down at noon spends the rest of the budget (20 + 30 > 40.32): the policy freezes changes and tells the board once.
        await AtAsync(Utc(10, 13, 5));
        await UploadAsync(staff, id, Samples(Utc(10, 12), 60, Utc(10, 12), Utc(10, 12, 30)));
        var exhausted = (await MailsAsync(title)).Where(m => m.Subject.StartsWith("Error budget exhausted", StringComparison.Ordinal)).ToList();
        Assert.Contains($"{board}@example.com", Assert.Single(exhausted).Recipients, StringComparison.Ordinal);
        budgets = await (await staff.GetAsync($"/api/v1/agreements/{id}/error-budgets")).ReadJsonAsync();
        var trigger = Assert.Single(budgets.GetProperty("policyTriggers").EnumerateArray());
        Assert.True(trigger.GetProperty("breachReviewRequired").GetBoolean());
        Assert.True(trigger.GetProperty("changesFrozen").GetBoolean());
        Assert.True(budgets.GetProperty("budgets")[0].GetProperty("remainingMinutes").GetDouble() < 0);
        var compliancePage = await staff.GetAsync($"/agreements/{id}/compliance");
        var html = await compliancePage.Content.ReadAsStringAsync();
        Assert.True(compliancePage.StatusCode == HttpStatusCode.OK, html[..Math.Min(500, html.Length)]);
        Assert.Contains("class=\"budget-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("-9.7 of 40.3 budget minutes left", html, StringComparison.Ordinal);

        var standard = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/change-requests",
            new { @class = "Standard", reason = "Raise the fee", effectiveOn = "2027-03-01" });
        Assert.Equal(HttpStatusCode.Conflict, standard.StatusCode);
        var refusal = await standard.Content.ReadAsStringAsync();
        Assert.Contains("frozen by its error-budget policy", refusal, StringComparison.Ordinal);
        Assert.Contains("Status API", refusal, StringComparison.Ordinal);
        Assert.Contains("ran out on 2027-02-10", refusal, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("change_requests"));
        Assert.Equal(1, await CountAsync($"audit_log WHERE action = 'change-request.refused-by-error-budget-policy' AND entity_id = '{id}'"));
        var emergency = await staff.PostAsJsonAsync($"/api/v1/agreements/{id}/change-requests",
            new { @class = "Emergency", reason = "Move the status API to a second data centre", effectiveOn = "2027-02-11" });
        Assert.True(emergency.StatusCode == HttpStatusCode.Created, await emergency.Content.ReadAsStringAsync());

        Assert.Equal(1, await CountAsync($"audit_log WHERE action = 'error-budget.policy-triggered' AND entity_id = '{id}'"));

        // More downtime in the same window is the same episode of the policy: the board is not told again.
        await AtAsync(Utc(10, 14, 5));
        await UploadAsync(staff, id, Samples(Utc(10, 13), 60, Utc(10, 13), Utc(10, 13, 20)));
        Assert.Single(await MailsAsync(title), m => m.Subject.StartsWith("Error budget exhausted", StringComparison.Ordinal));
        Assert.Equal(1, await CountAsync($"audit_log WHERE action = 'error-budget.policy-triggered' AND entity_id = '{id}'"));

        attention = await (await owners.GetAsync("/api/v1/me/attention")).ReadJsonAsync();
        section = attention.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "budgets-at-risk");
        Assert.Contains(section.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "budget-exhausted"
            && i.GetProperty("title").GetString()!.Contains(title, StringComparison.Ordinal));

        // Nothing reported twice when the dispatcher delivers the upload's event again (a crash before its delivery was recorded).
        var before = (await MailsAsync(title)).Count;
        await _factory.Services.GetRequiredService<Features.Compliance.ErrorBudgets>().AfterUploadAsync(id,
            (await (await staff.GetAsync($"/api/v1/agreements/{id}/data/uploads")).ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid(),
            "probe-samples");
        Assert.Equal(before, (await MailsAsync(title)).Count);
    }
}
