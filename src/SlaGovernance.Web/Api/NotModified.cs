using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace SlaGovernance.Web.Api;

/// <summary>304: what the caller holds (its If-None-Match) is still current.</summary>
public sealed class NotModified : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        return Task.CompletedTask;
    }

    // Without a type (void) the document leaves the status out.
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
}
