using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Web.Features;

public enum CommandStatus
{
    Ok,
    Invalid,
    NotFound,
    Stale,
    Forbidden,
}

/// <summary>What a command did: its value, or why it did nothing (invalid input, unknown id, a stale version, not allowed).</summary>
public sealed record CommandResult<T>(CommandStatus Status, T? Value, IReadOnlyDictionary<string, string[]>? Errors, string? Message)
{
    public static CommandResult<T> Ok(T value) => new(CommandStatus.Ok, value, null, null);
    public static CommandResult<T> Invalid(ValidationErrors errors) => new(CommandStatus.Invalid, default, errors.ToDictionary(), null);
    public static CommandResult<T> Invalid(string field, string message) => Invalid(ValidationErrors.Single(field, message));
    public static CommandResult<T> NotFound(string message) => new(CommandStatus.NotFound, default, null, message);
    public static CommandResult<T> Stale(T current, string message) => new(CommandStatus.Stale, current, null, message);
    public static CommandResult<T> Forbidden(string message) => new(CommandStatus.Forbidden, default, null, message);
}

public static class CommandStatuses
{
    /// <summary>The status a page answers with when it shows a command's failure again: 409 stale, 403, 404, else 400.</summary>
    public static int PageStatus(CommandStatus status) => status switch
    {
        CommandStatus.Stale => StatusCodes.Status409Conflict,
        CommandStatus.Forbidden => StatusCodes.Status403Forbidden,
        CommandStatus.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status400BadRequest,
    };
}
