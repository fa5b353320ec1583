using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Protection;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Hosting;

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
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.Configure<AntiforgeryOptions>(options =>
            options.Cookie.SecurePolicy = security.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(security.HstsMaxAgeDays));
        services.Configure<ForwardedHeadersOptions>(options => TrustProxies(options, security.ForwardedHeadersFrom));

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
                options.Cookie.SecurePolicy = security.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
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

        services.AddAuthorizationBuilder().AddSlaGovernancePolicies();
        return builder;
    }

    /// <summary>Forwarded headers (when proxies are named) first, so throttling and cookies see the client's address and scheme; then HSTS.</summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(security.ForwardedHeadersFrom))
            app.UseForwardedHeaders();
        if (security.Hsts)
            app.UseHsts();
        return app;
    }

    private static void TrustProxies(ForwardedHeadersOptions options, string? proxies)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in (proxies ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (proxy.Contains('/', StringComparison.Ordinal))
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
            else
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        }
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
        // A password change or reset, or a deactivation, gave the user a new stamp: every session signed in under the old one ends.
        if ((context.Principal.FindFirst(CurrentUser.SecurityStampClaim)?.Value ?? "") != user.SecurityStamp)
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
