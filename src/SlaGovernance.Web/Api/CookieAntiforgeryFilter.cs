using Microsoft.AspNetCore.Antiforgery;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Api;

/// <summary>
/// A browser's cookie is sent by any site, so API writes signed in by cookie must carry the antiforgery header;
/// writes authenticated by an API token need none.
/// </summary>
internal sealed class CookieAntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var identity = http.User.Identity;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method)
            && identity is { IsAuthenticated: true } && identity.AuthenticationType != ApiTokenAuthenticationHandler.SchemeName)
        {
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: "Missing or invalid antiforgery token",
                    detail: $"A request signed in with the browser cookie must send the {HeaderName} header with the token from GET /api/v1/antiforgery. Scripts should use an API token instead.");
            }
        }
        return await next(context);
    }
}
