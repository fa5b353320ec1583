using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace SlaGovernance.Web.Api;

/// <summary>
/// A problem+json answer with a fixed status. A handler names the concrete type in its Results union, so the OpenAPI document
/// states the status; the body is written by the problem details service like any other problem.
/// </summary>
public abstract class ApiProblem(int status, string title, string? detail) : IResult
{
    public const string MediaType = "application/problem+json";

    private readonly ProblemHttpResult _problem = TypedResults.Problem(statusCode: status, title: title, detail: detail);

    public Task ExecuteAsync(HttpContext httpContext) => _problem.ExecuteAsync(httpContext);

    /// <summary>States the problem's status in the OpenAPI document of the endpoint that names it.</summary>
    public static void Declare(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [MediaType]));
}

/// <summary>404: what the request names does not exist, or is not the caller's to see.</summary>
public sealed class NotFoundProblem(string detail, string title = "Not found")
    : ApiProblem(StatusCodes.Status404NotFound, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status404NotFound);
}

/// <summary>403: the caller may use the endpoint, but not for this (a retired clause, another vendor's agreement, another's task).</summary>
public sealed class ForbiddenProblem(string detail, string title = "Forbidden")
    : ApiProblem(StatusCodes.Status403Forbidden, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status403Forbidden);
}

/// <summary>409: the resource is not in a state that allows the change (decided already, published meanwhile, not open).</summary>
public sealed class ConflictProblem(string detail, string title = "Conflict")
    : ApiProblem(StatusCodes.Status409Conflict, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status409Conflict);
}

/// <summary>412: the If-Match version is not the stored one; the response's ETag is the stored version (see <see cref="ETags.Stale"/>).</summary>
public sealed class PreconditionFailedProblem(string detail)
    : ApiProblem(StatusCodes.Status412PreconditionFailed, "The resource has changed", detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status412PreconditionFailed);
}

/// <summary>428: a versioned write came without If-Match.</summary>
public sealed class PreconditionRequiredProblem() : ApiProblem(StatusCodes.Status428PreconditionRequired, "If-Match is required",
    "Send the ETag you read (If-Match: \"<version>\") so that a change made meanwhile by someone else is not overwritten."), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status428PreconditionRequired);
}

/// <summary>415: the body is in a media type the endpoint does not read.</summary>
public sealed class UnsupportedMediaTypeProblem(string detail)
    : ApiProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status415UnsupportedMediaType);
}
