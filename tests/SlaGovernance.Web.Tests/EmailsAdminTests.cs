using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;

namespace SlaGovernance.Web.Tests;

public sealed class EmailsAdminTests : IClassFixture<SlaGovernanceFactory>
{
    private readonly SlaGovernanceFactory _factory;

    public EmailsAdminTests(SlaGovernanceFactory factory) => _factory = factory;

    private async Task<Guid> DeadLetterAsync(string subject)
    {
        var (id, _) = await _factory.Services.GetRequiredService<EmailOutbox>()
            .EnqueueAsync($"dead/{Guid.NewGuid():N}", [new EmailAddress("board@example.com")], subject, "Body");
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "UPDATE email_outbox SET status = 'Dead', attempts = 6, last_error = 'SmtpCommandException: mailbox unavailable' WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
        return id;
    }

    [Fact]
    public async Task An_admin_sees_a_dead_letter_with_its_error_and_resends_it_with_the_same_message_id()
    {
        var id = await DeadLetterAsync("Escalation: decision overdue");
        var api = await _factory.AdminApiAsync();
        var dead = await (await api.GetAsync("/api/v1/admin/emails?status=Dead")).ReadJsonAsync();
        var item = dead.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == id);
        Assert.Contains("mailbox unavailable", item.GetProperty("lastError").GetString());

        var browser = await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var page = await browser.GetPageAsync("/admin/emails");
        Assert.Contains("Escalation: decision overdue", page.QuerySelector("table")!.TextContent);

        var resent = await api.PostAsync($"/api/v1/admin/emails/{id}/resend", null);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal(OutboxStatus.Pending, (await resent.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/admin/emails/{id}/resend", null)).StatusCode);

        await _factory.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var sent = Directory.GetFiles(_factory.MailDirectory, "*.eml").Select(path => MimeKit.MimeMessage.Load(path))
            .Single(m => m.Subject == "Escalation: decision overdue");
        Assert.Equal($"{id:N}@slagovernance", sent.MessageId);
    }

    [Fact]
    public async Task Only_an_admin_may_list_or_resend_emails()
    {
        var id = await DeadLetterAsync("Not for you");
        var finance = await _factory.ApiClientAsync("finance-" + Guid.NewGuid().ToString("N")[..6], Roles.Finance);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync("/api/v1/admin/emails")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsync($"/api/v1/admin/emails/{id}/resend", null)).StatusCode);
        var api = await _factory.AdminApiAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/admin/emails?status=Lost")).StatusCode);
    }

    [Fact]
    public async Task A_resend_is_audited_naming_the_administrator_and_the_email()
    {
        var id = await DeadLetterAsync("Renewal notice: Portal hosting");
        var userName = "resender-" + Guid.NewGuid().ToString("N")[..6];
        var api = await _factory.ApiClientAsync(userName, Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/admin/emails/{id}/resend", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/admin/emails/{id}/resend", null)).StatusCode);

        var audit = await (await api.GetAsync($"/api/v1/audit?entityType=Email&entityId={id}")).ReadJsonAsync();
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal("email.resent", entry.GetProperty("action").GetString());
        Assert.Equal(userName, entry.GetProperty("actor").GetString());
        var summary = entry.GetProperty("summary").GetString()!;
        Assert.Contains("Renewal notice: Portal hosting", summary);
        Assert.Contains("board@example.com", summary);
        Assert.Contains($"{id:N}@slagovernance", summary);
        Assert.Contains("mailbox unavailable", summary);
    }
}
