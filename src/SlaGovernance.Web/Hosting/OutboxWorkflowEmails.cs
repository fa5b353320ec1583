using System.Text;
using Microsoft.Extensions.Options;
using SlaGovernance.Data;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Calendar;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Workflows.Emails;

namespace SlaGovernance.Web.Hosting;

/// <summary>The workflow runtime's emails, written to the outbox under their idempotency keys; links start at Email:PublicBaseUrl.</summary>
public sealed class OutboxWorkflowEmails(EmailOutbox outbox, IOptions<EmailOptions> options) : IWorkflowEmails
{
    public string PublicBaseUrl => options.Value.PublicBaseUrl;

    public Task EnqueueAsync(UnitOfWork unit, string idempotencyKey, IReadOnlyList<EmailRecipient> to, string subject, string body,
        CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(unit, idempotencyKey, Addresses(to), subject, body, cancellationToken: cancellationToken);

    public Task EnqueueAsync(string idempotencyKey, IReadOnlyList<EmailRecipient> to, string subject, string body, CalendarEvent? calendarEvent,
        CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(idempotencyKey, Addresses(to), subject, body, calendarEvent is null ? null : [Attachment(calendarEvent)],
            cancellationToken);

    private static List<EmailAddress> Addresses(IReadOnlyList<EmailRecipient> to) => to.Select(r => new EmailAddress(r.Address, r.Name)).ToList();

    /// <summary>The event as a one-event calendar named after it, published (not an invitation to answer).</summary>
    private static EmailAttachment Attachment(CalendarEvent calendarEvent)
    {
        var ics = CalendarFile.Write(calendarEvent.Summary,
            [new AllDayEvent(calendarEvent.Uid, calendarEvent.Date, calendarEvent.Summary, calendarEvent.Description)], calendarEvent.Stamp);
        return new EmailAttachment(calendarEvent.FileName, "text/calendar; charset=utf-8; method=PUBLISH", Encoding.UTF8.GetBytes(ics));
    }
}
