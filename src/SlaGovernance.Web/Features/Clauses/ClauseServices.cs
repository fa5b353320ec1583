namespace SlaGovernance.Web.Features.Clauses;

public static class ClauseServices
{
    /// <summary>The clause library's commands, and the check of the library clauses an agreement uses.</summary>
    public static WebApplicationBuilder AddClauses(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ClauseCommands>();
        builder.Services.AddSingleton<AgreementClauses>();
        return builder;
    }
}
