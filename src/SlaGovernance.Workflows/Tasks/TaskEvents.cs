namespace SlaGovernance.Workflows.Tasks;


/// <summary>What completing a task (or deciding an approval stage) hands to the waiting step.</summary>
public sealed record TaskCompleted(string Outcome, string? Comment, string CompletedBy);

/// <summary>Scheduled for a task's 'expiresAt': delivered on the task's own key at that instant unless an answer came first.</summary>
public sealed record TaskExpired(Guid TaskId);

public static class TaskEvents
{
    public const string Completed = "task-completed";

    /// <summary>The outcome a task answers when it expires unanswered; its definition routes it with 'onExpired'.</summary>
    public const string ExpiredOutcome = "expired";

    /// <summary>The expiry of one task has one event id, so a replayed step schedules it once and a reschedule finds it.</summary>
    public static Guid ExpiryEventIdFor(Guid taskId) => Hosting.DeterministicIds.From("task-expired/" + taskId);

    /// <summary>The task of one step execution has one id, whatever attempt of the step opens it.</summary>
    public static Guid TaskIdFor(string idempotencyKey) => Hosting.DeterministicIds.From("task/" + idempotencyKey);

    public static Guid CompletionEventIdFor(Guid taskId) => Hosting.DeterministicIds.From("task-completed/" + taskId);

    /// <summary>
    /// Where a task's wait subscribes from. The event key belongs to one task (or stage) alone, so every completion on
    /// it is meant for this wait, even one made before a replayed step subscribed again: a step killed after opening its
    /// task restarts later than the person who already answered it, and WorkflowCore counts only events after the
    /// subscription's start.
    /// </summary>
    public static readonly DateTime SubscribeFrom = DateTime.UnixEpoch;
}
