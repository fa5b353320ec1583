using SlaGovernance.Web.Features.Renewals;

namespace SlaGovernance.Web.Hosting;

public static class RenewalServices
{
    /// <summary>The budget calendar, the renewal calendar with its exports, the personal calendar feeds, and the renewal workflow's cycles and steps.</summary>
    public static WebApplicationBuilder AddRenewals(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BudgetCalendarCommands>();
        builder.Services.AddSingleton<RenewalCalendar>();
        builder.Services.AddSingleton<CalendarFeed>();
        builder.Services.Configure<RenewalOptions>(builder.Configuration.GetSection("Renewals"));
        builder.Services.AddSingleton<RenewalCycles>();
        builder.Services.AddSingleton(sp => new Lazy<RenewalCycles>(sp.GetRequiredService<RenewalCycles>));
        builder.Services.AddSingleton<IExitPlanningHook, AuditedExitPlanningHook>();
        foreach (var action in new[] { typeof(RenewAction), typeof(TacitRenewalAction), typeof(LapseAction), typeof(RenegotiateAction),
                     typeof(NoticeLetterAction), typeof(TerminateAction) })
            builder.Services.AddSingleton(typeof(SlaGovernance.Workflows.Activities.IWorkflowAction), action);
        return builder;
    }
}
