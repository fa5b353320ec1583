using SlaGovernance.Data.Events;
using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Web.Features.Renewals;

/// <summary>The budget calendar, the renewal calendar with its exports, the personal calendar feeds, and the renewal workflow's cycles and steps.</summary>
public static class RenewalsFeature
{
    public static WebApplicationBuilder AddRenewals(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<BudgetCalendarCommands>();
        services.AddSingleton<RenewalCalendar>();
        services.AddAttentionSource<NoticeDeadlineAttention>();
        services.AddSingleton<CalendarFeed>();
        services.Configure<RenewalOptions>(builder.Configuration.GetSection("Renewals"));
        services.AddSingleton<RenewalCycles>();
        services.AddSingleton<RenewalCancellation>();
        foreach (var action in new[] { typeof(RenewAction), typeof(TacitRenewalAction), typeof(LapseAction),
                     typeof(NoticeLetterAction), typeof(TerminateAction) })
            services.AddSingleton(typeof(IWorkflowAction), action);
        foreach (var handler in new[] { typeof(RenewalsFollowSignatures), typeof(RenewalsStartWithTheTerm), typeof(RenewalsStartTheNextTerm),
                     typeof(RenewalsFollowTheBudgetCalendar), typeof(RenewalsFollowTheBusinessCalendar) })
            services.AddSingleton(typeof(IDomainEventSubscriber), handler);
        services.AddHostedService<RenewalSweep>();
        return builder;
    }

    public static RouteGroupBuilder MapRenewalsFeatureApi(this RouteGroupBuilder api) =>
        api.MapBudgetCalendarApi().MapRenewalsApi().MapCalendarFeedApi();
}

/// <summary>On start-up and every minute, starts the renewal cycle every Active agreement is due, should an event have been missed.</summary>
public sealed class RenewalSweep(RenewalCycles renewals, TimeProvider time, ILogger<RenewalSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        do
        {
            try
            {
                var started = await renewals.StartDueAsync(stoppingToken);
                if (started > 0)
                    logger.LogInformation("Renewals: started {Started} renewal workflow(s)", started);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Starting the renewal workflows due failed; trying again in a minute");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
