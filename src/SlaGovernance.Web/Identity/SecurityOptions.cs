namespace SlaGovernance.Web.Identity;

/// <summary>The <c>Security</c> configuration section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Failed password attempts before an account is locked.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Login attempts allowed per client address per minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>Largest JSON body the API accepts.</summary>
    public long MaxApiBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest body of a file upload endpoint (a signed contract copy, alone or with an imported agreement).</summary>
    public long MaxUploadBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Largest raw performance data file (POST /api/v1/agreements/{id}/data/{kind}); it is streamed, never held whole.</summary>
    public long MaxDataUploadBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>API paths that take a file: their last segment.</summary>
    public static readonly IReadOnlySet<string> UploadEndpoints = new HashSet<string>(StringComparer.Ordinal) { "signature", "import", "contract-template" };
}

/// <summary>The <c>Seed</c> configuration section: what an empty database is given.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public string OrganisationName { get; set; } = "Demo Organisation";
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>A user per role and a few vendors, with the logins printed once. Never set in production.</summary>
    public bool DemoData { get; set; }

    /// <summary>A first administrator for a production database.</summary>
    public string? AdminUserName { get; set; }

    public string? AdminPassword { get; set; }
}
