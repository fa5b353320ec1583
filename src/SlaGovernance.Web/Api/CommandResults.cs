using SlaGovernance.Web.Features;

namespace SlaGovernance.Web.Api;

public static class CommandResults
{
    /// <summary>
    /// The HTTP answer for a command that did not succeed: 400 with its fields, 404, 403, or 409 when it is stale; a versioned write
    /// (<paramref name="versionOf"/> given) answers a stale copy with 412 and the stored version as ETag.
    /// </summary>
    public static IResult Failure<T>(HttpContext context, CommandResult<T> result, Func<T, int>? versionOf = null) => result.Status switch
    {
        CommandStatus.Invalid => TypedResults.ValidationProblem(result.Errors!, title: "The request has invalid fields"),
        CommandStatus.NotFound => new NotFoundProblem(result.Message!),
        CommandStatus.Stale when versionOf is not null => ETags.Stale(context, versionOf(result.Value!), result.Message!),
        CommandStatus.Stale => new ConflictProblem(result.Message!),
        CommandStatus.Forbidden => new ForbiddenProblem(result.Message!),
        _ => throw new InvalidOperationException("A successful result is not a failure."),
    };

    /// <summary>The failure's answer when its endpoint declares it; otherwise the endpoint's Results union is missing a status its command can answer.</summary>
    internal static IResult Declared(IResult answer, params Type[] declared) =>
        declared.Contains(answer.GetType())
            ? answer
            : throw new InvalidOperationException(
                $"The command answered {answer.GetType().Name}, which its endpoint does not declare ({string.Join(", ", declared.Select(t => t.Name))}); " +
                "add it to the endpoint's CommandFailure so the OpenAPI document states it.");
}
