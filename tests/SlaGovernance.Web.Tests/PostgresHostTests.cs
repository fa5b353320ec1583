using System.Net;
using System.Net.Http.Json;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;

namespace SlaGovernance.Web.Tests;

/// <summary>The whole host on PostgreSQL: migrations, seeding, the key ring, sign-in, a versioned edit and the audit chain.</summary>
public sealed class PostgresHostTests : IAsyncLifetime
{
    private readonly PostgresFactoryHost _host = new("slagov_test_web_");

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [SkippableFact]
    public async Task The_host_runs_on_postgresql_end_to_end()
    {
        TestEnvironment.SkipUnlessAvailable(_host.Factory is not null,
            $"{TestEnvironment.PostgresVariable} is not set (a PostgreSQL connection string); .ci/run sets it.");
        var factory = _host.Factory!;
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/ready")).StatusCode);

        var browser = await factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/users")).StatusCode);

        var api = await factory.ApiClientAsync("pg-procurement", Roles.Procurement);
        var created = await api.PostAsJsonAsync("/api/v1/vendors", new { name = "Postgres Vendor", riskTier = "Medium", contactEmail = "a@b.example" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await api.PutJsonAsync($"/api/v1/vendors/{id}", new { name = "Postgres Vendor", riskTier = "High" }, "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await api.PutJsonAsync($"/api/v1/vendors/{id}", new { name = "Stale", riskTier = "Low" }, "\"1\"")).StatusCode);

        var listed = await (await api.GetAsync("/api/v1/vendors?search=postgres")).ReadJsonAsync();
        Assert.Equal("High", listed.GetProperty("items")[0].GetProperty("riskTier").GetString());

        var adminApi = await factory.AdminApiAsync();
        var verified = await (await adminApi.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
        Assert.True(verified.GetProperty("intact").GetBoolean());
        Assert.True(verified.GetProperty("entriesChecked").GetInt64() >= 5);
    }
}
