using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Features.Vendors.Requests;

namespace SlaGovernance.Web.Features.Vendors;

public static class VendorServices
{
    /// <summary>Vendors and what hangs off them: owners, contacts, certificates and their reminders, subcontractors, the request inbox, evidence.</summary>
    public static WebApplicationBuilder AddVendors(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<VendorOptions>(builder.Configuration.GetSection(VendorOptions.Section));
        builder.Services.Configure<EvidenceOptions>(builder.Configuration.GetSection(EvidenceOptions.Section));
        builder.Services.AddSingleton<VendorCommands>();
        builder.Services.AddSingleton<VendorOwners>();
        builder.Services.AddSingleton<VendorContacts>();
        builder.Services.AddSingleton<VendorCertificates>();
        builder.Services.AddSingleton<CertificateReminders>();
        builder.Services.AddHostedService<CertificateReminderSweep>();
        builder.Services.AddSingleton<Subcontractors>();
        builder.Services.AddSingleton<VendorProfiles>();
        builder.Services.AddSingleton<EvidenceFiles>();
        builder.Services.AddSingleton<EvidenceUploads>();
        builder.Services.AddSingleton<Features.Vendors.Requests.VendorRequests>();
        builder.Services.AddAttentionSource<CertificateRiskAttention>();
        builder.AddVendorSessions();
        return builder;
    }
}
