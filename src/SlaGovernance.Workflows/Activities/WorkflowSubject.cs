using System.Text.Json;

namespace SlaGovernance.Workflows.Activities;

/// <summary>
/// The data every definition-driven workflow carries: what it is about, and the fields of it that conditions read,
/// captured when the workflow starts.
/// </summary>
public sealed class WorkflowSubject
{
    public string Type { get; set; } = "";
    public string Id { get; set; } = "";
    public string? RequestedBy { get; set; }
    public Dictionary<string, JsonElement> Fields { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A field as the value NCalc compares: a number, text, a boolean or null.</summary>
    public object? FieldValue(string name) => Fields.TryGetValue(name, out var value) ? ToScalar(value) : null;

    /// <summary>A field holding an instant (ISO 8601 with its offset), for 'dueAt', 'expiresAt' and timers' 'until'.</summary>
    public DateTimeOffset InstantOf(string field) =>
        Fields.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at)
            ? at.ToUniversalTime()
            : throw new InvalidOperationException($"The subject's field '{field}' holds no instant.");

    public static object? ToScalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? (object)whole : value.GetDecimal(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}

/// <summary>Sets the status of a subject of one type; later issues register one per subject (agreement, change request…).</summary>
public interface IWorkflowSubjectStatus
{
    string SubjectType { get; }

    /// <summary>Sets the status once per idempotency key: a replayed step finds its key and changes nothing twice.</summary>
    /// <remarks><paramref name="workflowId"/> is the instance deciding, so a handler can refuse a subject that is not in its hands.</remarks>
    Task SetStatusAsync(WorkflowSubject subject, string status, string workflowId, string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>
/// Who made a subject that a workflow decides (drafted, edited, submitted it), told by the feature that owns the subject, so
/// segregation of duties keeps them from deciding it.
/// </summary>
public interface IWorkflowSubjectAuthors
{
    string SubjectType { get; }

    Task<IReadOnlyCollection<string>> AuthorsAsync(WorkflowSubject subject, CancellationToken cancellationToken);
}

public sealed record WorkflowActionContext(WorkflowSubject Subject, string WorkflowId, string DefinitionId, string StepId, string IdempotencyKey);

/// <summary>A named domain action a definition can call, such as generating the contract document.</summary>
public interface IWorkflowAction
{
    string Name { get; }

    Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken);
}

/// <summary>The subject of a definition started by hand, read from what is stored, or why it cannot be started.</summary>
public sealed record StoredSubject(WorkflowSubject? Subject, bool NotFound, string? Refusal)
{
    public static StoredSubject Of(WorkflowSubject subject) => new(subject, false, null);

    public static StoredSubject Missing(string message) => new(null, true, message);

    public static StoredSubject Refused(string message) => new(null, false, message);
}

/// <summary>
/// Builds the subject of a definition an operator starts by hand from what is stored, never from the request, and links the
/// started instance to it, so a hand-started workflow decides only what is in its hands.
/// </summary>
public interface IWorkflowSubjectSource
{
    string DefinitionId { get; }

    Task<StoredSubject> SubjectAsync(string subjectId, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="workflowId"/> the instance that decides the subject.</summary>
    Task LinkAsync(WorkflowSubject subject, string workflowId, CancellationToken cancellationToken);
}
