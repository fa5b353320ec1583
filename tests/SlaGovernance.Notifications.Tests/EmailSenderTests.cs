using SlaGovernance.Tests;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace SlaGovernance.Notifications.Tests;

public sealed class EmailSenderTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private static EmailMessage Message(string id = "<renewal-1@slagovernance>") => new(
        [new EmailAddress("finance@example.com", "Fatima Finance")],
        "Renewal decision due: Contoso Cloud",
        "The notice deadline is 2027-01-31 (Europe/London). Ünïcödé survives.",
        id);

    [Fact]
    public async Task Smtp_delivers_the_message_with_its_stable_message_id_to_a_real_server()
    {
        await using var server = new LoopbackSmtpServer();
        var options = Options.Create(new EmailOptions
        {
            FromAddress = "sla@example.com",
            Smtp = new SmtpSettings { Host = "127.0.0.1", Port = server.Port, Security = "None" },
        });
        await new SmtpEmailSender(options, Time).SendAsync(Message());

        var received = Assert.Single(server.Received);
        Assert.Equal("renewal-1@slagovernance", received.MessageId);
        Assert.Equal("Renewal decision due: Contoso Cloud", received.Subject);
        Assert.Equal("finance@example.com", Assert.Single(received.To.Mailboxes).Address);
        Assert.Equal("sla@example.com", Assert.Single(received.From.Mailboxes).Address);
        Assert.Contains("Ünïcödé survives", received.TextBody);
    }

    [Fact]
    public async Task Without_smtp_each_message_is_an_eml_file_that_mail_tools_read_back()
    {
        var root = Path.Combine(Path.GetTempPath(), $"slagov-mail-{Guid.NewGuid():N}");
        try
        {
            var sender = new PickupDirectoryEmailSender(Options.Create(new EmailOptions { PickupDirectory = "mail" }), Time, root);
            await sender.SendAsync(Message());
            var file = Assert.Single(Directory.GetFiles(Path.Combine(root, "mail")));
            Assert.EndsWith(".eml", file);
            var message = await MimeMessage.LoadAsync(file);
            Assert.Equal("renewal-1@slagovernance", message.MessageId);
            Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), message.Date);
            Assert.Contains("2027-01-31", message.TextBody);
        }
        finally
        {
            if (Directory.Exists(root))
                Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task An_unreachable_smtp_server_fails_loudly_rather_than_dropping_the_message()
    {
        var options = Options.Create(new EmailOptions { Smtp = new SmtpSettings { Host = "127.0.0.1", Port = 1, Security = "None" } });
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => new SmtpEmailSender(options, Time).SendAsync(Message()));
    }
}
