using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SlaGovernance.Data.Identity;

namespace SlaGovernance.Web.Identity;

/// <summary>
/// Authenticates <c>Authorization: Bearer slg_…</c> against the stored token hashes, remembering a success for a few
/// seconds (<see cref="RecentTokenAuthentications"/>).
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenStore tokens,
    UserStore users,
    SlaGovernance.Data.Vendors.VendorStore vendors,
    RecentTokenAuthentications recent,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal))
            return AuthenticateResult.Fail("The bearer token is not a SlaGovernance API token.");
        var hash = ApiTokens.HashOf(secret);
        var now = time.GetUtcNow();
        if (recent.TryGet(hash, out var known, out var knownUser) && known.IsUsableAt(now))
            return Success(knownUser);
        var generation = recent.Generation;
        var token = await tokens.FindByHashAsync(hash, Context.RequestAborted);
        if (token is null || !token.IsUsableAt(now))
            return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        if (token.VendorId is { } vendorId)
        {
            var vendor = await vendors.GetAsync(vendorId, Context.RequestAborted);
            if (vendor is null || vendor.IsArchived)
                return AuthenticateResult.Fail("The API token's vendor is archived.");
            await TouchAsync(token, now);
            return AuthenticateResult.Success(new AuthenticationTicket(PrincipalFactory.ForVendor(vendor.Id, vendor.Name, token.Name, SchemeName), SchemeName));
        }
        if (token.Scope == ApiTokenScopes.IncidentIntake)
        {
            await TouchAsync(token, now);
            return AuthenticateResult.Success(new AuthenticationTicket(PrincipalFactory.ForIncidentIntake(token.Name, SchemeName), SchemeName));
        }
        if (token.Scope is not null)
            return AuthenticateResult.Fail($"The API token's scope '{token.Scope}' is not one this version knows.");
        var user = await users.GetAsync(token.UserId, Context.RequestAborted);
        if (user is null || !user.IsActive)
            return AuthenticateResult.Fail("The API token's user is deactivated.");
        await TouchAsync(token, now);
        // Only people's tokens are remembered; a vendor token is checked against its vendor, a scoped token read again, on every request.
        recent.Remember(hash, token, user, generation);
        return Success(user);
    }

    private async Task TouchAsync(ApiTokenRow token, DateTimeOffset now)
    {
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
            await tokens.TouchAsync(token.Id, now, Context.RequestAborted);
    }

    private static AuthenticateResult Success(UserRow user) =>
        AuthenticateResult.Success(new AuthenticationTicket(PrincipalFactory.Create(user, SchemeName), SchemeName));
}
