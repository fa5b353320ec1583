using Microsoft.Extensions.Options;

namespace SlaGovernance.Notifications;

/// <summary>Writes each message as an .eml file, so the embedded default needs no mail server.</summary>
public sealed class PickupDirectoryEmailSender(IOptions<EmailOptions> options, TimeProvider time, string contentRoot) : IEmailSender
{
    public string Directory => Path.GetFullPath(options.Value.PickupDirectory, contentRoot);

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var mime = MimeMessages.Create(message, options.Value, time.GetUtcNow());
        var name = $"{time.GetUtcNow():yyyyMMddTHHmmssfff}-{Sanitize(message.MessageId)}.eml";
        var path = Path.Combine(Directory, name);
        var temporary = path + ".tmp";
        await mime.WriteToAsync(temporary, cancellationToken);
        // A reader of the folder never sees half a message.
        File.Move(temporary, path, overwrite: true);
    }

    private static string Sanitize(string messageId) =>
        new(messageId.Where(c => char.IsLetterOrDigit(c) || c is '-' or '.').Take(80).ToArray());
}
