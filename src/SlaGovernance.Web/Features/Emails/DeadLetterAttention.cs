using SlaGovernance.Data;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Features.Emails;

/// <summary>For administrators: emails that failed for good and wait to be sent again.</summary>
public sealed class DeadLetterAttention(EmailOutbox outbox) : IAttentionSource
{
    public const int Shown = 20;

    public AttentionSection Section { get; } = new("dead-letters", "Emails that could not be sent", 60,
        "Every email went out. A dead letter would appear here with the error the mail server gave.");

    public bool AppliesTo(AttentionViewer viewer) => viewer.IsIn(Roles.Admin);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken) =>
        [.. (await outbox.ListAsync(OutboxStatus.Dead, PageRequest.Of(1, Shown), cancellationToken)).Items.Select(mail => new AttentionItem("dead-letter",
            $"\u201c{mail.Subject}\u201d to {string.Join(", ", mail.To.Select(t => t.Address))}", null, false, "/admin/emails",
            "Fix the cause (address, mail server), then resend it from the emails page.", mail.LastError))];
}

public static class EmailsFeature
{
    public static WebApplicationBuilder AddEmails(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EmailResends>();
        builder.Services.AddAttentionSource<DeadLetterAttention>();
        return builder;
    }
}
