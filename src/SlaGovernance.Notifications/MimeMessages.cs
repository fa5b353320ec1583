using MimeKit;

namespace SlaGovernance.Notifications;

internal static class MimeMessages
{
    public static MimeMessage Create(EmailMessage message, EmailOptions options, DateTimeOffset date)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = message.MessageId,
            Date = date,
            Body = new TextPart("plain") { Text = message.TextBody },
        };
        mime.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        foreach (var to in message.To)
            mime.To.Add(new MailboxAddress(to.Name ?? to.Address, to.Address));
        return mime;
    }
}
