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
    IReadOnlyDictionary<string, string>? Routes = null)
{
    /// <summary>Every step this one can lead to.</summary>
    public IEnumerable<string> Targets =>
        new[] { Next, Otherwise, OnTimeout }.Concat(Branches?.Select(b => b.Next) ?? []).Concat(Routes?.Values ?? []).OfType<string>();
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
}
