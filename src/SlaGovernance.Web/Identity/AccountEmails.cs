using Microsoft.Extensions.Options;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;

namespace SlaGovernance.Web.Identity;

/// <summary>Tells a person that an account was made for them; the password travels by another channel.</summary>
public sealed class AccountEmails(EmailOutbox outbox, IOptions<EmailOptions> options)
{
    /// <summary>Writes the email into the outbox inside the transaction that creates the account.</summary>
    public async Task AccountCreatedAsync(UnitOfWork unit, UserRow user, string createdBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(user.Email))
            return;
        var signIn = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/account/login";
        await outbox.EnqueueAsync(unit, $"account-created/{user.Id:N}",
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
            cancellationToken: cancellationToken);
    }
}
