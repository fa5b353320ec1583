using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// A compliance report from raw data uploaded through the API, checked against figures worked out by hand: April 2026 in
/// Europe/Berlin has no DST change, so it is 30 days of 1,440 minutes = 43,200 minutes.
/// </summary>
public abstract class ComplianceReportScenario
{
    protected const double AprilMinutes = 43_200;
    private static readonly byte[] SignedCopy = Encoding.ASCII.GetBytes("%PDF-1.7 signed copy");

    protected abstract SlaGovernanceFactory Factory { get; }

    protected static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// A portal measured from outages (99.9%), a status API measured by per-minute probes (99%), tiers 5/10/25% below
    /// 99.9/99.5/99 (the two below 99.9 lie above the status API's 99% target, and the first too, so none applies to it), a 4% cap on a
    /// 12,500 EUR fee, and maintenance every Sunday 02:00-04:00 local.
    /// </summary>
    protected static AgreementContent Terms(Guid vendorId) => AgreementSamples.Hosting(vendorId) with
    {
        Title = Unique("Portal hosting"),
        TermStart = new DateOnly(2026, 1, 1),
        TermEnd = new DateOnly(2027, 12, 31),
        Slos =
        [
            new ServiceLevelObjective("Customer portal", MetricKind.Availability, 99.9m, WindowKind.CalendarMonth, null, false, null,
                new Measurement("Incident records", MeasurementMode.Passive, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown),
            new ServiceLevelObjective("Status API", MetricKind.Availability, 99m, WindowKind.CalendarMonth, null, false, null,
                new Measurement("Synthetic probes", MeasurementMode.Active, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown),
        ],
        Credits = new CreditScheme([new CreditTier(99.9m, 5m), new CreditTier(99.5m, 10m), new CreditTier(99m, 25m)], 4m,
            ExcludedTimeTreatment.CountsAsAvailable),
    };

    protected async Task<(HttpClient Staff, HttpClient Vendor, Guid AgreementId, Guid VendorId)> ImportedAgreementAsync()
    {
        var staff = await Factory.ApiClientAsync(Unique("procurement"), Roles.Procurement, Roles.VendorManager);
        var vendor = await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Hostly"), riskTier = "High" })).ReadJsonAsync();
        var vendorId = vendor.GetProperty("id").GetGuid();
        var form = new MultipartFormDataContent
        {
            { new StringContent(Terms(vendorId).ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent(SignedCopy), "file", "signed.pdf" },
            { new StringContent("2025-12-15"), "signedOn" },
            { new StringContent("Dana (buyer); Hans (Hostly)"), "signatories" },
        };
        var imported = await staff.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var agreementId = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();

        var token = await (await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tokens", new { name = "uploads" })).ReadJsonAsync();
        var vendorClient = Factory.CreateClient();
        vendorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("secret").GetString());
        return (staff, vendorClient, agreementId, vendorId);
    }

    protected static async Task UploadAsync(HttpClient client, Guid agreementId, string kind, string csv)
    {
        var content = new StringContent(csv, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await client.PostAsync($"/api/v1/agreements/{agreementId}/data/{kind}", content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{kind}: {await response.Content.ReadAsStringAsync()}");
    }

    protected static Task<HttpResponseMessage> ComputeAsync(HttpClient client, Guid agreementId, string period, string? reason = null) =>
        client.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/compliance/reports", new { period, reason });

    protected static JsonElement Slo(JsonElement report, string service) =>
        report.GetProperty("report").GetProperty("slos").EnumerateArray().Single(s => s.GetProperty("service").GetString() == service);

    /// <summary>
    /// April's data: a 90-minute portal outage (10:00-11:30 UTC on the 8th), 30 minutes of it inside a maintenance
    /// exclusion staff uploaded (so accepted), a force-majeure exclusion the vendor proposed over the first hour (not
    /// accepted, so it counts for nothing), three probe samples of the status API a minute apart (up, down, up), and the
    /// vendor's own figures.
    /// </summary>
    protected static async Task UploadAprilAsync(HttpClient staff, HttpClient vendor, Guid agreementId)
    {
        await UploadAsync(vendor, agreementId, "outages", "service,start,end,cause\nCustomer portal,2026-04-08T10:00:00Z,2026-04-08T11:30:00Z,Database failover\n");
        await UploadAsync(staff, agreementId, "exclusions",
            "type,start,end,service,metric,reason\nScheduledMaintenance,2026-04-08T11:00:00Z,2026-04-08T12:00:00Z,Customer portal,Availability,Announced upgrade\n");
        await UploadAsync(vendor, agreementId, "exclusions",
            "type,start,end,service,metric,reason\nForceMajeure,2026-04-08T10:00:00Z,2026-04-08T11:00:00Z,Customer portal,,Power cut at the data centre\n");
        await UploadAsync(vendor, agreementId, "probe-samples",
            "service,timestamp,up\nStatus API,2026-04-15T10:00:00Z,true\nStatus API,2026-04-15T10:01:00Z,false\nStatus API,2026-04-15T10:02:00Z,true\n");
        await UploadAsync(vendor, agreementId, "reported-attainment",
            "service,metric,period,attainment_percent\nCustomer portal,Availability,2026-04,100\nStatus API,Availability,2026-04,99.8\n");
    }

    protected async Task The_report_matches_the_hand_computed_figures_and_keeps_its_revisions()
    {
        var (staff, vendor, agreementId, _) = await ImportedAgreementAsync();
        await UploadAprilAsync(staff, vendor, agreementId);

        var first = await ComputeAsync(staff, agreementId, "2026-04");
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var report = await first.ReadJsonAsync();
        Assert.Equal(1, report.GetProperty("revision").GetInt32());

        // Portal: 90 min of outage less the 30 accepted as maintenance = 60 min down; the vendor's proposed exclusion is ignored.
        var portal = Slo(report, "Customer portal");
        Assert.Equal(AprilMinutes, portal.GetProperty("maximumMinutes").GetDouble());
        Assert.Equal(60, portal.GetProperty("downtimeMinutes").GetDouble());
        Assert.Equal((43_200m - 60m) * 100m / 43_200m, portal.GetProperty("attainmentPercent").GetDecimal(), 20);
        Assert.Equal("Missed", portal.GetProperty("outcome").GetString());
        // Excluded: the 4 Sundays of April (5, 12, 19, 26) x 120 min of the maintenance window, plus the accepted 60 min.
        Assert.Equal(4 * 120 + 60, portal.GetProperty("excludedMinutes").GetProperty("ScheduledMaintenance").GetDouble());
        Assert.Equal(0, portal.GetProperty("excludedMinutes").GetProperty("ForceMajeure").GetDouble());
        Assert.Equal(5m, portal.GetProperty("creditPercent").GetDecimal());
        // The vendor says 100%: 100 - 99.861111... = 0.138888... points, beyond the 0.1 tolerance.
        Assert.Equal(100m - (43_200m - 60m) * 100m / 43_200m, portal.GetProperty("vendorDifferencePoints").GetDecimal(), 20);
        Assert.True(portal.GetProperty("discrepancy").GetBoolean());

        // Status API: three samples each covering a minute, one of them down. The rest of April has no sample and is left
        // out as unknown, except the 480 maintenance minutes, which are excluded and so count as available: 483 minutes, 1 down.
        var api = Slo(report, "Status API");
        Assert.Equal(3, api.GetProperty("samples").GetInt64());
        Assert.Equal(483, api.GetProperty("maximumMinutes").GetDouble());
        Assert.Equal(1, api.GetProperty("downtimeMinutes").GetDouble());
        Assert.Equal(482m * 100m / 483m, api.GetProperty("attainmentPercent").GetDecimal(), 20);
        Assert.Equal("Met", api.GetProperty("outcome").GetString());
        Assert.Equal(3m * 100m / 43_200m, api.GetProperty("dataCoveragePercent").GetDecimal(), 20);
        // 99.79% meets the 99% target: the agreement's tier below 99.9% lies above that target, so it earns nothing.
        Assert.Equal(0m, api.GetProperty("creditPercent").GetDecimal());
        Assert.False(api.GetProperty("discrepancy").GetBoolean()); // 99.8 - 99.7929... = 0.007 points

        // 5% earned (the portal's), capped at 4% of 12,500 EUR.
        var totals = report.GetProperty("report");
        Assert.Equal(5m, totals.GetProperty("earnedCreditPercent").GetDecimal());
        Assert.Equal(4m, totals.GetProperty("appliedCreditPercent").GetDecimal());
        Assert.True(totals.GetProperty("capped").GetBoolean());
        Assert.Equal(500m, totals.GetProperty("creditAmount").GetDecimal());
        Assert.Equal("EUR", totals.GetProperty("currency").GetString());

        // Nothing changed and no reason: the same revision answers.
        var again = await ComputeAsync(staff, agreementId, "2026-04");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, (await again.ReadJsonAsync()).GetProperty("revision").GetInt32());

        // Late data: a 30-minute outage on the 20th, then a recalculation with a reason.
        await UploadAsync(vendor, agreementId, "outages", "service,start,end\nCustomer portal,2026-04-20T00:00:00Z,2026-04-20T00:30:00Z\n");
        var second = await ComputeAsync(staff, agreementId, "2026-04", "Late outage file from Hostly");
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var revised = await second.ReadJsonAsync();
        Assert.Equal(2, revised.GetProperty("revision").GetInt32());
        Assert.Equal("Late outage file from Hostly", revised.GetProperty("reason").GetString());
        Assert.Equal(90, Slo(revised, "Customer portal").GetProperty("downtimeMinutes").GetDouble());
        Assert.NotEqual(report.GetProperty("inputsSha256").GetString(), revised.GetProperty("inputsSha256").GetString());

        var kept = await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/compliance/reports/2026-04/revisions/1")).ReadJsonAsync();
        Assert.Equal(60, Slo(kept, "Customer portal").GetProperty("downtimeMinutes").GetDouble());
        Assert.Equal(report.GetProperty("inputsSha256").GetString(), kept.GetProperty("inputsSha256").GetString());
        Assert.Equal("First calculation.", kept.GetProperty("reason").GetString());

        var list = await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/compliance/reports")).ReadJsonAsync();
        Assert.Equal([2, 1], list.EnumerateArray().Select(r => r.GetProperty("revision").GetInt32()));

        // Vendor-scoped tokens read nothing, and only staff compute.
        Assert.Equal(HttpStatusCode.Forbidden, (await vendor.GetAsync($"/api/v1/agreements/{agreementId}/compliance/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ComputeAsync(vendor, agreementId, "2026-04", "vendor")).StatusCode);
        var auditor = await Factory.ApiClientAsync(Unique("auditor"), Roles.Auditor);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/v1/agreements/{agreementId}/compliance/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ComputeAsync(auditor, agreementId, "2026-04", "auditor")).StatusCode);
    }
}

public sealed class ComplianceReportTests(SlaGovernanceFactory factory) : ComplianceReportScenario, IClassFixture<SlaGovernanceFactory>
{
    protected override SlaGovernanceFactory Factory => factory;

    [Fact]
    public Task A_report_from_uploaded_raw_data_matches_hand_computed_figures_and_a_recalculation_adds_a_revision() =>
        The_report_matches_the_hand_computed_figures_and_keeps_its_revisions();

    [Fact]
    public async Task Uploads_exclusion_decisions_and_computed_reports_are_in_the_audit_log_with_their_hashes()
    {
        var (staff, vendor, agreementId, _) = await ImportedAgreementAsync();
        await UploadAprilAsync(staff, vendor, agreementId);
        var proposed = (await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/data/exclusions?status=Proposed")).ReadJsonAsync()).EnumerateArray().Single();
        var lawyer = await Factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        Assert.Equal(HttpStatusCode.OK, (await lawyer.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/data/exclusions/{proposed.GetProperty("id").GetGuid()}/accept",
            new { reason = "The power cut was outside the vendor's control." })).StatusCode);
        await Factory.DrainEventsAsync();
        var computed = await (await ComputeAsync(staff, agreementId, "2026-04", "Month end")).ReadJsonAsync();

        var auditor = await Factory.ApiClientAsync(Unique("auditor"), Roles.Auditor);
        var entries = (await (await auditor.GetAsync($"/api/v1/audit?entityType=Agreement&entityId={agreementId}&pageSize=100")).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().ToList();
        string[] Actions(string action) => entries.Where(e => e.GetProperty("action").GetString() == action).Select(e => e.GetProperty("summary").GetString()!).ToArray();

        var uploads = (await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/data/uploads")).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, uploads.Count);
        var uploaded = entries.Where(e => e.GetProperty("action").GetString() == "raw-data.uploaded").ToList();
        Assert.Equal(5, uploaded.Count);
        foreach (var upload in uploads)
        {
            var sha256 = upload.GetProperty("sha256").GetString()!;
            var entry = Assert.Single(uploaded, e => e.GetProperty("summary").GetString()!.Contains(sha256, StringComparison.Ordinal));
            var after = JsonDocument.Parse(entry.GetProperty("after").GetString()!).RootElement;
            Assert.Equal(sha256, after.GetProperty("sha256").GetString());
            Assert.Equal(upload.GetProperty("rowCount").GetInt64(), after.GetProperty("rowCount").GetInt64());
            Assert.Equal(upload.GetProperty("uploadedBy").GetString(), entry.GetProperty("actor").GetString());
        }

        var automatic = Assert.Single(Actions("exclusion.accepted-automatically"));
        Assert.Contains("1 exclusion(s)", automatic);
        Assert.Contains("ForceMajeure", Assert.Single(Actions("exclusion.accepted")));
        var report = Assert.Single(Actions("compliance-report.computed"));
        Assert.Contains("2026-04", report);
        Assert.Contains("revision 1", report);
        Assert.Contains("Month end", report);
        var reportEntry = entries.Single(e => e.GetProperty("action").GetString() == "compliance-report.computed");
        Assert.Contains(computed.GetProperty("inputsSha256").GetString()!, reportEntry.GetProperty("after").GetString());
    }

    [Fact]
    public async Task A_vendors_exclusion_counts_once_staff_accept_it_which_changes_the_inputs()
    {
        var (staff, vendor, agreementId, _) = await ImportedAgreementAsync();
        await UploadAprilAsync(staff, vendor, agreementId);
        Assert.Equal(HttpStatusCode.Created, (await ComputeAsync(staff, agreementId, "2026-04")).StatusCode);

        var proposed = (await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/data/exclusions?status=Proposed")).ReadJsonAsync()).EnumerateArray().Single();
        // Force majeure is Legal's to decide; the contract allows it, so nothing is flagged.
        Assert.Empty(proposed.GetProperty("contractFindings").EnumerateArray());
        var lawyer = await Factory.ApiClientAsync(Unique("lawyer"), Roles.Legal);
        Assert.Equal(HttpStatusCode.OK, (await lawyer.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/data/exclusions/{proposed.GetProperty("id").GetGuid()}/accept",
            new { reason = "The power cut was outside the vendor's control." })).StatusCode);

        // The decision computes April again at once, as a new revision that says why; computing again then changes nothing.
        await Factory.DrainEventsAsync();
        var report = await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/compliance/reports/2026-04/revisions/2")).ReadJsonAsync();
        Assert.StartsWith("The exclusion of 2026-04-08 10:00:00Z to 2026-04-08 11:00:00Z was accepted by lawyer-", report.GetProperty("reason").GetString());
        Assert.EndsWith(": The power cut was outside the vendor's control.", report.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ComputeAsync(staff, agreementId, "2026-04")).StatusCode);
        // 10:00-11:00 force majeure and 11:00-12:00 maintenance now cover the whole 90-minute outage.
        var portal = Slo(report, "Customer portal");
        Assert.Equal(0, portal.GetProperty("downtimeMinutes").GetDouble());
        Assert.Equal(60, portal.GetProperty("excludedMinutes").GetProperty("ForceMajeure").GetDouble());
    }

    [Fact]
    public async Task A_period_that_is_neither_a_month_nor_a_quarter_is_refused_naming_the_field()
    {
        var (staff, _, agreementId, _) = await ImportedAgreementAsync();
        var response = await ComputeAsync(staff, agreementId, "April 2026");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("period", (await response.ProblemErrorsAsync()).Keys);
    }

    [Fact]
    public async Task Exports_parse_back_as_csv_rows_and_xlsx_cells()
    {
        var (staff, vendor, agreementId, _) = await ImportedAgreementAsync();
        await UploadAprilAsync(staff, vendor, agreementId);
        Assert.Equal(HttpStatusCode.Created, (await ComputeAsync(staff, agreementId, "2026-04")).StatusCode);
        var url = $"/api/v1/agreements/{agreementId}/compliance/reports/2026-04/revisions/1";

        var csv = await (await staff.GetAsync(url + "/export.csv")).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length); // header, two SLOs, the credit
        var header = lines[0].Split(',');
        string Cell(int line, string column) => lines[line].Split(',')[Array.IndexOf(header, column)];
        Assert.Equal("Customer portal", Cell(1, "Service"));
        Assert.Equal("99.861111", Cell(1, "Attainment %"));
        Assert.Equal("60", Cell(1, "Downtime minutes"));
        Assert.Equal("yes", Cell(1, "Discrepancy"));
        Assert.Equal("500.00", Cell(3, "Credit amount"));
        Assert.Equal("EUR", Cell(3, "Currency"));

        var xlsx = await (await staff.GetAsync(url + "/export.xlsx")).Content.ReadAsByteArrayAsync();
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheet = document.WorkbookPart!.WorksheetParts.First().Worksheet;
        var cells = sheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!, c => c.InlineString?.InnerText ?? c.CellValue?.Text);
        Assert.Equal("Service", cells["C1"]);
        Assert.Equal("Customer portal", cells["C2"]);
        Assert.Equal(99.861111, double.Parse(cells["G2"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("60", cells["K2"]);
    }

    [Fact]
    public async Task The_compliance_page_charts_attainment_against_the_target_and_the_vendor_scorecard_totals_credits_per_currency()
    {
        var (staff, vendor, agreementId, vendorId) = await ImportedAgreementAsync();
        await UploadAprilAsync(staff, vendor, agreementId);
        Assert.Equal(HttpStatusCode.Created, (await ComputeAsync(staff, agreementId, "2026-04")).StatusCode);

        var user = await factory.CreateUserAsync(Unique("finance"), Roles.Finance);
        var browser = await factory.Browser().SignInAsync(user.UserName, user.Password);
        var page = await browser.GetPageAsync($"/agreements/{agreementId}/compliance");
        var chart = page.QuerySelector("svg.attainment-chart")!;
        Assert.NotNull(chart.QuerySelector("title"));
        Assert.NotNull(chart.QuerySelector("desc"));
        Assert.NotNull(chart.QuerySelector("line.target"));
        Assert.Contains("99.86%", page.QuerySelector("#attainment-table")!.TextContent); // two decimals on pages; the exports keep 99.861111
        Assert.Contains("500.00 EUR", page.QuerySelector("#credits")!.TextContent);
        Assert.Contains("Customer portal", page.QuerySelector("#discrepancies")!.TextContent);
        Assert.Null(page.QuerySelector("form#compute")); // Finance reads; it does not compute

        var detail = await browser.GetPageAsync($"/agreements/{agreementId}");
        Assert.NotNull(detail.QuerySelector($"a[href='/agreements/{agreementId}/compliance']"));

        var scorecard = await browser.GetPageAsync($"/vendors/{vendorId}/scorecard");
        Assert.Contains("500.00 EUR", scorecard.QuerySelector("#credits-by-currency")!.TextContent);
        Assert.Contains("1", scorecard.QuerySelector("#slos-missed")!.TextContent);
    }
}

/// <summary>The same report on PostgreSQL, where the probe samples stream through Npgsql.</summary>
public sealed class PostgresComplianceReportTests : ComplianceReportScenario, IAsyncLifetime
{
    private readonly PostgresFactoryHost _host = new("slagov_test_reports_");

    protected override SlaGovernanceFactory Factory => _host.Factory!;

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [SkippableFact]
    public Task The_report_on_postgresql_matches_hand_computed_figures_and_keeps_its_revisions()
    {
        TestEnvironment.SkipUnlessAvailable(_host.Factory is not null,
            $"{TestEnvironment.PostgresVariable} is not set (a PostgreSQL connection string); .ci/run sets it.");
        return The_report_matches_the_hand_computed_figures_and_keeps_its_revisions();
    }
}
