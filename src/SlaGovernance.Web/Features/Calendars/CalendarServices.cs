namespace SlaGovernance.Web.Features.Calendars;

public static class CalendarServices
{
    /// <summary>Creating and changing business calendars; their store comes with the database's.</summary>
    public static WebApplicationBuilder AddCalendars(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CalendarCommands>();
        return builder;
    }
}
