using SlaGovernance.Web.Features.Renewals;

namespace SlaGovernance.Web.Hosting;

public static class RenewalServices
{
    /// <summary>The budget calendar, the renewal calendar with its exports, and the personal calendar feeds.</summary>
    public static WebApplicationBuilder AddRenewals(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BudgetCalendarCommands>();
        builder.Services.AddSingleton<RenewalCalendar>();
        builder.Services.AddSingleton<CalendarFeed>();
        return builder;
    }
}
