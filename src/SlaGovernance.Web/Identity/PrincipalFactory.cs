using System.Globalization;
using System.Security.Claims;
using SlaGovernance.Data.Identity;

namespace SlaGovernance.Web.Identity;

public static class PrincipalFactory
{
    public static ClaimsPrincipal Create(UserRow user, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName),
            new(CurrentUser.DisplayNameClaim, user.DisplayName),
            new(CurrentUser.TimeZoneClaim, user.TimeZone),
            new(CurrentUser.VersionClaim, user.Version.ToString(CultureInfo.InvariantCulture)),
            new(CurrentUser.SecurityStampClaim, user.SecurityStamp),
        };
        claims.AddRange(user.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>A vendor-scoped token: the vendor's role and id only, named after the vendor and the token, with no user behind it.</summary>
    public static ClaimsPrincipal ForVendor(Guid vendorId, string vendorName, string tokenName, string authenticationType) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"{vendorName} (token {tokenName})"),
            new Claim(CurrentUser.VendorClaim, vendorId.ToString()),
            new Claim(ClaimTypes.Role, SlaGovernance.Domain.Identity.Roles.Vendor),
        ], authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>A token scoped to incident intake: the intake role only, named after the token, with no user behind it.</summary>
    public static ClaimsPrincipal ForIncidentIntake(string tokenName, string authenticationType) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"incident intake (token {tokenName})"),
            new Claim(ClaimTypes.Role, SlaGovernance.Domain.Identity.Roles.IncidentIntake),
        ], authenticationType, ClaimTypes.Name, ClaimTypes.Role));
}
