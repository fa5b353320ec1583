using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Features.RawData;

public static class RawDataServices
{
    /// <summary>Uploads of raw performance data and decisions on the exclusions vendors propose.</summary>
    public static WebApplicationBuilder AddRawData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RawDataUploads>();
        builder.Services.AddAttentionSource<ExclusionAttention>();
        return builder;
    }
}
