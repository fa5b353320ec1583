using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Api;

/// <summary>Caps API bodies well below Kestrel's default: a declared length over the cap is refused before it is read.</summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<SecurityOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxApiBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large",
                    Detail = $"The body has {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}.",
                },
            });
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        await next(context);
    }
}
