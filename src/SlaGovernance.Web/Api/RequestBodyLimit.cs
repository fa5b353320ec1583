using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Api;

/// <summary>Caps API bodies well below Kestrel's default: a declared length over the cap is refused before it is read.</summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<SecurityOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var limit = SecurityOptions.UploadEndpoints.Contains(path[(path.LastIndexOf('/') + 1)..])
            ? options.Value.MaxUploadBytes
            : options.Value.MaxApiBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, limit);
            return;
        }
        if (context.Request.ContentLength is null && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            // A body of unstated length is read up to the cap before the endpoint sees it.
            var buffered = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffered.Length + read > limit)
                {
                    await RefuseAsync(context, limit);
                    return;
                }
                buffered.Write(chunk, 0, read);
            }
            buffered.Position = 0;
            context.Request.Body = buffered;
            context.Request.ContentLength = buffered.Length;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        await next(context);
    }

    private Task RefuseAsync(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large",
                Detail = $"This endpoint accepts at most {limit} bytes.",
            },
        }).AsTask();
    }
}
