using System.Data.Common;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace SlaGovernance.Web.Api;

/// <summary>
/// Turns exceptions on API paths into problem+json: bad JSON and wrong types are 400 with the field, an oversized body 413,
/// a lost database 503, anything else a 500 that names the trace id and nothing of the internals.
/// Page requests fall through to the error page.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed Request.Path at the error page; the feature keeps the original.
        var path = new PathString(context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path);
        if (!path.StartsWithSegments("/api"))
            return false;
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => JsonProblem(json),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large" : "The request is not valid",
                Detail = bad.Message,
            },
            _ when IsDatabaseUnavailable(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable",
                Detail = "SlaGovernance cannot reach its database just now; nothing was changed. Try again shortly.",
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred",
                Detail = "The error has been logged; quote the trace id when reporting it.",
            },
        };
        if (problem.Status >= 500)
            logger.LogError(exception, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static bool IsDatabaseUnavailable(Exception exception) =>
        exception is DbException or SocketException or TimeoutException
        || exception.InnerException is { } inner && IsDatabaseUnavailable(inner);

    private static ValidationProblemDetails JsonProblem(JsonException json)
    {
        var field = FieldOf(json.Path);
        var message = json.Path is null
            ? "The body is not well-formed JSON: " + json.Message.Split(" Path:", StringSplitOptions.None)[0]
            : $"The value at {json.Path} has the wrong type or form for this field.";
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body could not be read",
            Detail = message,
        };
    }

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "body";
        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return trimmed.Length == 0 ? "body" : trimmed;
    }
}
