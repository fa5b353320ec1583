using System.Text.Json;

namespace SlaGovernance.Workflows.Definitions;

/// <summary>A workflow definition file as written in workflows/*.json (see workflows/workflow.schema.json).</summary>
public sealed record DefinitionDocument(
    string Id,
    int Version,
    string Title,
    string? Description,
    SubjectSpec Subject,
    Dictionary<string, JsonElement>? Settings,
    string Start,
    IReadOnlyList<StepSpec> Steps)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

public sealed record SubjectSpec(string Type, IReadOnlyList<string> Fields);

public sealed record StepSpec(
    string Id,
    string Type,
    string? Title = null,
    string? Status = null,
    string? Next = null,
    IReadOnlyList<BranchSpec>? Branches = null,
    string? Otherwise = null,
    DurationSpec? Delay = null,
    string? Until = null,
    string? Event = null,
    DurationSpec? Timeout = null,
    string? OnTimeout = null,
    string? Action = null,
    string? Role = null,
    int? DueInBusinessDays = null,
    IReadOnlyList<string>? Outcomes = null,
    IReadOnlyList<string>? CommentRequiredFor = null,
    bool? ExcludeRequester = null,
    IReadOnlyDictionary<string, string>? Routes = null,
    JsonElement? Quorum = null,
    string? ApproveOutcome = null,
    bool? ExcludePriorApprovers = null,
    string? AssigneeField = null,
    string? EscalateTo = null,
    IReadOnlyList<int>? RemindBeforeBusinessDays = null,
    IReadOnlyList<string>? ToRoles = null,
    bool? ToRequester = null,
    string? Subject = null,
    string? Body = null,
    IReadOnlyList<string>? Paths = null,
    string? DueAt = null,
    string? ExpiresAt = null,
    string? OnExpired = null,
    string? CalendarDate = null,
    string? CalendarSummary = null)
{
    /// <summary>Every step this one can lead to, the first steps of its parallel paths included.</summary>
    public IEnumerable<string> Targets =>
        new[] { Next, Otherwise, OnTimeout, OnExpired }.Concat(Branches?.Select(b => b.Next) ?? []).Concat(Routes?.Values ?? [])
            .Concat(Paths ?? []).OfType<string>();

    /// <summary>The steps this one leads to on its own path, leaving out the parallel paths it starts.</summary>
    public IEnumerable<string> FlowTargets =>
        new[] { Next, Otherwise, OnTimeout, OnExpired }.Concat(Branches?.Select(b => b.Next) ?? []).Concat(Routes?.Values ?? []).OfType<string>();

    /// <summary>The outcome that counts as approving; "approve" unless the definition names another.</summary>
    public string EffectiveApproveOutcome => ApproveOutcome ?? "approve";

    /// <summary>How many approvals decide an approval stage of <paramref name="eligible"/> approvers: any (1), all, or N.</summary>
    public int RequiredApprovals(int eligible) => Quorum switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetInt32(),
        { ValueKind: JsonValueKind.String } s when s.GetString() == "all" => eligible,
        _ => 1,
    };
}

public sealed record BranchSpec(string When, string Next);

public sealed record DurationSpec(int? Days, int? Hours, int? Minutes, int? BusinessDays = null)
{
    public bool CountsBusinessDays => BusinessDays is not null;

    public TimeSpan ToTimeSpan() => new(Days ?? 0, Hours ?? 0, Minutes ?? 0, 0);
}

public static class StepTypes
{
    public const string SetStatus = "setStatus";
    public const string Decision = "decision";
    public const string Timer = "timer";
    public const string WaitForEvent = "waitForEvent";
    public const string Action = "action";
    public const string HumanTask = "humanTask";
    public const string End = "end";
    public const string Approval = "approval";
    public const string Notify = "notify";
    public const string Parallel = "parallel";
}
