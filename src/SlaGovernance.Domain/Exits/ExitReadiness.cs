using SlaGovernance.Domain.Lifecycles;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Exits;

/// <summary>
/// Where a critical vendor's exit readiness test stands: the sample export is asked for, then received, then the vendor manager records
/// the outcome, Ready or Gaps (each gap an action with an owner and a due date).
/// </summary>
public static class ExitReadinessStatus
{
    public const string Requested = "Requested";
    public const string Received = "Received";
    public const string Ready = "Ready";
    public const string Gaps = "Gaps";

    public static readonly Lifecycle Lifecycle = new Lifecycle("exit readiness test")
        .State(Requested, "Sample export asked for")
        .State(Received, "Sample export received", Requested)
        .State(Ready, "Ready", Received)
        .State(Gaps, "Gaps found", Received);

    public static string Label(string? status) => Lifecycle.Label(status);

    public static bool HasOutcome(string status) => status is Ready or Gaps;
}

/// <summary>A gap the test found and the action that closes it: who owns it and by when.</summary>
public sealed record ReadinessGap(string? Gap, string? Action, string? Owner, DateOnly? DueOn);

/// <summary>The outcome as a vendor manager records it: "ready", or "gaps" with at least one gap.</summary>
public sealed record ReadinessOutcomeInput(string? Outcome, string? Notes, IReadOnlyList<ReadinessGap>? Gaps);

public static class ExitReadinessRules
{
    public const string ReadyOutcome = "ready";
    public const string GapsOutcome = "gaps";
    public const int MaxText = 500;
    public const int MaxNotes = 4000;
    public const int MaxGaps = 50;

    /// <summary>
    /// Field errors of an outcome: "ready" with no gaps, or "gaps" with one to fifty, each with the gap, its action, an owner and a due
    /// date not before <paramref name="today"/>. Owners are checked to be users by the caller.
    /// </summary>
    public static ValidationErrors Check(ReadinessOutcomeInput input, DateOnly today)
    {
        var errors = new ValidationErrors();
        var gaps = input.Gaps ?? [];
        if (input.Outcome is not (ReadyOutcome or GapsOutcome))
            errors.Add("outcome", $"'{input.Outcome}' is not an outcome; use '{ReadyOutcome}' or '{GapsOutcome}'.");
        else if (input.Outcome == ReadyOutcome && gaps.Count > 0)
            errors.Add("gaps", $"A test recorded as ready has no gaps (there are {gaps.Count}); record '{GapsOutcome}' instead.");
        else if (input.Outcome == GapsOutcome && gaps.Count == 0)
            errors.Add("gaps", "Name at least one gap, with the action that closes it, its owner and its due date.");
        if (gaps.Count > MaxGaps)
            errors.Add("gaps", $"Name at most {MaxGaps} gaps (there are {gaps.Count}).");
        if (input.Notes is { Length: > MaxNotes })
            errors.Add("notes", $"The notes may be at most {MaxNotes} characters (they have {input.Notes.Length}).");
        for (var i = 0; i < Math.Min(gaps.Count, MaxGaps); i++)
        {
            var gap = gaps[i];
            foreach (var (field, value) in new[] { ("gap", gap.Gap), ("action", gap.Action), ("owner", gap.Owner) })
            {
                if (string.IsNullOrWhiteSpace(value))
                    errors.Add($"gaps[{i}].{field}", $"Gap {i + 1} needs its {field}.");
                else if (value.Length > MaxText)
                    errors.Add($"gaps[{i}].{field}", $"Gap {i + 1}'s {field} may be at most {MaxText} characters.");
            }
            if (gap.DueOn is not { } due)
                errors.Add($"gaps[{i}].dueOn", $"Gap {i + 1} needs the date its action is due (yyyy-MM-dd).");
            else if (due < today)
                errors.Add($"gaps[{i}].dueOn", $"Gap {i + 1}'s action is due on {due:yyyy-MM-dd}, before today ({today:yyyy-MM-dd}); give a date from today on.");
        }
        return errors;
    }
}
