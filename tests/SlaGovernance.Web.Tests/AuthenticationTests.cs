using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Tests;

public sealed class AuthenticationTests : IClassFixture<SlaGovernanceFactory>
{
    private readonly SlaGovernanceFactory _factory;

    public AuthenticationTests(SlaGovernanceFactory factory) => _factory = factory;

    private static string Name(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    [Fact]
    public async Task An_anonymous_page_request_goes_to_the_login_page()
    {
        var response = await _factory.Browser().GetAsync("/vendors");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Signing_in_shows_the_start_page_with_the_users_name_and_signing_out_ends_the_session()
    {
        var user = await _factory.CreateUserAsync(Name("procurement"), Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        var home = await browser.GetPageAsync("/");
        Assert.Contains(user.UserName, home.QuerySelector(".who")!.TextContent);

        var signOut = await browser.SubmitAsync(home, "header form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        var user = await _factory.CreateUserAsync(Name("legal"), Roles.Legal);
        var browser = _factory.Browser();
        var page = await browser.GetPageAsync("/account/login");
        var response = await browser.SubmitAsync(page, "form", new Dictionary<string, string>
        {
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = "wrong password!",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("user name or password is not correct", (await Pages.ParseAsync(response)).QuerySelector(".alert")!.TextContent);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_until_the_lockout_passes()
    {
        var user = await _factory.CreateUserAsync(Name("finance"), Roles.Finance);
        var browser = _factory.Browser();
        async Task<HttpResponseMessage> Attempt(string password)
        {
            var page = await browser.GetPageAsync("/account/login");
            return await browser.SubmitAsync(page, "form", new Dictionary<string, string>
            {
                ["Input.UserName"] = user.UserName,
                ["Input.Password"] = password,
            });
        }
        for (var i = 0; i < 4; i++)
            Assert.Contains("not correct", await (await Attempt("wrong")).Content.ReadAsStringAsync());
        Assert.Contains("locked", await (await Attempt("wrong")).Content.ReadAsStringAsync());
        Assert.Contains("locked", await (await Attempt(user.Password)).Content.ReadAsStringAsync());

        _factory.Time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Redirect, (await Attempt(user.Password)).StatusCode);
    }

    [Fact]
    public async Task Too_many_attempts_from_one_address_are_throttled()
    {
        using var factory = new SlaGovernanceFactory { Settings = new() { ["Security:LoginAttemptsPerMinute"] = "3" } };
        var browser = factory.Browser();
        var page = await browser.GetPageAsync("/account/login");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await browser.SubmitAsync(page, "form", new Dictionary<string, string>
            {
                ["Input.UserName"] = "admin",
                ["Input.Password"] = "wrong",
            })).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_deactivated_users_session_ends_at_their_next_request()
    {
        var user = await _factory.CreateUserAsync(Name("vm"), Roles.VendorManager);
        var browser = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/vendors")).StatusCode);

        var administration = _factory.Services.GetRequiredService<UserAdministration>();
        var result = await administration.UpdateAsync("test", user.Id,
            new UserChange(new UserAccountInput(null, user.UserName, null, "Europe/London", [Roles.VendorManager]), IsActive: false, ExpectedVersion: 1));
        Assert.Null(result.Errors);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/vendors")).StatusCode);
    }

    [Fact]
    public async Task A_role_change_takes_effect_in_an_open_session()
    {
        var user = await _factory.CreateUserAsync(Name("promoted"), Roles.Auditor);
        var browser = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/vendors/new")).StatusCode);
        await _factory.Services.GetRequiredService<UserAdministration>().UpdateAsync("test", user.Id,
            new UserChange(new UserAccountInput(null, user.UserName, null, "Europe/London", [Roles.Procurement]), true, 1));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/vendors/new")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_survives_a_restart_because_the_key_ring_is_in_the_database()
    {
        var path = Path.Combine(Path.GetTempPath(), $"slagov-web-{Guid.NewGuid():N}.db");
        string cookie;
        using (var first = new SlaGovernanceFactory { DatabasePath = path, DeleteDatabaseOnDispose = false })
        {
            var browser = first.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            var page = await browser.GetAsync("/account/login");
            var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
            var document = await Pages.ParseAsync(page);
            var token = document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["Input.UserName"] = "admin",
                    ["Input.Password"] = SlaGovernanceFactory.AdminPassword,
                }),
            };
            request.Headers.Add("Cookie", string.Join("; ", antiforgeryCookie));
            var signedIn = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("slagov.auth=", StringComparison.Ordinal)).Split(';')[0];
        }
        using var second = new SlaGovernanceFactory { DatabasePath = path };
        var client = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var home = new HttpRequestMessage(HttpMethod.Get, "/admin/users");
        home.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(home)).StatusCode);
    }

    [Fact]
    public async Task An_api_write_signed_in_by_cookie_needs_the_antiforgery_header()
    {
        var user = await _factory.CreateUserAsync(Name("cookie"), Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        var vendor = new { name = Name("Cookie Vendor"), riskTier = "Low" };

        var without = await browser.PostAsJsonAsync("/api/v1/vendors", vendor);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Contains("X-CSRF-TOKEN", (await without.ReadJsonAsync()).GetProperty("detail").GetString());

        var token = await (await browser.GetAsync("/api/v1/antiforgery")).ReadJsonAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/vendors") { Content = JsonContent.Create(vendor) };
        request.Headers.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_token_works_until_it_is_revoked_and_its_secret_is_never_listed()
    {
        var user = await _factory.CreateUserAsync(Name("script"), Roles.VendorManager);
        var issuer = _factory.Services.GetRequiredService<ApiTokens>();
        var issued = await issuer.IssueAsync(user.Id, user.UserName, "nightly", null);
        var api = _factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Value!.Secret);

        var mine = await api.GetAsync("/api/v1/tokens");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var listing = await mine.Content.ReadAsStringAsync();
        Assert.Contains("nightly", listing);
        Assert.DoesNotContain(issued.Value.Secret, listing);

        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/api/v1/tokens/{issued.Value.Token.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_of_a_user_deactivated_on_this_node_is_refused_at_once()
    {
        var user = await _factory.CreateUserAsync(Name("leaver"), Roles.VendorManager);
        var issued = await _factory.Services.GetRequiredService<ApiTokens>().IssueAsync(user.Id, user.UserName, "nightly", null);
        var api = _factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Value!.Secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        await _factory.Services.GetRequiredService<UserAdministration>().UpdateAsync("test", user.Id,
            new UserChange(new UserAccountInput(null, user.UserName, null, "Europe/London", [Roles.VendorManager]), IsActive: false, ExpectedVersion: 1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_revoked_by_another_node_is_refused_once_the_remembered_authentication_lapses()
    {
        var user = await _factory.CreateUserAsync(Name("elsewhere"), Roles.VendorManager);
        var issued = await _factory.Services.GetRequiredService<ApiTokens>().IssueAsync(user.Id, user.UserName, "nightly", null);
        var api = _factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Value!.Secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        // Written straight to the database, as another node's revocation is: this node does not hear of it.
        var database = _factory.Services.GetRequiredService<Database>();
        await using (var unit = await database.BeginAsync())
        {
            await _factory.Services.GetRequiredService<ApiTokenStore>().RevokeAsync(unit, issued.Value.Token.Id, _factory.Time.GetUtcNow());
            await unit.CommitAsync();
        }
        _factory.Time.Advance(RecentTokenAuthentications.Lifetime);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var user = await _factory.CreateUserAsync(Name("expiring"), Roles.Finance);
        var issued = await _factory.Services.GetRequiredService<ApiTokens>()
            .IssueAsync(user.Id, user.UserName, "short-lived", _factory.Time.GetUtcNow().AddDays(1));
        var api = _factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Value!.Secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
        _factory.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_issued_through_the_api_is_shown_once_and_authenticates()
    {
        var api = await _factory.ApiClientAsync(Name("issuer"), Roles.Legal);
        var response = await api.PostAsJsonAsync("/api/v1/tokens", new { name = "second" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var secret = (await response.ReadJsonAsync()).GetProperty("secret").GetString()!;
        Assert.StartsWith("slg_", secret);
        var second = _factory.CreateClient();
        second.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var me = await (await second.GetAsync("/api/v1/me")).ReadJsonAsync();
        Assert.Equal(["Legal"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_token_without_a_name_is_refused_on_the_name_field()
    {
        var api = await _factory.ApiClientAsync(Name("noname"), Roles.Legal);
        var response = await api.PostAsJsonAsync("/api/v1/tokens", new { name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name", (await response.ProblemErrorsAsync()).Keys);
    }

    [Fact]
    public async Task A_garbage_bearer_token_is_401()
    {
        var api = _factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "slg_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/vendors")).StatusCode);
    }

    [Fact]
    public void Identity_provider_claims_map_to_roles_and_unmapped_values_give_none()
    {
        var settings = new OpenIdConnectSettings
        {
            RoleClaimType = "groups",
            RoleMappings = new() { ["sla-procurement"] = Roles.Procurement, ["sla-board"] = Roles.GovernanceBoard, ["typo"] = "Superuser" },
        };
        var claims = new[]
        {
            new System.Security.Claims.Claim("groups", "sla-board"),
            new System.Security.Claims.Claim("groups", "sla-procurement"),
            new System.Security.Claims.Claim("groups", "everyone"),
            new System.Security.Claims.Claim("groups", "typo"),
            new System.Security.Claims.Claim("roles", "sla-procurement"),
        };
        Assert.Equal([Roles.GovernanceBoard, Roles.Procurement], OpenIdConnectSignIn.MapRoles(claims, settings));
    }
}
