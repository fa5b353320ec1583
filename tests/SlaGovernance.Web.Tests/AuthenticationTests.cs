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
        for (var i = 0; i < 5; i++)
            Assert.Contains("not correct", await (await Attempt("wrong")).Content.ReadAsStringAsync());
        // Locked: even the right password is answered as a wrong one, so the answer does not tell that the name exists.
        var whileLocked = await Attempt(user.Password);
        Assert.Equal(HttpStatusCode.OK, whileLocked.StatusCode);
        Assert.Contains("not correct", await whileLocked.Content.ReadAsStringAsync());

        _factory.Time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Redirect, (await Attempt(user.Password)).StatusCode);
    }

    private async Task<HttpResponseMessage> AttemptAsync(HttpClient browser, string userName, string password)
    {
        var page = await browser.GetPageAsync("/account/login");
        return await browser.SubmitAsync(page, "form", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
    }

    [Fact]
    public async Task After_a_lockout_ends_the_count_starts_again_so_one_wrong_password_does_not_lock_the_account()
    {
        var user = await _factory.CreateUserAsync(Name("finance"), Roles.Finance);
        var browser = _factory.Browser();
        for (var i = 0; i < 5; i++)
            await AttemptAsync(browser, user.UserName, "wrong");
        var users = _factory.Services.GetRequiredService<UserStore>();
        Assert.NotNull((await users.GetAsync(user.Id))!.LockoutEnd);

        _factory.Time.Advance(TimeSpan.FromMinutes(16));
        await AttemptAsync(browser, user.UserName, "wrong");
        var afterOne = (await users.GetAsync(user.Id))!;
        Assert.Equal(1, afterOne.FailedLoginCount);
        Assert.Null(afterOne.LockoutEnd);
        Assert.Equal(HttpStatusCode.Redirect, (await AttemptAsync(browser, user.UserName, user.Password)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_name_and_a_locked_account_get_the_same_answer()
    {
        var user = await _factory.CreateUserAsync(Name("legal"), Roles.Legal);
        var browser = _factory.Browser();
        for (var i = 0; i < 5; i++)
            await AttemptAsync(browser, user.UserName, "wrong");

        var locked = await AttemptAsync(browser, user.UserName, user.Password);
        var unknown = await AttemptAsync(browser, Name("nobody"), "whatever-password");
        Assert.Equal(unknown.StatusCode, locked.StatusCode);
        Assert.Equal((await Pages.ParseAsync(unknown)).QuerySelector(".alert")!.TextContent, (await Pages.ParseAsync(locked)).QuerySelector(".alert")!.TextContent);
    }

    [Fact]
    public async Task Too_many_attempts_for_one_account_are_throttled_until_the_window_passes()
    {
        using var factory = new SlaGovernanceFactory { Settings = new() { ["Security:LoginAttemptsPerAccount"] = "3", ["Security:LoginThrottleWindow"] = "00:02:00" } };
        var browser = factory.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await AttemptAsync(browser, "admin", "wrong")).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var throttled = await AttemptAsync(browser, "admin", SlaGovernanceFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Contains("Too many sign-in attempts", (await Pages.ParseAsync(throttled)).QuerySelector(".alert")!.TextContent);
        // Another account from the same address is not held back by this one.
        Assert.Equal(HttpStatusCode.OK, (await AttemptAsync(browser, "someone-else", "wrong")).StatusCode);

        factory.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Redirect, (await AttemptAsync(browser, "admin", SlaGovernanceFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task A_password_change_ends_the_users_other_sessions_and_personal_tokens_and_puts_their_vendor_tokens_up_for_review()
    {
        var user = await _factory.CreateUserAsync(Name("vm"), Roles.VendorManager);
        var here = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        var elsewhere = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        var issued = await _factory.Services.GetRequiredService<ApiTokens>().IssueAsync(user.Id, user.UserName, "script", null);
        var script = _factory.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Value!.Secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/v1/me")).StatusCode);
        var vendor = await (await script.PostAsJsonAsync("/api/v1/vendors", new { name = Name("Vendor"), riskTier = "Low" })).ReadJsonAsync();
        var vendorToken = await script.PostAsJsonAsync($"/api/v1/vendors/{vendor.GetProperty("id").GetGuid()}/tokens", new { name = "NOC feed" });
        Assert.Equal(HttpStatusCode.Created, vendorToken.StatusCode);

        var changed = await here.SubmitAsync(await here.GetPageAsync("/account/profile"), "form[action*='Password']", new Dictionary<string, string>
        {
            ["Password.CurrentPassword"] = user.Password,
            ["Password.NewPassword"] = "a-new-password-2",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        _factory.Time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/vendors")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/vendors")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/me")).StatusCode);
        var review = (await (await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword)).GetPageAsync("/admin/tokens"))
            .QuerySelector("#review")!.TextContent;
        Assert.Contains("NOC feed", review);
        Assert.Contains($"{user.UserName} changed their password", review);
    }

    [Fact]
    public async Task An_administrators_password_reset_ends_every_session_of_the_user()
    {
        var user = await _factory.CreateUserAsync(Name("board"), Roles.GovernanceBoard);
        var browser = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        var admin = await _factory.AdminApiAsync();
        var reset = await admin.PostAsJsonAsync($"/api/v1/users/{user.Id}/password", new { newPassword = "reset-password-3" });
        Assert.True(reset.IsSuccessStatusCode, await reset.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/vendors")).StatusCode);
        await _factory.Browser().SignInAsync(user.UserName, "reset-password-3");
    }

    [Fact]
    public async Task In_production_cookies_are_secure_hsts_is_sent_and_the_proxys_forwarded_scheme_is_trusted()
    {
        using var factory = new SlaGovernanceFactory
        {
            Settings = new() { ["Security:SecureCookies"] = "true", ["Security:Hsts"] = "true", ["Security:ForwardedHeadersFrom"] = "127.0.0.1,::1" },
        };
        // Secure cookies are refused over plain HTTP, as behind a TLS-terminating proxy the browser only ever speaks HTTPS.
        var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true,
        });
        var signedIn = await browser.SubmitAsync(await browser.GetPageAsync("/account/login"), "form", new Dictionary<string, string>
        {
            ["Input.UserName"] = "admin",
            ["Input.Password"] = SlaGovernanceFactory.AdminPassword,
        });
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("slagov.auth=", StringComparison.Ordinal)
            && c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        using var plain = new HttpRequestMessage(HttpMethod.Get, "http://sla.example.test/health/live");
        Assert.False((await browser.SendAsync(plain)).Headers.Contains("Strict-Transport-Security"));
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "http://sla.example.test/health/live");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.True((await browser.SendAsync(forwarded)).Headers.Contains("Strict-Transport-Security"));
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
