using SlaGovernance.Data.RawData;
using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Features.Compliance;

public static class ComplianceServices
{
    /// <summary>Compliance reports from stored raw data, their archive, vendor scorecards, and the Compliance settings (discrepancy tolerance).</summary>
    public static WebApplicationBuilder AddCompliance(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ComplianceOptions>(builder.Configuration.GetSection("Compliance"));
        builder.Services.AddSingleton<ComplianceInputs>();
        builder.Services.AddSingleton<ComplianceReports>();
        builder.Services.AddSingleton<EarnBacks>();
        builder.Services.AddSingleton<VendorScorecards>();
        builder.Services.AddAttentionSource<ComplianceAttention>();
        builder.Services.AddSingleton<SlaGovernance.Data.Events.IDomainEventSubscriber, ReportsFollowExclusionDecisions>();
        return builder;
    }
}

/// <summary>An exclusion accepted or rejected changes the periods it overlaps: their reports are computed again at once, saying why.</summary>
public sealed class ReportsFollowExclusionDecisions(ComplianceReports reports) : SlaGovernance.Data.Events.DomainEventSubscriber<SlaGovernance.Domain.Compliance.ExclusionDecided>
{
    protected override Task HandleAsync(SlaGovernance.Domain.Compliance.ExclusionDecided decided, CancellationToken cancellationToken) =>
        reports.RecomputeOverlappingAsync(decided.AgreementId, decided.Start, decided.End,
            $"The exclusion of {decided.Start:u} to {decided.End:u} was {(decided.Accepted ? "accepted" : "rejected")} by {decided.DecidedBy}: {decided.Reason}",
            decided.DecidedBy, cancellationToken);
}
