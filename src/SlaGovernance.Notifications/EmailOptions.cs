namespace SlaGovernance.Notifications;

/// <summary>The <c>Email</c> configuration section. Without an SMTP host, messages are written as .eml files.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string FromAddress { get; set; } = "slagovernance@localhost";
    public string FromName { get; set; } = "SlaGovernance";

    /// <summary>Where .eml files go while no SMTP host is configured; relative paths are under the content root.</summary>
    public string PickupDirectory { get; set; } = ".data/mail";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>The address people use to reach this deployment, for links in emails.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>None, StartTls, SslOnConnect or Auto (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";
}
