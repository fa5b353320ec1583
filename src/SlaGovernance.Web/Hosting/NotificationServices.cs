using Microsoft.Extensions.Options;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Hosting;

public static class NotificationServices
{
    /// <summary>
    /// Emails go through the outbox; the dispatcher sends them by SMTP through MailKit when Email:Smtp:Host is set,
    /// otherwise as .eml files under Email:PickupDirectory.
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<EmailOptions>(builder.Configuration.GetSection(EmailOptions.Section));
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.Section));
        builder.Services.AddSingleton<IEmailSender>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>();
            var time = sp.GetRequiredService<TimeProvider>();
            return string.IsNullOrWhiteSpace(options.Value.Smtp.Host)
                ? new PickupDirectoryEmailSender(options, time, sp.GetRequiredService<IHostEnvironment>().ContentRootPath)
                : new SmtpEmailSender(options, time);
        });
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService<OutboxDispatchService>();
        builder.Services.AddSingleton<AccountEmails>();
        return builder;
    }
}

/// <summary>Drains the outbox every poll interval of the injected clock.</summary>
public sealed class OutboxDispatchService(OutboxDispatcher dispatcher, IOptions<OutboxOptions> options, TimeProvider time,
    ILogger<OutboxDispatchService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await dispatcher.DispatchDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away for a moment; the next tick tries again.
                logger.LogWarning(e, "The email outbox could not be drained");
            }
        }
    }
}
