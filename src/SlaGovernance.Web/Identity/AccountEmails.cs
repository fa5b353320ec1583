using Microsoft.Extensions.Options;
using SlaGovernance.Data.Identity;
using SlaGovernance.Notifications;

namespace SlaGovernance.Web.Identity;

/// <summary>Tells a person that an account was made for them; the password travels by another channel.</summary>
public sealed class AccountEmails(IEmailSender sender, IOptions<EmailOptions> options, ILogger<AccountEmails> logger)
{
    public async Task AccountCreatedAsync(UserRow user, string createdBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(user.Email))
            return;
        var signIn = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/account/login";
        var message = new EmailMessage(
            [new SlaGovernance.Notifications.EmailAddress(user.Email, user.DisplayName)],
            "Your SlaGovernance account",
            $"""
            Hello {user.DisplayName},

            {createdBy} created a SlaGovernance account for you.

            User name: {user.UserName}
            Roles: {(user.Roles.Count == 0 ? "none yet" : string.Join(", ", user.Roles))}
            Sign in at: {signIn}

            Your administrator gives you your first password separately; change it on your profile page after signing in.
            """,
            $"<account-created.{user.Id:N}@slagovernance>");
        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException
                                      or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            // The account exists either way; the administrator can tell the person directly.
            logger.LogWarning(e, "Could not send the account email to {Email}", user.Email);
        }
    }
}
