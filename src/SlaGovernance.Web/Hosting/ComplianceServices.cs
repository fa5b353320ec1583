using SlaGovernance.Data.RawData;
using SlaGovernance.Web.Features.Compliance;

namespace SlaGovernance.Web.Hosting;

public static class ComplianceServices
{
    /// <summary>Compliance reports from stored raw data, their archive, and the Compliance settings (discrepancy tolerance).</summary>
    public static WebApplicationBuilder AddComplianceReports(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ComplianceOptions>(builder.Configuration.GetSection("Compliance"));
        builder.Services.AddSingleton<ComplianceInputs>();
        builder.Services.AddSingleton<ComplianceReports>();
        return builder;
    }
}
