using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Vendors.Requests;

/// <summary>
/// The vendor's page (/vendor) is reached through a session opened from the vendor token, posted once in a form and never put in a
/// URL. The session is a cookie scheme of its own, sent only to /vendor, holding the token's id: a revoked or expired token, or an
/// archived vendor, ends it at the next request.
/// </summary>
public static class VendorSessions
{
    public const string Scheme = "VendorSession";
    public const string TokenClaim = "vendor_token_id";

    public static WebApplicationBuilder AddVendorSessions(this WebApplicationBuilder builder)
    {
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        builder.Services.AddSingleton<VendorSignIn>();
        builder.Services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "slagov.vendor";
            options.Cookie.Path = "/vendor";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = security.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/vendor";
            options.ExpireTimeSpan = TimeSpan.FromHours(2);
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = ValidateAsync;
        });
        return builder;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var tokenId = Guid.TryParse(context.Principal?.FindFirstValue(TokenClaim), out var id) ? id : (Guid?)null;
        var token = tokenId is null ? null : await services.GetRequiredService<ApiTokenStore>().GetAsync(tokenId.Value, context.HttpContext.RequestAborted);
        var vendor = token?.VendorId is { } vendorId ? await services.GetRequiredService<VendorStore>().GetAsync(vendorId, context.HttpContext.RequestAborted) : null;
        if (token is null || vendor is null || vendor.IsArchived || !token.IsUsableAt(services.GetRequiredService<TimeProvider>().GetUtcNow()))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}

/// <summary>Opens a vendor's session from its token: the token must be a live vendor token of a vendor not archived. Each opening is audited.</summary>
public sealed class VendorSignIn(ApiTokenStore tokens, VendorStore vendors, Database database, AuditLog audit, TimeProvider time)
{
    public const string Refusal = "That is not a valid vendor token: it is unknown, revoked or expired, or its vendor is archived. Ask your contact at the organisation for a new one.";

    public async Task<bool> SignInAsync(HttpContext context, string? secret)
    {
        secret = secret?.Trim();
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal))
            return false;
        var token = await tokens.FindByHashAsync(ApiTokens.HashOf(secret), context.RequestAborted);
        if (token?.VendorId is not { } vendorId || !token.IsUsableAt(time.GetUtcNow()))
            return false;
        var vendor = await vendors.GetAsync(vendorId, context.RequestAborted);
        if (vendor is null || vendor.IsArchived)
            return false;
        var principal = PrincipalFactory.ForVendor(vendor.Id, vendor.Name, token.Name, VendorSessions.Scheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(VendorSessions.TokenClaim, token.Id.ToString()));
        await using (var unit = await database.BeginAsync(context.RequestAborted))
        {
            await audit.AppendAsync(unit, new AuditRecord(principal.UserName(), "vendor.session-opened", "Vendor", vendor.Id.ToString(),
                $"{vendor.Name} opened a session on /vendor with token '{token.Name}' ({token.TokenPrefix}…)"), context.RequestAborted);
            await unit.CommitAsync(context.RequestAborted);
        }
        await context.SignInAsync(VendorSessions.Scheme, principal);
        return true;
    }
}
