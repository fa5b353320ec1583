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
        builder.Services.AddSingleton<VendorScorecards>();
        builder.Services.AddAttentionSource<ComplianceAttention>();
        return builder;
    }
}
