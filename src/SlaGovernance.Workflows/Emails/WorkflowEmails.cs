using SlaGovernance.Data;

namespace SlaGovernance.Workflows.Emails;

/// <summary>Someone a workflow email goes to.</summary>
public sealed record EmailRecipient(string Address, string? Name = null);

/// <summary>
/// A date as an all-day calendar event, attached to an email as an iCalendar file named <paramref name="FileName"/>. Its
/// <paramref name="Uid"/> belongs to one step execution, so a resent email updates the event instead of adding one.
/// </summary>
public sealed record CalendarEvent(string FileName, string Uid, DateOnly Date, string Summary, string Description, DateTimeOffset Stamp);

/// <summary>
/// The emails the runtime sends; the host writes them to its outbox. One email per idempotency key, however often a
/// replayed step asks again.
/// </summary>
public interface IWorkflowEmails
{
    /// <summary>The address people reach this deployment at, for links in emails.</summary>
    string PublicBaseUrl { get; }

    /// <summary>Writes the email in the caller's transaction, so it commits with the change that causes it.</summary>
    Task EnqueueAsync(UnitOfWork unit, string idempotencyKey, IReadOnlyList<EmailRecipient> to, string subject, string body,
        CancellationToken cancellationToken);

    /// <summary>Writes the email in a transaction of its own, with the calendar event attached when there is one.</summary>
    Task EnqueueAsync(string idempotencyKey, IReadOnlyList<EmailRecipient> to, string subject, string body, CalendarEvent? calendarEvent,
        CancellationToken cancellationToken);
}
