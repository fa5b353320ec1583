using System.Text.Json;

namespace SlaGovernance.Workflows.Tasks;

public static class WorkflowTaskStatus
{
    public const string Open = "Open";
    public const string Completed = "Completed";

    /// <summary>Closed without an answer because its approval stage was decided by the others.</summary>
    public const string Withdrawn = "Withdrawn";

    /// <summary>Closed unanswered at the instant its definition set ('expiresAt'); the workflow went on without it.</summary>
    public const string Expired = "Expired";
}

/// <summary>A record, so the row as completed is a copy made with <c>with</c>.</summary>
public sealed record TaskRow
{
    public Guid Id { get; init; }
    public Guid WorkflowId { get; init; }
    public string PointerId { get; init; } = "";
    public string DefinitionId { get; init; } = "";
    public string StepId { get; init; } = "";
    public string SubjectType { get; init; } = "";
    public string SubjectId { get; init; } = "";
    public string Title { get; init; } = "";
    public string? AssigneeRole { get; init; }
    public Guid? AssigneeUserId { get; init; }
    public string? RequestedBy { get; init; }
    public string Outcomes { get; init; } = "[]";
    public string CommentRequiredFor { get; init; } = "[]";
    public string Status { get; init; } = WorkflowTaskStatus.Open;
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? CompletedBy { get; init; }
    public string? Outcome { get; init; }
    public string? Comment { get; init; }

    /// <summary>The approval stage this task is one vote of, if any.</summary>
    public Guid? GroupId { get; init; }

    /// <summary>The outcome that counts as approving, for quorum and for "already approved an earlier stage".</summary>
    public string? ApproveOutcome { get; init; }

    public bool ExcludePriorApprovers { get; init; }
    public string? EscalateToRole { get; init; }
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>The instants reminders are due, soonest first, as JSON.</summary>
    public string Reminders { get; init; } = "[]";
    public int RemindersSent { get; init; }
    public DateTimeOffset? NextReminderAt { get; init; }

    /// <summary>What the task is about in words, e.g. the agreement's title, vendor and annual value, as it was when the task opened.</summary>
    public string? SubjectSummary { get; init; }

    /// <summary>For an approval stage: its place among the stages the request is routed through, and how many there are.</summary>
    public int? StageNumber { get; init; }
    public int? StageCount { get; init; }

    /// <summary>Why the request was routed to this stage: the reasons of the decision branches that led here.</summary>
    public string? RouteReason { get; init; }

    /// <summary>How many approvals decide this task's approval stage.</summary>
    public int? ApprovalsRequired { get; init; }

    /// <summary>The outcome the application closes the task with when it reports it (a resubmitted draft); null when people answer it.</summary>
    public string? ClosesOn { get; init; }

    /// <summary>The comment the task carries from an earlier answer in the run: who asked what, and when.</summary>
    public string? Note { get; init; }

    /// <summary>The escalation path the task climbs once overdue (levels of contacts and minutes after the due time), as JSON; null for none.</summary>
    public string? EscalationPath { get; init; }

    /// <summary>How many levels of <see cref="EscalationPath"/> the task has reached.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>When the next level of the path is reached; null once the last one was.</summary>
    public DateTimeOffset? NextEscalationAt { get; init; }

    public IReadOnlyList<TaskEscalationLevel> EscalationLevels => TaskEscalationLevel.Parse(EscalationPath);

    public IReadOnlyList<string> OutcomeList => JsonSerializer.Deserialize<List<string>>(Outcomes) ?? [];
    public IReadOnlyList<string> CommentRequiredList => JsonSerializer.Deserialize<List<string>>(CommentRequiredFor) ?? [];
    public IReadOnlyList<DateTimeOffset> ReminderList => JsonSerializer.Deserialize<List<DateTimeOffset>>(Reminders) ?? [];

    public bool IsOverdue(DateTimeOffset now) => Status == WorkflowTaskStatus.Open && DueAt < now;
}

/// <summary>One level of a task's escalation path: a role, a person's user name or an email address, reached this many minutes after the due time.</summary>
public sealed record TaskEscalationLevel(int Level, string Contact, int AfterMinutes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<TaskEscalationLevel> Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<TaskEscalationLevel>>(json, Json) ?? [];

    /// <summary>
    /// The levels a subject field holds, as a list of objects or as its JSON text, in the order they apply; levels without a
    /// contact are left out. Null when the field holds none.
    /// </summary>
    public static string? FromField(JsonElement? field)
    {
        List<TaskEscalationLevel>? levels;
        try
        {
            levels = field switch
            {
                { ValueKind: JsonValueKind.Array } array => array.Deserialize<List<TaskEscalationLevel>>(Json),
                { ValueKind: JsonValueKind.String } text when !string.IsNullOrWhiteSpace(text.GetString()) =>
                    JsonSerializer.Deserialize<List<TaskEscalationLevel>>(text.GetString()!, Json),
                _ => null,
            };
        }
        catch (JsonException)
        {
            // A path that cannot be read leaves the task to escalate as its step says; it must not stop the task opening.
            levels = null;
        }
        var kept = (levels ?? []).Where(l => l is not null && !string.IsNullOrWhiteSpace(l.Contact))
            .Select(l => l with { AfterMinutes = Math.Max(0, l.AfterMinutes) }).OrderBy(l => l.AfterMinutes).ThenBy(l => l.Level).ToList();
        return kept.Count == 0 ? null : JsonSerializer.Serialize(kept, Json);
    }
}

/// <summary>A task and the workflow it belongs to.</summary>
public sealed class TaskKey
{
    public Guid Id { get; init; }
    public Guid WorkflowId { get; init; }
}
