using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

public sealed class RawDataUploadTests : IClassFixture<RawDataUploadTests.SmallLimitFactory>
{
    /// <summary>A host whose raw-data limit is small enough to exceed in a test.</summary>
    public sealed class SmallLimitFactory : SlaGovernanceFactory
    {
        public SmallLimitFactory() => Settings["Security:MaxDataUploadBytes"] = "200000";
    }

    private readonly SmallLimitFactory _factory;

    public RawDataUploadTests(SmallLimitFactory factory) => _factory = factory;

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    private async Task<(HttpClient Staff, Guid VendorId, Guid AgreementId)> AgreementAsync()
    {
        var staff = await _factory.ApiClientAsync(Unique("vm"), Roles.VendorManager);
        var vendor = await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Vendor"), riskTier = "High" })).ReadJsonAsync();
        var vendorId = vendor.GetProperty("id").GetGuid();
        var created = await staff.PostAsJsonAsync("/api/v1/agreements", AgreementSamples.Hosting(vendorId), AgreementContent.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (staff, vendorId, (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid());
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid agreementId, string kind, string body, string mediaType = "text/csv",
        string? fileName = null)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return client.PostAsync($"/api/v1/agreements/{agreementId}/data/{kind}" + (fileName is null ? "" : $"?fileName={fileName}"), content);
    }

    private async Task<long> CountAsync(string table, Guid agreementId)
    {
        var database = _factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE agreement_id = @Id", new { Id = agreementId });
    }

    public static TheoryData<string, string, string, string, int> EveryKind() => new()
    {
        { "probe-samples", "probe_samples", "text/csv",
            "service,timestamp,up,latency_ms\nCustomer portal,2026-03-01T00:00:00Z,true,120\nCustomer portal,2026-03-01T00:01:00+01:00,down,\n", 2 },
        { "probe-samples", "probe_samples", "application/json",
            """[{"service":"Customer portal","timestamp":"2026-03-01T00:00:00Z","up":true,"latencyMs":80},{"service":"Customer portal","timestamp":"2026-03-01T00:01:00Z","up":false}]""", 2 },
        { "outages", "outages", "text/csv", "service,start,end,cause\n\"Customer portal\",2026-03-05T10:00:00Z,2026-03-05T10:50:00Z,\"Disk full, then \"\"failover\"\"\"\n", 1 },
        { "outages", "outages", "application/json", """[{"service":"Customer portal","start":"2026-03-05T10:00:00Z","end":"2026-03-05T10:50:00Z"}]""", 1 },
        { "tickets", "tickets", "text/csv",
            "service,id,priority,created,first_response,resolved,pauses\nService desk,T-1,P1,2026-03-02T09:00:00Z,2026-03-02T09:10:00Z,,2026-03-02T10:00:00Z/2026-03-02T11:00:00Z/awaiting customer\nService desk,T-2,P2,2026-03-03T09:00:00Z,,,\n", 2 },
        { "tickets", "tickets", "application/json",
            """[{"service":"Service desk","id":"T-1","priority":"P1","created":"2026-03-02T09:00:00Z","pauses":[{"start":"2026-03-02T10:00:00Z","end":"2026-03-02T11:00:00Z","reason":"awaiting customer"}]}]""", 1 },
        { "csat-responses", "csat_responses", "text/csv", "service,timestamp,score\nService desk,2026-03-02T09:00:00Z,4\nService desk,2026-03-02T10:00:00Z,5\n", 2 },
        { "csat-responses", "csat_responses", "application/json", """[{"service":"Service desk","timestamp":"2026-03-02T09:00:00Z","score":3}]""", 1 },
        { "event-counts", "event_counts", "text/csv", "service,start,end,good,total\nAPI,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,990,1000\n", 1 },
        { "event-counts", "event_counts", "application/json", """[{"service":"API","start":"2026-03-01T00:00:00Z","end":"2026-03-01T01:00:00Z","good":5,"total":5}]""", 1 },
        { "exclusions", "exclusion_records", "text/csv",
            "type,start,end,service,metric,reason,evidence\nForceMajeure,2026-03-10T08:00:00Z,2026-03-10T09:00:00Z,Customer portal,Availability,Flood,https://status.example/1\n", 1 },
        { "exclusions", "exclusion_records", "application/json",
            """[{"type":"ScheduledMaintenance","start":"2026-03-10T08:00:00Z","end":"2026-03-10T09:00:00Z","reason":"Announced"}]""", 1 },
        { "reported-attainment", "reported_attainment", "text/csv", "service,metric,period,attainment_percent\nCustomer portal,Availability,2026-03,99.95\nService desk,ResponseTime,2026-Q1,97\n", 2 },
        { "reported-attainment", "reported_attainment", "application/json",
            """[{"service":"Customer portal","metric":"Availability","period":"2026-03","attainmentPercent":99.9}]""", 1 },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public async Task A_file_of_each_kind_is_stored_with_its_upload_record(string kind, string table, string mediaType, string body, int rows)
    {
        var (staff, _, agreementId) = await AgreementAsync();
        var response = await UploadAsync(staff, agreementId, kind, body, mediaType, "march.data");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var upload = await response.ReadJsonAsync();
        Assert.Equal(kind, upload.GetProperty("kind").GetString());
        Assert.Equal(rows, upload.GetProperty("rowCount").GetInt64());
        Assert.Equal("march.data", upload.GetProperty("fileName").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body))),
            upload.GetProperty("sha256").GetString());
        Assert.False(upload.GetProperty("uploaderIsVendor").GetBoolean());
        Assert.Equal(rows, await CountAsync(table, agreementId));

        var list = await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/data/uploads")).ReadJsonAsync();
        Assert.Equal(upload.GetProperty("id").GetGuid(), list.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Ticket_pauses_are_stored_with_their_ticket_and_values_round_trip()
    {
        var (staff, _, agreementId) = await AgreementAsync();
        var body = "service,id,priority,created,first_response,resolved,pauses\n" +
                   "Service desk,T-9,P1,2026-03-02T10:00:00+01:00,,,2026-03-02T10:00:00Z/2026-03-02T10:30:00Z/awaiting customer;2026-03-02T11:00:00Z/2026-03-02T11:15:00Z/vendor holiday\n";
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(staff, agreementId, "tickets", body)).StatusCode);
        var database = _factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        var created = await connection.ExecuteScalarAsync<DateTimeOffset>("SELECT created_at FROM tickets WHERE agreement_id = @Id", new { Id = agreementId });
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), created);
        var reasons = await connection.QueryAsync<string>(
            "SELECT p.reason FROM ticket_pauses p JOIN tickets t ON t.id = p.ticket_id WHERE t.external_id = 'T-9' ORDER BY p.started_at");
        Assert.Equal(["awaiting customer", "vendor holiday"], reasons);
    }

    [Fact]
    public async Task A_bad_row_refuses_the_whole_file_naming_row_column_and_reason_and_writes_nothing()
    {
        var (staff, _, agreementId) = await AgreementAsync();
        var body = "service,timestamp,up,latency_ms\n" +
                   "Customer portal,2026-03-01T00:00:00Z,true,100\n" +
                   "Customer portal,2026-03-01T00:01:00,true,100\n" +
                   "Customer portal,2026-03-01T00:02:00Z,maybe,-5\n";
        var response = await UploadAsync(staff, agreementId, "probe-samples", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ProblemErrorsAsync();
        Assert.Contains("has no UTC offset", Assert.Single(errors["row 2: timestamp"]));
        Assert.Contains("is not up or down", Assert.Single(errors["row 3: up"]));
        Assert.Contains("is not a whole number from 0", Assert.Single(errors["row 3: latency_ms"]));
        Assert.Equal(0, await CountAsync("probe_samples", agreementId));
        Assert.Equal(0, await CountAsync("data_uploads", agreementId));

        var json = await UploadAsync(staff, agreementId, "event-counts",
            """[{"service":"API","start":"2026-03-01T00:00:00Z","end":"2026-03-01T01:00:00Z","good":6,"total":5}]""", "application/json");
        Assert.Contains("more than total", Assert.Single((await json.ProblemErrorsAsync())["row 1: good"]));

        var header = await UploadAsync(staff, agreementId, "outages", "service,begin,end\nX,2026-03-01T00:00:00Z,2026-03-01T01:00:00Z\n");
        var headerErrors = await header.ProblemErrorsAsync();
        Assert.Contains("unknown column 'begin'", Assert.Single(headerErrors["row 0: begin"]));
        Assert.Contains("no column 'start'", Assert.Single(headerErrors["row 0: start"]));
        Assert.Equal(0, await CountAsync("outages", agreementId));
    }

    [Fact]
    public async Task The_same_file_again_answers_the_first_upload_and_changes_nothing()
    {
        var (staff, _, agreementId) = await AgreementAsync();
        const string body = "service,start,end,cause\nCustomer portal,2026-03-05T10:00:00Z,2026-03-05T10:50:00Z,power\n";
        var first = await UploadAsync(staff, agreementId, "outages", body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await UploadAsync(staff, agreementId, "outages", body, fileName: "renamed.csv");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).GetProperty("id").GetGuid(), (await again.ReadJsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(1, await CountAsync("outages", agreementId));
        Assert.Equal(1, await CountAsync("data_uploads", agreementId));
    }

    [Fact]
    public async Task A_vendor_token_writes_its_own_agreements_only_reads_nothing_and_its_exclusions_wait_for_staff()
    {
        var (staff, vendorId, agreementId) = await AgreementAsync();
        var (_, _, otherAgreementId) = await AgreementAsync();
        var issued = await staff.PostAsJsonAsync($"/api/v1/vendors/{vendorId}/tokens", new { name = "vendor NOC feed" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var vendor = _factory.CreateClient();
        vendor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.ReadJsonAsync()).GetProperty("secret").GetString());

        var exclusion = "type,start,end,service,reason\nThirdParty,2026-03-10T08:00:00Z,2026-03-10T09:00:00Z,Customer portal,Upstream DNS\n";
        var own = await UploadAsync(vendor, agreementId, "exclusions", exclusion);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        var upload = await own.ReadJsonAsync();
        Assert.True(upload.GetProperty("uploaderIsVendor").GetBoolean());
        Assert.Contains("vendor NOC feed", upload.GetProperty("uploadedBy").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(vendor, otherAgreementId, "exclusions", exclusion)).StatusCode);
        Assert.Equal(0, await CountAsync("exclusion_records", otherAgreementId));
        foreach (var url in new[] { $"/api/v1/agreements/{agreementId}/data/uploads", $"/api/v1/agreements/{agreementId}", "/api/v1/agreements",
                     "/api/v1/vendors", "/api/v1/me", "/api/v1/tokens", $"/api/v1/agreements/{agreementId}/data/exclusions" })
            Assert.Equal(HttpStatusCode.Forbidden, (await vendor.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await vendor.PostAsJsonAsync("/api/v1/vendors", new { name = "x", riskTier = "Low" })).StatusCode);

        var proposed = await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/data/exclusions?status=Proposed")).ReadJsonAsync();
        var exclusionId = Assert.Single(proposed.EnumerateArray()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden,
            (await vendor.PostAsync($"/api/v1/agreements/{agreementId}/data/exclusions/{exclusionId}/accept", null)).StatusCode);
        // A third-party exclusion turns on the contract's words: Legal decides it, with a reason; the contract check is listed.
        var listed = Assert.Single(proposed.EnumerateArray());
        Assert.True(listed.GetProperty("decidedByLegal").GetBoolean());
        Assert.StartsWith("No signed version governed the agreement", listed.GetProperty("contractFindings")[0].GetString());
        var forbidden = await staff.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/data/exclusions/{exclusionId}/accept", new { reason = "Fine" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("Legal decides it", await forbidden.Content.ReadAsStringAsync());
        var lawyer = await _factory.ApiClientAsync("lawyer-" + Guid.NewGuid().ToString("N")[..6], Roles.Legal);
        var unreasoned = await lawyer.PostAsync($"/api/v1/agreements/{agreementId}/data/exclusions/{exclusionId}/accept", null);
        Assert.Equal(HttpStatusCode.BadRequest, unreasoned.StatusCode);
        Assert.Contains("reason", (await unreasoned.ProblemErrorsAsync()).Keys);
        Assert.Equal("Proposed", (await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/data/exclusions")).ReadJsonAsync())
            .EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == exclusionId).GetProperty("status").GetString());
        var accepted = await lawyer.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/data/exclusions/{exclusionId}/accept",
            new { reason = "The DNS provider's outage is a third party's, as clause 7.2 reads." });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var decided = await accepted.ReadJsonAsync();
        Assert.Equal(("Accepted", "The DNS provider's outage is a third party's, as clause 7.2 reads."),
            (decided.GetProperty("status").GetString(), decided.GetProperty("decisionReason").GetString()));
        Assert.Equal(HttpStatusCode.Conflict,
            (await lawyer.PostAsJsonAsync($"/api/v1/agreements/{agreementId}/data/exclusions/{exclusionId}/reject", new { reason = "Changed my mind" })).StatusCode);

        // Staff uploads are accepted as they arrive.
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(staff, agreementId, "exclusions",
            "type,start,end,reason\nScheduledMaintenance,2026-03-15T02:00:00Z,2026-03-15T04:00:00Z,Announced\n")).StatusCode);
        var all = await (await staff.GetAsync($"/api/v1/agreements/{agreementId}/data/exclusions")).ReadJsonAsync();
        Assert.All(all.EnumerateArray(), e => Assert.Equal("Accepted", e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Roles_that_only_read_cannot_upload()
    {
        var (_, _, agreementId) = await AgreementAsync();
        var auditor = await _factory.ApiClientAsync(Unique("auditor"), Roles.Auditor);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await UploadAsync(auditor, agreementId, "csat-responses", "service,timestamp,score\nX,2026-03-01T00:00:00Z,5\n")).StatusCode);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_413_whether_its_length_is_declared_or_not()
    {
        var (staff, _, agreementId) = await AgreementAsync();
        var body = new StringBuilder("service,timestamp,up,latency_ms\n");
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; body.Length <= 200_000; i++)
            body.Append("Customer portal,").Append(start.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)).Append(",true,100\n");
        var declared = await UploadAsync(staff, agreementId, "probe-samples", body.ToString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);

        var streamed = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body.ToString())));
        streamed.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agreements/{agreementId}/data/probe-samples") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        var chunked = await staff.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(0, await CountAsync("probe_samples", agreementId));
    }

    [Fact]
    public async Task The_data_page_uploads_a_file_lists_it_and_shows_refused_rows_by_row_and_column()
    {
        var (_, _, agreementId) = await AgreementAsync();
        var user = await _factory.CreateUserAsync(Unique("proc"), Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        var detail = await browser.GetPageAsync($"/agreements/{agreementId}");
        Assert.Equal($"/agreements/{agreementId}/data", detail.QuerySelector("#raw-data-link")!.GetAttribute("href"));

        async Task<HttpResponseMessage> UploadThroughPageAsync(string kind, string fileName, string body)
        {
            var page = await browser.GetPageAsync($"/agreements/{agreementId}/data");
            var form = page.QuerySelector("form#upload")!;
            var content = new MultipartFormDataContent
            {
                { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
                { new StringContent(kind), "Kind" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(body)), "DataFile", fileName },
            };
            return await browser.PostAsync(form.GetAttribute("action"), content);
        }

        var refused = await UploadThroughPageAsync("csat-responses", "csat.csv", "service,timestamp,score\nService desk,2026-03-02 09:00:00,11\n");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errorsPage = await Pages.ParseAsync(refused);
        var rows = errorsPage.QuerySelectorAll("#row-errors tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        Assert.Contains(rows, r => r[0] == "1" && r[1] == "timestamp" && r[2].Contains("no UTC offset"));
        Assert.Contains(rows, r => r[0] == "1" && r[1] == "score" && r[2].Contains("from 0 to 10"));
        Assert.Equal(0, await CountAsync("csat_responses", agreementId));

        var stored = await UploadThroughPageAsync("csat-responses", "csat.json", """[{"service":"Service desk","timestamp":"2026-03-02T09:00:00Z","score":4}]""");
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);
        var history = await browser.GetPageAsync($"/agreements/{agreementId}/data");
        Assert.Contains("1 rows of csat-responses stored", history.QuerySelector("#flash")!.TextContent);
        var row = history.QuerySelector("#uploads tbody tr")!.TextContent;
        Assert.Contains("csat.json (json)", row);
        Assert.Contains(user.UserName, row);
    }
}
