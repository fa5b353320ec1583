using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Audit;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Tests;

public sealed class AuditTrailTests : IClassFixture<AuditTrailTests.AddressedFactory>
{
    /// <summary>The test server gives requests no client address; this host gives each one, as Kestrel would.</summary>
    public sealed class AddressedFactory : SlaGovernanceFactory
    {
        public static readonly IPAddress Client = IPAddress.Parse("203.0.113.7");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ClientAddress()));
        }

        private sealed class ClientAddress : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    context.Connection.RemoteIpAddress ??= Client;
                    return nextMiddleware(context);
                });
                next(app);
            };
        }
    }

    private readonly AddressedFactory _factory;

    public AuditTrailTests(AddressedFactory factory) => _factory = factory;

    private static string Name(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    private async Task<List<System.Text.Json.JsonElement>> SignInEntriesAsync(HttpClient auditor) =>
        (await (await auditor.GetAsync("/api/v1/audit?entityType=SignIn&pageSize=200")).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Sign_ins_that_succeed_and_fail_are_audited_with_the_name_as_typed_and_the_address_but_no_password()
    {
        var user = await _factory.CreateUserAsync(Name("legal"), Roles.Legal);
        var typed = user.UserName.ToUpperInvariant();
        await _factory.Browser().SignInAsync(typed, user.Password);
        var wrongPassword = "not-the-password-" + Guid.NewGuid().ToString("N")[..6];
        var browser = _factory.Browser();
        var failed = await browser.SubmitAsync(await browser.GetPageAsync("/account/login"), "form", new Dictionary<string, string>
        {
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = wrongPassword,
        });
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        var nobody = Name("nobody");
        await browser.SubmitAsync(await browser.GetPageAsync("/account/login"), "form", new Dictionary<string, string>
        {
            ["Input.UserName"] = nobody,
            ["Input.Password"] = wrongPassword,
        });

        var entries = await SignInEntriesAsync(await _factory.ApiClientAsync(Name("auditor"), Roles.Auditor));
        var succeeded = Assert.Single(entries, e => e.GetProperty("action").GetString() == "sign-in.succeeded"
            && e.GetProperty("actor").GetString() == typed);
        Assert.Contains(AddressedFactory.Client.ToString(), succeeded.GetProperty("summary").GetString());
        var refused = Assert.Single(entries, e => e.GetProperty("action").GetString() == "sign-in.failed" && e.GetProperty("actor").GetString() == user.UserName);
        Assert.Contains("wrong password", refused.GetProperty("summary").GetString());
        Assert.Contains(AddressedFactory.Client.ToString(), refused.GetProperty("summary").GetString());
        Assert.Single(entries, e => e.GetProperty("action").GetString() == "sign-in.failed" && e.GetProperty("actor").GetString() == nobody);
        Assert.DoesNotContain(entries, e => e.GetRawText().Contains(wrongPassword, StringComparison.Ordinal)
                                            || e.GetRawText().Contains(user.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_reports_entries_removed_from_the_end_of_the_log_against_its_checkpoint()
    {
        var api = await _factory.AdminApiAsync();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/vendors", new { name = Name("Tail"), riskTier = "Low" })).StatusCode);
        var intact = await (await api.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.GetRawText());
        var sealedCount = intact.GetProperty("entriesChecked").GetInt64();
        var again = await (await api.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
        Assert.Equal(sealedCount, again.GetProperty("checkpoint").GetProperty("entryCount").GetInt64());

        await using (var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}"))
        {
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM audit_log WHERE sequence > (SELECT MAX(sequence) - 2 FROM audit_log)";
            Assert.Equal(2, await command.ExecuteNonQueryAsync());
        }
        var broken = await (await api.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(AuditFindings.Truncated, broken.GetProperty("finding").GetString());
        Assert.Contains("the newest entries were removed", broken.GetProperty("problem").GetString());

        var browser = await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var page = await browser.GetPageAsync("/audit");
        var verified = await browser.SubmitAsync(page, "form[method=post].toolbar", new Dictionary<string, string>());
        var shown = await verified.Content.ReadAsStringAsync();
        Assert.Contains("the newest entries were removed", shown);
    }
}
