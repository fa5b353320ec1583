using System.Text.Json;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Persistence;

/// <summary>An execution pointer as stored inside its instance row.</summary>
internal sealed class PointerRecord
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Id { get; set; } = "";
    public int StepId { get; set; }
    public bool Active { get; set; }
    public DateTime? SleepUntil { get; set; }
    public PersistedValue? PersistenceData { get; set; }
    public DateTime? StartTime { get; set; }
    public DateTime? EndTime { get; set; }
    public string? EventName { get; set; }
    public string? EventKey { get; set; }
    public bool EventPublished { get; set; }
    public PersistedValue? EventData { get; set; }
    public Dictionary<string, PersistedValue?> ExtensionAttributes { get; set; } = [];
    public string? StepName { get; set; }
    public int RetryCount { get; set; }
    public List<string> Children { get; set; } = [];
    public PersistedValue? ContextItem { get; set; }
    public string? PredecessorId { get; set; }
    public PersistedValue? Outcome { get; set; }
    public PointerStatus Status { get; set; }
    public List<string> Scope { get; set; } = [];

    public static string Serialize(ExecutionPointerCollection pointers, PersistedTypes types) =>
        JsonSerializer.Serialize(pointers.Select(p => From(p, types)).ToList(), Json);

    public static ExecutionPointerCollection Deserialize(string json, PersistedTypes types)
    {
        var collection = new ExecutionPointerCollection();
        foreach (var record in JsonSerializer.Deserialize<List<PointerRecord>>(json, Json) ?? [])
            collection.Add(record.ToPointer(types));
        return collection;
    }

    private static PointerRecord From(ExecutionPointer p, PersistedTypes types) => new()
    {
        Id = p.Id,
        StepId = p.StepId,
        Active = p.Active,
        SleepUntil = p.SleepUntil,
        PersistenceData = types.ToPersisted(p.PersistenceData),
        StartTime = p.StartTime,
        EndTime = p.EndTime,
        EventName = p.EventName,
        EventKey = p.EventKey,
        EventPublished = p.EventPublished,
        EventData = types.ToPersisted(p.EventData),
        ExtensionAttributes = p.ExtensionAttributes.ToDictionary(a => a.Key, a => types.ToPersisted(a.Value)),
        StepName = p.StepName,
        RetryCount = p.RetryCount,
        Children = p.Children.ToList(),
        ContextItem = types.ToPersisted(p.ContextItem),
        PredecessorId = p.PredecessorId,
        Outcome = types.ToPersisted(p.Outcome),
        Status = p.Status,
        Scope = p.Scope.ToList(),
    };

    private ExecutionPointer ToPointer(PersistedTypes types) => new()
    {
        Id = Id,
        StepId = StepId,
        Active = Active,
        SleepUntil = SleepUntil,
        PersistenceData = types.FromPersisted(PersistenceData),
        StartTime = StartTime,
        EndTime = EndTime,
        EventName = EventName,
        EventKey = EventKey,
        EventPublished = EventPublished,
        EventData = types.FromPersisted(EventData),
        ExtensionAttributes = ExtensionAttributes.ToDictionary(a => a.Key, a => types.FromPersisted(a.Value)!),
        StepName = StepName,
        RetryCount = RetryCount,
        Children = Children,
        ContextItem = types.FromPersisted(ContextItem),
        PredecessorId = PredecessorId,
        Outcome = types.FromPersisted(Outcome),
        Status = Status,
        Scope = Scope,
    };
}
