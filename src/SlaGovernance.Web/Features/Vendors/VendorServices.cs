namespace SlaGovernance.Web.Features.Vendors;

public static class VendorServices
{
    /// <summary>Creating, changing and archiving vendors; their store comes with the database's.</summary>
    public static WebApplicationBuilder AddVendors(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VendorCommands>();
        return builder;
    }
}
