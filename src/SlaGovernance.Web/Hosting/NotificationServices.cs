using Microsoft.Extensions.Options;
using SlaGovernance.Notifications;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Hosting;

public static class NotificationServices
{
    /// <summary>SMTP through MailKit when Email:Smtp:Host is set; otherwise .eml files under Email:PickupDirectory.</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<EmailOptions>(builder.Configuration.GetSection(EmailOptions.Section));
        builder.Services.AddSingleton<IEmailSender>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>();
            var time = sp.GetRequiredService<TimeProvider>();
            return string.IsNullOrWhiteSpace(options.Value.Smtp.Host)
                ? new PickupDirectoryEmailSender(options, time, sp.GetRequiredService<IHostEnvironment>().ContentRootPath)
                : new SmtpEmailSender(options, time);
        });
        builder.Services.AddSingleton<AccountEmails>();
        return builder;
    }
}
