using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Tests;

public sealed class VendorApiTests : IClassFixture<SlaGovernanceFactory>
{
    private readonly SlaGovernanceFactory _factory;

    public VendorApiTests(SlaGovernanceFactory factory) => _factory = factory;

    private static object NewVendor(string name, string tier = "High", string? email = "ops@vendor.example") =>
        new { name, contactName = "Ops", contactEmail = email, riskTier = tier, notes = (string?)null };

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task A_procurement_user_creates_reads_and_lists_a_vendor()
    {
        var api = await _factory.ApiClientAsync("proc-" + Guid.NewGuid().ToString("N")[..6], Roles.Procurement);
        var name = Unique("Contoso");
        var created = await api.PostAsJsonAsync("/api/v1/vendors", NewVendor(name));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var body = await created.ReadJsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/vendors/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("High", body.GetProperty("riskTier").GetString());

        var read = await api.GetAsync($"/api/v1/vendors/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);

        var list = await (await api.GetAsync($"/api/v1/vendors?search={Uri.EscapeDataString(name.ToUpperInvariant())}")).ReadJsonAsync();
        Assert.Equal(1, list.GetProperty("total").GetInt64());
        Assert.Equal(name, list.GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Listing_pages_through_vendors()
    {
        var api = await _factory.AdminApiAsync();
        var prefix = "Paged " + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/vendors", NewVendor($"{prefix} {i}"))).StatusCode);
        var page2 = await (await api.GetAsync($"/api/v1/vendors?search={Uri.EscapeDataString(prefix)}&page=2&pageSize=2")).ReadJsonAsync();
        Assert.Equal(5, page2.GetProperty("total").GetInt64());
        Assert.Equal([$"{prefix} 2", $"{prefix} 3"], page2.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task An_edit_carries_its_version_and_a_stale_one_is_refused_with_412()
    {
        var api = await _factory.AdminApiAsync();
        var created = await api.PostAsJsonAsync("/api/v1/vendors", NewVendor(Unique("Versioned")));
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        var first = await api.PutJsonAsync($"/api/v1/vendors/{id}", NewVendor(Unique("Versioned v2"), "Low"), "\"1\"");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag!.Tag);

        var stale = await api.PutJsonAsync($"/api/v1/vendors/{id}", NewVendor("Lost update"), "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("\"2\"", stale.Headers.ETag!.Tag);
        Assert.Contains("version 2", (await stale.ReadJsonAsync()).GetProperty("detail").GetString());

        var missing = await api.PutJsonAsync($"/api/v1/vendors/{id}", NewVendor("No precondition"), null);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);

        var stored = await (await api.GetAsync($"/api/v1/vendors/{id}")).ReadJsonAsync();
        Assert.StartsWith("Versioned v2", stored.GetProperty("name").GetString());
        Assert.Equal("Low", stored.GetProperty("riskTier").GetString());
    }

    [Fact]
    public async Task Invalid_fields_are_reported_by_name_and_nothing_is_created()
    {
        var api = await _factory.AdminApiAsync();
        var response = await api.PostAsJsonAsync("/api/v1/vendors", new { name = "", contactEmail = "nope", riskTier = "Extreme" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await response.ProblemErrorsAsync();
        Assert.Equal(["contactEmail", "name", "riskTier"], errors.Keys.Order());
        Assert.Contains("nope", errors["contactEmail"][0]);
    }

    [Fact]
    public async Task A_duplicate_name_in_another_case_is_refused_on_the_name_field()
    {
        var api = await _factory.AdminApiAsync();
        var name = Unique("Duplicate");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/vendors", NewVendor(name))).StatusCode);
        var again = await api.PostAsJsonAsync("/api/v1/vendors", NewVendor(name.ToLowerInvariant()));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already exists", (await again.ProblemErrorsAsync())["name"][0]);
    }

    [Fact]
    public async Task Archiving_hides_a_vendor_from_the_default_list_and_restoring_brings_it_back()
    {
        var api = await _factory.AdminApiAsync();
        var name = Unique("Archivable");
        var id = (await (await api.PostAsJsonAsync("/api/v1/vendors", NewVendor(name))).ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal((HttpStatusCode)428, (await api.PostWithIfMatchAsync($"/api/v1/vendors/{id}/archive", null)).StatusCode);
        var archived = await api.PostWithIfMatchAsync($"/api/v1/vendors/{id}/archive", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.True((await archived.ReadJsonAsync()).GetProperty("isArchived").GetBoolean());
        var search = $"/api/v1/vendors?search={Uri.EscapeDataString(name)}";
        Assert.Equal(0, (await (await api.GetAsync(search)).ReadJsonAsync()).GetProperty("total").GetInt64());
        Assert.Equal(1, (await (await api.GetAsync(search + "&includeArchived=true")).ReadJsonAsync()).GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await api.PostWithIfMatchAsync($"/api/v1/vendors/{id}/restore", "\"2\"")).StatusCode);
        Assert.Equal(1, (await (await api.GetAsync(search)).ReadJsonAsync()).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Every_vendor_change_is_in_the_audit_log_with_before_and_after()
    {
        var api = await _factory.AdminApiAsync();
        var id = (await (await api.PostAsJsonAsync("/api/v1/vendors", NewVendor(Unique("Audited")))).ReadJsonAsync()).GetProperty("id").GetGuid();
        await api.PutJsonAsync($"/api/v1/vendors/{id}", NewVendor(Unique("Audited v2"), "Critical"), "\"1\"");
        var entries = await (await api.GetAsync($"/api/v1/audit?entityType=Vendor&entityId={id}")).ReadJsonAsync();
        var items = entries.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["vendor.updated", "vendor.created"], items.Select(e => e.GetProperty("action").GetString()));
        Assert.Contains("\"RiskTier\":\"High\"", items[0].GetProperty("before").GetString());
        Assert.Contains("\"RiskTier\":\"Critical\"", items[0].GetProperty("after").GetString());
        Assert.StartsWith("api-admin-", items[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task An_auditor_may_read_but_not_change_and_nothing_changes()
    {
        var auditor = await _factory.ApiClientAsync("auditor-" + Guid.NewGuid().ToString("N")[..6], Roles.Auditor);
        var name = Unique("Forbidden");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/v1/vendors")).StatusCode);
        var refused = await auditor.PostAsJsonAsync("/api/v1/vendors", NewVendor(name));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var admin = await _factory.AdminApiAsync();
        Assert.Equal(0, (await (await admin.GetAsync($"/api/v1/vendors?search={Uri.EscapeDataString(name)}")).ReadJsonAsync())
            .GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Anonymous_api_calls_get_401_problem_json()
    {
        var response = await _factory.CreateClient().GetAsync("/api/v1/vendors");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_ids_and_routes_are_404_problem_json()
    {
        var api = await _factory.AdminApiAsync();
        var unknown = await api.GetAsync($"/api/v1/vendors/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var notAGuid = await api.GetAsync("/api/v1/vendors/not-a-guid");
        Assert.Equal(HttpStatusCode.NotFound, notAGuid.StatusCode);
        Assert.Equal("application/problem+json", notAGuid.Content.Headers.ContentType?.MediaType);
        var put = await api.PutJsonAsync($"/api/v1/vendors/{Guid.NewGuid()}", NewVendor("Ghost"), "\"1\"");
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        var api = await _factory.AdminApiAsync();
        var response = await api.PostAsync("/api/v1/vendors", new StringContent("{\"name\": \"Broken", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_type_names_the_field()
    {
        var api = await _factory.AdminApiAsync();
        var response = await api.PostAsync("/api/v1/vendors",
            new StringContent("{\"name\": 42, \"riskTier\": \"Low\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name", (await response.ProblemErrorsAsync()).Keys);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var api = await _factory.AdminApiAsync();
        var notes = new string('x', 2 * 1024 * 1024);
        var response = await api.PostAsJsonAsync("/api/v1/vendors", new { name = "Huge", riskTier = "Low", notes });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_audit_chain_verifies_and_reports_the_first_tampered_entry()
    {
        using var factory = new SlaGovernanceFactory();
        var api = await factory.AdminApiAsync();
        for (var i = 0; i < 3; i++)
            await api.PostAsJsonAsync("/api/v1/vendors", NewVendor(Unique("Chain")));
        var intact = await (await api.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
        Assert.True(intact.GetProperty("intact").GetBoolean());

        var audit = factory.Services.GetRequiredService<AuditLog>();
        var victim = (await audit.ListAsync(new Data.PageRequest(1, 100))).Items
            .Where(e => e.Action == "vendor.created" && e.Summary!.Contains("Chain")).OrderBy(e => e.Sequence).ElementAt(1);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={factory.DatabasePath}"))
        {
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = "UPDATE audit_log SET actor = 'someone-else' WHERE sequence = $sequence";
            command.Parameters.AddWithValue("$sequence", victim.Sequence);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var broken = await (await api.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(victim.Sequence, broken.GetProperty("firstBrokenSequence").GetInt64());
    }
}
