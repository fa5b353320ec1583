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
        };
        var text = new TextPart("plain") { Text = message.TextBody };
        if (message.Attachments is not { Count: > 0 } attachments)
            mime.Body = text;
        else
        {
            var mixed = new Multipart("mixed") { text };
            foreach (var attachment in attachments)
                mixed.Add(new MimePart(ContentType.Parse(attachment.ContentType))
                {
                    Content = new MimeContent(new MemoryStream(attachment.Content)),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = attachment.FileName,
                });
            mime.Body = mixed;
        }
        mime.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        foreach (var to in message.To)
            mime.To.Add(new MailboxAddress(to.Name ?? to.Address, to.Address));
        return mime;
    }
}
