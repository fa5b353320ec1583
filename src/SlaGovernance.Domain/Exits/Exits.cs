using System.Globalization;
using SlaGovernance.Domain.Events;
using SlaGovernance.Domain.Lifecycles;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Exits;

/// <summary>Where an agreement's exit stands: running its branches, then completed, when the agreement becomes Exited.</summary>
public static class ExitStatus
{
    public const string Running = "Running";
    public const string Completed = "Completed";

    public static readonly Lifecycle Lifecycle = new Lifecycle("exit")
        .State(Running, "Running")
        .State(Completed, "Completed", Running);

    public static string Label(string? status) => Lifecycle.Label(status);
}

/// <summary>What started or joined an exit.</summary>
public static class ExitTriggers
{
    public const string RenewalTerminated = "renewal-terminated";
    public const string RenewalLapsed = "renewal-lapsed";
    public const string TerminationApproved = "termination-approved";
    public const string ByHand = "by-hand";
}

/// <summary>An exit was opened for an agreement (its first trigger); the exit workflow starts from it after commit.</summary>
public sealed record ExitStarted(Guid AgreementId, DateOnly EndsOn, string Trigger, string Why) : IDomainEvent
{
    public static string Type => "exit.started";
    public string SubjectId => AgreementId.ToString();
}

/// <summary>What an exit does with the service: move to another vendor, bring it in-house, or stop it.</summary>
public static class ExitStrategies
{
    public const string ReplacementVendor = "ReplacementVendor";
    public const string InHouse = "InHouse";
    public const string StopService = "StopService";

    public static readonly IReadOnlyList<string> All = [ReplacementVendor, InHouse, StopService];

    public static string Label(string strategy) => strategy switch
    {
        ReplacementVendor => "Move to a replacement vendor",
        InHouse => "Bring the service in-house",
        StopService => "Stop the service",
        _ => strategy,
    };
}

/// <summary>One data set the vendor holds for us: what, where, in which format, how much.</summary>
public sealed record DataInventoryItem(string? What, string? Where, string? Format, string? Volume)
{
    public string Describe() => $"{What} ({Where}, {Format}, {Volume})";
}

/// <summary>A key person of the exit and their part in it.</summary>
public sealed record KeyPerson(string? Name, string? Role);

/// <summary>An exit plan as proposed: checked by <see cref="ExitPlanRules.Check"/> before it is kept as a new version.</summary>
public sealed record ExitPlanInput(string? Owner, string? Strategy, string? StrategyNotes, IReadOnlyList<DataInventoryItem>? DataInventory,
    int? TransitionDays, IReadOnlyList<KeyPerson>? KeyPeople, decimal? EstimatedCost, int? EstimatedDurationDays);

public static class ExitPlanRules
{
    public const int MaxText = 300;
    public const int MaxNotes = 4000;
    public const int MaxItems = 50;

    /// <summary>
    /// Field errors of a plan: a strategy from the list, at least one data set with what, where, format and volume (the format one the
    /// exit terms name when they name any), key people named, a cost and a duration that are not negative, transition days as the
    /// exit terms give them when they give any.
    /// </summary>
    public static ValidationErrors Check(ExitPlanInput input, IReadOnlyList<string> termFormats, int? termTransitionDays)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.Owner))
            errors.Add("owner", "Name the vendor manager who owns the plan (a user name).");
        if (input.Strategy is null || !ExitStrategies.All.Contains(input.Strategy))
            errors.Add("strategy", $"'{input.Strategy}' is not an exit strategy; use one of {string.Join(", ", ExitStrategies.All)}.");
        if (input.StrategyNotes is { Length: > MaxNotes })
            errors.Add("strategyNotes", $"The notes may be at most {MaxNotes} characters (they have {input.StrategyNotes.Length}).");
        var inventory = input.DataInventory ?? [];
        if (inventory.Count == 0)
            errors.Add("dataInventory", "List at least one data set the vendor holds: what, where, format and volume.");
        if (inventory.Count > MaxItems)
            errors.Add("dataInventory", $"List at most {MaxItems} data sets (there are {inventory.Count}).");
        for (var i = 0; i < Math.Min(inventory.Count, MaxItems); i++)
        {
            var item = inventory[i];
            foreach (var (field, value) in new[] { ("what", item.What), ("where", item.Where), ("format", item.Format), ("volume", item.Volume) })
            {
                if (string.IsNullOrWhiteSpace(value))
                    errors.Add($"dataInventory[{i}].{field}", $"Data set {i + 1} needs its {field}.");
                else if (value.Length > MaxText)
                    errors.Add($"dataInventory[{i}].{field}", $"Data set {i + 1}'s {field} may be at most {MaxText} characters.");
            }
            if (termFormats.Count > 0 && !string.IsNullOrWhiteSpace(item.Format) && !termFormats.Contains(item.Format.Trim(), StringComparer.OrdinalIgnoreCase))
                errors.Add($"dataInventory[{i}].format", $"'{item.Format}' is not a format the exit terms name; use one of {string.Join(", ", termFormats)}.");
        }
        if (input.TransitionDays is not { } days || days < 0)
            errors.Add("transitionDays", "Give the transition assistance period in days (0 or more).");
        else if (termTransitionDays is { } fromTerms && days != fromTerms)
            errors.Add("transitionDays", $"The exit terms give {fromTerms} days of transition assistance, not {days}; change the terms through a change request.");
        var people = input.KeyPeople ?? [];
        if (people.Count == 0)
            errors.Add("keyPeople", "Name at least one key person of the exit and their role.");
        for (var i = 0; i < Math.Min(people.Count, MaxItems); i++)
        {
            if (string.IsNullOrWhiteSpace(people[i].Name) || string.IsNullOrWhiteSpace(people[i].Role))
                errors.Add($"keyPeople[{i}]", $"Key person {i + 1} needs a name and a role.");
            else if (people[i].Name!.Length > MaxText || people[i].Role!.Length > MaxText)
                errors.Add($"keyPeople[{i}]", $"Key person {i + 1}'s name and role may be at most {MaxText} characters each.");
        }
        if (input.EstimatedCost is not { } cost || cost < 0 || cost > 1_000_000_000_000m)
            errors.Add("estimatedCost", "Give the estimated cost of the exit in the agreement's currency (0 or more).");
        if (input.EstimatedDurationDays is not { } duration || duration <= 0 || duration > 3650)
            errors.Add("estimatedDurationDays", "Give the estimated duration of the exit in days (1 to 3650).");
        return errors;
    }

    public static string Money(decimal amount, string currency) => amount.ToString("N2", CultureInfo.InvariantCulture) + " " + currency;
}

/// <summary>Where a critical vendor's exit plan stands with the Governance board; plans of other vendors need no approval (no status).</summary>
public static class ExitPlanApprovalStatus
{
    public const string Pending = "Pending";
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";

    public static readonly Lifecycle Lifecycle = new Lifecycle("exit plan")
        .State(Pending, "Pending with the Governance board")
        .State(Approved, "Approved by the Governance board", Pending)
        .State(Rejected, "Rejected by the Governance board", Pending);

    public static string Label(string? status) => status is null ? "No board approval needed" : Lifecycle.Label(status);
}

/// <summary>A critical vendor's exit plan was saved and goes to the Governance board; its approval workflow starts from it after commit.</summary>
public sealed record ExitPlanSubmitted(Guid AgreementId, int Version) : IDomainEvent
{
    public static string Type => "exit-plan.submitted";
    public string SubjectId => $"{AgreementId}/{Version}";
}

/// <summary>
/// How a replacing agreement covers the one being exited: the days both terms run (overlap), or the days between the old one's last
/// day and the new one's first with neither in force (a gap in cover, when the new one starts after the old one ends).
/// </summary>
public sealed record ReplacementCover(DateOnly OldStart, DateOnly OldEnd, DateOnly NewStart, DateOnly NewEnd)
{
    public int OverlapDays => Math.Max(0, Min(OldEnd, NewEnd).DayNumber - Max(OldStart, NewStart).DayNumber + 1);

    public int GapDays => Math.Max(0, NewStart.DayNumber - OldEnd.DayNumber - 1);

    public bool HasGap => GapDays > 0;

    /// <summary>The cover in words for the exit page.</summary>
    public string Describe() => HasGap
        ? string.Create(CultureInfo.InvariantCulture, $"Gap in cover: the old agreement ends on {OldEnd:d MMM yyyy} and the replacement starts only on {NewStart:d MMM yyyy}, {GapDays} day(s) with neither in force.")
        : OverlapDays > 0
            ? string.Create(CultureInfo.InvariantCulture, $"The terms overlap for {OverlapDays} day(s), from {Max(OldStart, NewStart):d MMM yyyy} to {Min(OldEnd, NewEnd):d MMM yyyy}.")
            : string.Create(CultureInfo.InvariantCulture, $"The replacement starts on {NewStart:d MMM yyyy}, the day after the old agreement ends: cover is continuous.");

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
