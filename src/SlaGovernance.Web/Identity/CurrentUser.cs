using System.Security.Claims;

namespace SlaGovernance.Web.Identity;

public static class CurrentUser
{
    public const string DisplayNameClaim = "display_name";
    public const string TimeZoneClaim = "tz";
    public const string VersionClaim = "user_version";
    public const string VendorClaim = "vendor_id";
    public const string SecurityStampClaim = "security_stamp";

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The vendor a vendor-scoped token speaks for; null for staff.</summary>
    public static Guid? VendorId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(VendorClaim), out var id) ? id : null;

    public static string UserName(this ClaimsPrincipal principal) => principal.Identity?.Name ?? "anonymous";

    public static string DisplayName(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(DisplayNameClaim) ?? principal.UserName();

    /// <summary>The roles the principal holds, as the rules in Domain take them.</summary>
    public static IReadOnlyList<string> Roles(this ClaimsPrincipal principal) => principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();

    public static string TimeZoneId(this ClaimsPrincipal principal) => principal.FindFirstValue(TimeZoneClaim) ?? "UTC";
}
