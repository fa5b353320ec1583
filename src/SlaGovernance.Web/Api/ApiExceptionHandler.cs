using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SlaGovernance.Data;

namespace SlaGovernance.Web.Api;

/// <summary>
/// Turns exceptions on API paths into problem+json: bad JSON and wrong types are 400 with the field, an oversized body 413,
/// a lost database 503, a value the database refuses 400 or 409 naming its column, anything else a 500 that names the trace id and nothing of the internals.
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
            // The form reader's answer to a malformed multipart body: no boundary, a part without headers, a body that ends early.
            InvalidDataException or IOException and not BadHttpRequestException when context.Request.HasFormContentType => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The multipart form could not be read",
                Detail = $"{exception.Message} Send a well-formed multipart/form-data body with its boundary in the Content-Type.",
            },
            InvalidOperationException when UnknownCharset(context.Request) is { } charset => new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "The body's character set is not supported",
                Detail = $"The Content-Type names the charset '{charset}', which is not a known encoding; send JSON as UTF-8.",
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large" : "The request is not valid",
                Detail = bad.Message,
            },
            _ => DatabaseProblem(DatabaseFailure.Of(exception)) ?? new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred",
                Detail = "The error has been logged; quote the trace id when reporting it.",
            },
        };
        if (problem.Status >= 500)
            logger.LogError(exception, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
        context.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>Only a database that cannot be reached (or a SQLite file held too long by another writer) is 503.</summary>
    public static bool IsDatabaseUnavailable(Exception exception) => DatabaseFailure.Of(exception).Kind == DatabaseFailureKind.Unavailable;

    /// <summary>
    /// A statement the database refused because of the request's data is the request's fault, not the server's: the column or
    /// constraint it names becomes the field. Handlers check what they can first; this is the net beneath them.
    /// </summary>
    private static ProblemDetails? DatabaseProblem(DatabaseFailure failure)
    {
        var field = failure.Field ?? "body";
        return failure.Kind switch
        {
            DatabaseFailureKind.Unavailable => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable",
                Detail = "SlaGovernance cannot reach its database just now; nothing was changed. Try again shortly.",
            },
            DatabaseFailureKind.Conflict => Refused(StatusCodes.Status409Conflict, "The change conflicts with what is stored", field,
                $"{field}: the value is already taken, or the record changed at the same moment; nothing was changed. Reload and try again with another value."),
            DatabaseFailureKind.Reference => Refused(StatusCodes.Status409Conflict, "The change refers to something missing or still in use", field,
                $"{field}: the record this refers to does not exist, or others still refer to this one; nothing was changed."),
            DatabaseFailureKind.InvalidValue => Refused(StatusCodes.Status400BadRequest, "A value cannot be stored", field,
                $"{field}: the value is empty, too long or out of range for what is stored; nothing was changed. Send a shorter or smaller value."),
            _ => null,
        };
    }

    private static ValidationProblemDetails Refused(int status, string title, string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Status = status, Title = title, Detail = message };

    /// <summary>The charset a JSON body's Content-Type names when .NET knows no encoding by that name; the body reader throws then.</summary>
    private static string? UnknownCharset(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || mediaType.Charset.Length == 0)
            return null;
        var charset = mediaType.Charset.Value!.Trim('"');
        try
        {
            System.Text.Encoding.GetEncoding(charset);
            return null;
        }
        catch (ArgumentException)
        {
            return charset;
        }
    }

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
