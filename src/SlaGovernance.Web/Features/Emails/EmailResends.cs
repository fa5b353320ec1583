using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Notifications.Outbox;

namespace SlaGovernance.Web.Features.Emails;

/// <summary>An administrator queues a dead letter again; the audit log keeps who did it and what the email was.</summary>
public sealed class EmailResends(Database database, EmailOutbox outbox, AuditLog audit)
{
    /// <summary>False when the email does not exist or is not a dead letter.</summary>
    public async Task<bool> ResendAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        var email = await outbox.GetAsync(id, cancellationToken);
        if (email is null)
            return false;
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await outbox.ResendAsync(unit, id, cancellationToken))
            return false;
        await audit.AppendAsync(unit, new AuditRecord(actor, "email.resent", "Email", id.ToString(),
            $"Dead letter \"{email.Subject}\" to {string.Join(", ", email.To.Select(t => t.Address))} (Message-ID {email.MessageId}) queued again " +
            $"after {email.Attempts} failed attempt(s); the last said: {email.LastError}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return true;
    }
}
