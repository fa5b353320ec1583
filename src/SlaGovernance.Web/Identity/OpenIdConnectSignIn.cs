using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Identity;

/// <summary>The <c>Authentication:OpenIdConnect</c> configuration section; sign-in is offered when Authority is set.</summary>
public sealed class OpenIdConnectSettings
{
    public const string Section = "Authentication:OpenIdConnect";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>The claim whose values name the person's groups or roles at the identity provider.</summary>
    public string RoleClaimType { get; set; } = "roles";

    /// <summary>Identity-provider claim value to SlaGovernance role, e.g. "sla-procurement": "Procurement".</summary>
    public Dictionary<string, string> RoleMappings { get; set; } = new(StringComparer.Ordinal);

    public string DefaultTimeZone { get; set; } = "UTC";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

public static class OpenIdConnectSignIn
{
    public const string SchemeName = "oidc";

    /// <summary>The SlaGovernance roles a person's identity-provider claims map to; unmapped values give no role.</summary>
    public static IReadOnlyList<string> MapRoles(IEnumerable<Claim> claims, OpenIdConnectSettings settings) =>
        claims.Where(c => c.Type == settings.RoleClaimType)
            .Select(c => settings.RoleMappings.GetValueOrDefault(c.Value))
            .Where(role => role is not null && Roles.IsKnown(role))
            .Select(role => role!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Provisions or refreshes the local account for the signed-in subject and replaces the principal with ours.</summary>
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context, OpenIdConnectSettings settings)
    {
        var external = context.Principal!;
        var subject = external.FindFirstValue("sub") ?? external.FindFirstValue(ClaimTypes.NameIdentifier);
        if (subject is null)
        {
            context.Fail("The identity provider sent no subject claim.");
            return;
        }
        var issuerSubject = $"{context.Options.Authority}|{subject}";
        var services = context.HttpContext.RequestServices;
        var users = services.GetRequiredService<UserStore>();
        var administration = services.GetRequiredService<UserAdministration>();
        var roles = MapRoles(external.Claims, settings);
        var user = await users.FindByExternalSubjectAsync(issuerSubject, context.HttpContext.RequestAborted);
        var name = external.FindFirstValue("preferred_username") ?? external.FindFirstValue("email") ?? subject;
        var displayName = external.FindFirstValue("name") ?? name;
        var email = external.FindFirstValue("email");
        var result = user is null
            ? await administration.CreateAsync("oidc", new UserAccountInput(name, displayName, email, settings.DefaultTimeZone, roles),
                password: null, externalSubject: issuerSubject, context.HttpContext.RequestAborted)
            : await administration.UpdateAsync("oidc", user.Id, new UserChange(
                new UserAccountInput(user.UserName, displayName, email ?? user.Email, user.TimeZone, roles), user.IsActive, user.Version),
                context.HttpContext.RequestAborted);
        if (result.Value is not { IsActive: true } account)
        {
            context.Fail(result.Errors is null
                ? "This account is deactivated in SlaGovernance."
                : "The identity provider's account could not be provisioned: " + string.Join("; ", result.Errors.SelectMany(e => e.Value)));
            return;
        }
        context.Principal = PrincipalFactory.Create(account, SchemeName);
    }
}
