using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;

namespace SlaGovernance.Web.Api;

public static class ApiServices
{
    /// <summary>JSON as the API speaks it, problem+json for every error, the antiforgery header for cookie writes, and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options =>
        {
            // Names only: a number would bind whatever value it names, defined or not ("excludedTime": 7).
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddSingleton<UploadSlots>();
        builder.Services.AddAntiforgery(options => options.HeaderName = CookieAntiforgeryFilter.HeaderName);
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "SlaGovernance API";
                document.Info.Description =
                    "Everything the SlaGovernance UI does. Authenticate with a personal API token (Authorization: Bearer slg_…), " +
                    "or with the browser cookie plus the X-CSRF-TOKEN header from GET /api/v1/antiforgery. Errors are application/problem+json.";
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.GetValueOrDefault("201") is OpenApiResponse created)
                {
                    created.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    created.Headers["Location"] = new OpenApiHeader
                    {
                        Description = "The address of what was created.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                    };
                }
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>
    /// The /api/v1 group: writes signed in by cookie need the antiforgery header, and each endpoint's document states the answers
    /// that come from the pipeline rather than the handler.
    /// </summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter<CookieAntiforgeryFilter>().AddEndpointFilter<NullInsideBodyFilter>();
        ((IEndpointConventionBuilder)api).Finally(DeclarePipelineAnswers);
        return api;
    }

    /// <summary>
    /// A write answers 400 problem+json when a cookie-signed-in request lacks the antiforgery header or its body cannot be read, and
    /// an endpoint that requires authorisation answers 401 without credentials and 403 without the role (status code pages write both).
    /// </summary>
    private static void DeclarePipelineAnswers(EndpointBuilder endpoint)
    {
        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
        if (methods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m) && !HttpMethods.IsOptions(m)))
            DeclareUnlessDeclared(endpoint, StatusCodes.Status400BadRequest);
        var authorised = endpoint.Metadata.Any(m => m is IAuthorizeData or AuthorizationPolicy) && !endpoint.Metadata.OfType<IAllowAnonymous>().Any();
        if (!authorised)
            return;
        DeclareUnlessDeclared(endpoint, StatusCodes.Status401Unauthorized);
        DeclareUnlessDeclared(endpoint, StatusCodes.Status403Forbidden);
    }

    private static void DeclareUnlessDeclared(EndpointBuilder endpoint, int status)
    {
        if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
            ApiProblem.Declare(endpoint, status);
    }
}
