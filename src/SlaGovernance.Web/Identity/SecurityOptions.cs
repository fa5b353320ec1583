namespace SlaGovernance.Web.Identity;

/// <summary>The <c>Security</c> configuration section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Failed password attempts before an account is locked.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// Sign-in attempts allowed per client address in each <see cref="LoginThrottleWindow"/> (a minute unless set). Higher than
    /// the per-account limit because an office behind one NAT address signs many people in at nine o'clock; guessing one
    /// account's password is held by the per-account limit and the lockout.
    /// </summary>
    public int LoginAttemptsPerMinute { get; set; } = 60;

    /// <summary>Sign-in attempts allowed per account name in each <see cref="LoginThrottleWindow"/>, from any address.</summary>
    public int LoginAttemptsPerAccount { get; set; } = 10;

    /// <summary>The fixed window the sign-in throttle counts in.</summary>
    public TimeSpan LoginThrottleWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Cookies only over HTTPS (the sign-in and antiforgery cookies); set in production behind TLS.</summary>
    public bool SecureCookies { get; set; }

    /// <summary>Send Strict-Transport-Security on HTTPS answers, for <see cref="HstsMaxAgeDays"/>; set in production behind TLS.</summary>
    public bool Hsts { get; set; }

    public int HstsMaxAgeDays { get; set; } = 365;

    /// <summary>
    /// Trust X-Forwarded-For and X-Forwarded-Proto from these proxies, comma-separated addresses or networks (<c>10.0.0.5,172.18.0.0/16</c>),
    /// so the client's address (for throttling) and the scheme (for secure cookies) are the original ones. Unset: forwarded headers are ignored.
    /// </summary>
    public string? ForwardedHeadersFrom { get; set; }

    /// <summary>Largest JSON body the API accepts.</summary>
    public long MaxApiBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest body of an endpoint declaring <see cref="Api.UploadLimit.Document"/> (a signed contract copy, an imported agreement, a contract template).</summary>
    public long MaxUploadBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Largest raw performance data file (<see cref="Api.UploadLimit.RawData"/>); it is streamed, never held whole.</summary>
    public long MaxDataUploadBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>Uploads one API token (or one signed-in user) may have in progress at once; one more is answered 429.</summary>
    public int MaxConcurrentUploadsPerToken { get; set; } = 2;
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
