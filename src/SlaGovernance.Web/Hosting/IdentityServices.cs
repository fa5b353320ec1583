using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Protection;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Hosting;

public static class Policies
{
    /// <summary>Any signed-in person with a role; the Auditor reads everything through this.</summary>
    public const string Reader = "Reader";
    public const string VendorEditor = "VendorEditor";

    /// <summary>Procurement, vendor managers and administrators draft and submit agreements.</summary>
    public const string Drafter = "Drafter";
    public const string Admin = "Admin";

    /// <summary>Procurement and administrators generate an approved version's contract again when it has none.</summary>
    public const string ContractIssuer = "ContractIssuer";

    /// <summary>Procurement and administrators keep the signed record: they import agreements signed elsewhere and end agreements early.</summary>
    public const string ContractKeeper = "ContractKeeper";

    /// <summary>Legal and administrators keep the clause library: add clauses, publish their versions, retire them.</summary>
    public const string ClauseEditor = "ClauseEditor";

    /// <summary>Administrators and auditors read the audit log.</summary>
    public const string AuditReader = "AuditReader";

    /// <summary>Those who decide, fund or check renewals read the renewal calendar and its exports.</summary>
    public const string RenewalReader = "RenewalReader";

    /// <summary>Staff who upload raw performance data, and vendor-scoped tokens (for their own vendor's agreements only).</summary>
    public const string DataUploader = "DataUploader";

    /// <summary>Staff who upload raw data decide the exclusions vendors propose.</summary>
    public const string DataReviewer = "DataReviewer";

    /// <summary>Administrators, procurement and vendor managers compute and archive compliance reports; every reader reads them.</summary>
    public const string ComplianceReporter = "ComplianceReporter";
}

public static class IdentityServices
{
    private const string SmartScheme = "SlaGovernance";

    /// <summary>Cookie sign-in for the UI, API tokens for scripts, OpenID Connect when configured; keys kept in the database.</summary>
    public static IHostApplicationBuilder AddIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.Section));
        services.Configure<SeedOptions>(builder.Configuration.GetSection(SeedOptions.Section));
        var oidc = builder.Configuration.GetSection(OpenIdConnectSettings.Section).Get<OpenIdConnectSettings>() ?? new OpenIdConnectSettings();
        services.AddSingleton(oidc);
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<ApiTokens>();
        services.AddSingleton<RecentTokenAuthentications>();
        services.AddSingleton<OrganisationSeeder>();

        services.AddDataProtection().SetApplicationName("SlaGovernance");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataProtectionKeyStore>((options, store) => options.XmlRepository = new DatabaseXmlRepository(store));

        var authentication = services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Cookie or API token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.Count > 0
                        ? ApiTokenAuthenticationHandler.SchemeName
                        : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/account/login";
                options.LogoutPath = "/account/logout";
                options.AccessDeniedPath = "/account/access-denied";
                options.Cookie.Name = "slagov.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = RefreshPrincipalAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OpenIdConnectSignIn.SchemeName, oidc.DisplayName, options =>
            {
                options.Authority = oidc.Authority;
                options.ClientId = oidc.ClientId;
                options.ClientSecret = oidc.ClientSecret;
                options.ResponseType = "code";
                options.UsePkce = true;
                options.SaveTokens = false;
                options.Scope.Add("email");
                options.Scope.Add("profile");
                options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.Events.OnTokenValidated = context => OpenIdConnectSignIn.OnTokenValidatedAsync(context, oidc);
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Reader, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(Policies.VendorEditor, policy => policy.RequireRole(Roles.VendorEditors))
            .AddPolicy(Policies.Drafter, policy => policy.RequireRole(Roles.Procurement, Roles.VendorManager, Roles.Admin))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.ContractIssuer, policy => policy.RequireRole(Roles.Procurement, Roles.Admin))
            .AddPolicy(Policies.ContractKeeper, policy => policy.RequireRole(Roles.Procurement, Roles.Admin))
            .AddPolicy(Policies.ClauseEditor, policy => policy.RequireRole(Roles.ClauseEditors))
            .AddPolicy(Policies.AuditReader, policy => policy.RequireRole(Roles.Admin, Roles.Auditor))
            .AddPolicy(Policies.RenewalReader, policy => policy.RequireRole(Roles.RenewalReaders))
            .AddPolicy(Policies.DataUploader, policy => policy.RequireRole([.. Roles.DataUploaders, Roles.Vendor]))
            .AddPolicy(Policies.DataReviewer, policy => policy.RequireRole(Roles.DataUploaders))
            .AddPolicy(Policies.ComplianceReporter, policy => policy.RequireRole(Roles.ComplianceReporters));
        return builder;
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A deactivated user is signed out at their next request, and role changes take effect at once.</summary>
    private static async Task RefreshPrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.UserId() is not { } id)
        {
            context.RejectPrincipal();
            return;
        }
        UserRow? user;
        try
        {
            user = await context.HttpContext.RequestServices.GetRequiredService<UserStore>().GetAsync(id, context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (Api.ApiExceptionHandler.IsDatabaseUnavailable(e))
        {
            // The request itself will meet the same outage and answer 503; the error page must still render.
            return;
        }
        if (user is null || !user.IsActive)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (context.Principal.FindFirst(CurrentUser.VersionClaim)?.Value != user.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            context.ReplacePrincipal(PrincipalFactory.Create(user, CookieAuthenticationDefaults.AuthenticationScheme));
            context.ShouldRenew = true;
        }
    }
}
