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
        };
        claims.AddRange(user.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
