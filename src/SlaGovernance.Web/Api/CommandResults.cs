using SlaGovernance.Web.Features;

namespace SlaGovernance.Web.Api;

public static class CommandResults
{
    /// <summary>The HTTP answer for a command that did not succeed.</summary>
    public static IResult Failure<T>(HttpContext context, CommandResult<T> result, Func<T, int>? versionOf = null) => result.Status switch
    {
        CommandStatus.Invalid => TypedResults.ValidationProblem(result.Errors!, title: "The request has invalid fields"),
        CommandStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Message),
        CommandStatus.Stale when versionOf is not null => ETags.Stale(context, versionOf(result.Value!), result.Message!),
        CommandStatus.Stale => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Message),
        CommandStatus.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: result.Message),
        _ => throw new InvalidOperationException("A successful result is not a failure."),
    };
}
