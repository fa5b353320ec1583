using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Notifications.Outbox;

namespace SlaGovernance.Web.Tests;

public sealed class AdminPagesTests : IClassFixture<SlaGovernanceFactory>
{
    private readonly SlaGovernanceFactory _factory;

    public AdminPagesTests(SlaGovernanceFactory factory) => _factory = factory;

    private Task<HttpClient> AdminAsync() => _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);

    [Fact]
    public async Task An_admin_creates_a_user_who_can_then_sign_in_with_the_given_role()
    {
        var admin = await AdminAsync();
        var form = await admin.GetPageAsync("/admin/users/new");
        var userName = "newcomer-" + Guid.NewGuid().ToString("N")[..6];
        var created = await admin.SubmitAsync(form, "form.stacked", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.DisplayName"] = "New Comer",
            ["Input.Email"] = $"{userName}@example.com",
            ["Input.TimeZone"] = "America/New_York",
            ["Input.Roles"] = Roles.Legal,
            ["Input.Password"] = "a long enough password",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await admin.GetPageAsync($"/admin/users?search={userName}");
        Assert.Contains("Legal", list.QuerySelector("tbody tr")!.TextContent);

        await _factory.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var email = Directory.GetFiles(_factory.MailDirectory, "*.eml").Select(File.ReadAllText).Single(m => m.Contains($"{userName}@example.com"));
        Assert.Contains("Subject: Your SlaGovernance account", email);
        Assert.Contains("/account/login", email);
        Assert.DoesNotContain("a long enough password", email);

        var newcomer = await _factory.Browser().SignInAsync(userName, "a long enough password");
        Assert.Equal(HttpStatusCode.Redirect, (await newcomer.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task A_user_form_with_bad_values_says_what_is_wrong()
    {
        var admin = await AdminAsync();
        var form = await admin.GetPageAsync("/admin/users/new");
        var response = await admin.SubmitAsync(form, "form.stacked", new Dictionary<string, string>
        {
            ["Input.UserName"] = "has spaces",
            ["Input.DisplayName"] = "X",
            ["Input.TimeZone"] = "Nowhere/Land",
            ["Input.Password"] = "short",
        });
        var errors = (await Pages.ParseAsync(response)).QuerySelectorAll(".field-validation-error").Select(e => e.TextContent)
            .Where(t => t.Length > 0).ToList();
        Assert.Contains(errors, e => e.Contains("may only contain"));
        Assert.Contains(errors, e => e.Contains("IANA"));
        Assert.Contains(errors, e => e.Contains("at least 12"));
    }

    [Fact]
    public async Task Non_admins_are_refused_the_admin_pages_and_the_user_api()
    {
        var user = await _factory.CreateUserAsync("nonadmin-" + Guid.NewGuid().ToString("N")[..6], Roles.Procurement);
        var browser = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        var page = await browser.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/access-denied", page.Headers.Location!.ToString());
        var api = await _factory.ApiClientAsync("nonadmin-api-" + Guid.NewGuid().ToString("N")[..6], Roles.Procurement);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task The_audit_page_verifies_the_chain_for_an_auditor()
    {
        var auditor = await _factory.CreateUserAsync("reader-" + Guid.NewGuid().ToString("N")[..6], Roles.Auditor);
        var browser = await _factory.Browser().SignInAsync(auditor.UserName, auditor.Password);
        var page = await browser.GetPageAsync("/audit");
        Assert.NotEmpty(page.QuerySelectorAll("tbody tr"));
        var verified = await browser.SubmitAsync(page, "form[action*='Verify']", new Dictionary<string, string>());
        Assert.Contains("The chain holds", (await Pages.ParseAsync(verified)).QuerySelector("#verification")!.TextContent);
    }

    [Fact]
    public async Task The_audit_page_names_subjects_and_filters_by_subject_person_action_and_dates()
    {
        var name = "Audited Vendor " + Guid.NewGuid().ToString("N")[..6];
        var vendor = await _factory.Services.GetRequiredService<SlaGovernance.Web.Features.Vendors.VendorCommands>().CreateAsync("auditee",
            new SlaGovernance.Domain.Vendors.VendorInput(name, null, null, "Low", null));
        var auditor = await _factory.CreateUserAsync("reader-" + Guid.NewGuid().ToString("N")[..6], Roles.Auditor);
        var browser = await _factory.Browser().SignInAsync(auditor.UserName, auditor.Password);

        var bySubject = await browser.GetPageAsync($"/audit?subject={Uri.EscapeDataString(name)}");
        Assert.Contains(name, bySubject.QuerySelector("#audit-subject")!.TextContent);
        var row = Assert.Single(bySubject.QuerySelectorAll("#audit-entries tbody tr"));
        Assert.Contains(name, row.QuerySelector(".subject")!.TextContent);
        Assert.DoesNotContain(vendor.Value!.Id.ToString(), row.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Vendor: created", row.TextContent);

        var byPerson = await browser.GetPageAsync("/audit?actor=auditee&action=vendor.created");
        Assert.All(byPerson.QuerySelectorAll("#audit-entries tbody tr"), r => Assert.Contains("auditee", r.TextContent));
        Assert.NotEmpty(byPerson.QuerySelectorAll("#audit-entries tbody tr"));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var nextYear = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEmpty((await browser.GetPageAsync($"/audit?actor=auditee&from={today}&to={today}")).QuerySelectorAll("#audit-entries tbody tr"));
        Assert.NotNull((await browser.GetPageAsync($"/audit?actor=auditee&from={nextYear}")).QuerySelector("#no-entries"));
        Assert.Contains("No agreement, vendor or user is named like", (await browser.GetPageAsync("/audit?subject=nobody-has-this-name")).QuerySelector("#audit-problem")!.TextContent);
    }

    [Fact]
    public async Task An_admin_revokes_another_users_token_from_the_tokens_page()
    {
        var api = await _factory.ApiClientAsync("revokee-" + Guid.NewGuid().ToString("N")[..6], Roles.Finance);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
        var admin = await AdminAsync();
        var page = await admin.GetPageAsync("/admin/tokens");
        foreach (var _ in page.QuerySelectorAll("form[action*='Revoke']"))
        {
            var fresh = await admin.GetPageAsync("/admin/tokens");
            if (fresh.QuerySelector("form[action*='Revoke']") is null)
                break;
            await admin.SubmitAsync(fresh, "form[action*='Revoke']", new Dictionary<string, string>());
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task The_user_api_manages_accounts_with_versions()
    {
        var api = await _factory.AdminApiAsync();
        var userName = "api-user-" + Guid.NewGuid().ToString("N")[..6];
        var created = await api.PostAsync("/api/v1/users", System.Net.Http.Json.JsonContent.Create(new
        {
            userName, displayName = "Api User", timeZone = "Europe/Paris", roles = new[] { Roles.Finance }, password = "a long enough password",
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var updated = await api.PutJsonAsync($"/api/v1/users/{id}", new
        {
            displayName = "Api User", timeZone = "Europe/Paris", roles = new[] { Roles.Finance, Roles.GovernanceBoard }, isActive = true,
        }, "\"1\"");
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.PutJsonAsync($"/api/v1/users/{id}", new
        {
            displayName = "Stale", timeZone = "Europe/Paris", roles = new[] { Roles.Finance }, isActive = true,
        }, "\"1\"")).StatusCode);
        var duplicate = await api.PostAsync("/api/v1/users", System.Net.Http.Json.JsonContent.Create(new
        {
            userName = userName.ToUpperInvariant(), displayName = "Again", timeZone = "UTC", password = "a long enough password",
        }));
        Assert.Contains("already taken", (await duplicate.ProblemErrorsAsync())["userName"][0]);
    }
}
