namespace SlaGovernance.Notifications;

public sealed record EmailAddress(string Address, string? Name = null);

/// <summary>
/// One email. <paramref name="MessageId"/> is stable for one logical message, so a resend after a crash is
/// recognisably the same message.
/// </summary>
public sealed record EmailMessage(IReadOnlyList<EmailAddress> To, string Subject, string TextBody, string MessageId,
    IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>A file sent with an email, such as an iCalendar event for a deadline (text/calendar).</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
