using System.Collections.Concurrent;
using System.Text.Json;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Persistence;

/// <summary>A persisted object: the alias of an allowed type and its JSON.</summary>
public sealed record PersistedValue(string T, JsonElement V);

/// <summary>A type that workflow data or events may carry, under a stable alias; added with AddPersistedType.</summary>
public sealed record PersistedTypeRegistration(Type Type, string Alias);

/// <summary>A persisted value names a type that is not on the allow-list; nothing is instantiated from it.</summary>
public sealed class DisallowedPersistedTypeException(string message) : Exception(message);

/// <summary>
/// The allow-list of types that workflow data, step state and event payloads may hold. Types are stored by alias,
/// never by CLR name, so the database can never make the process instantiate a type it did not choose.
/// </summary>
public sealed class PersistedTypes
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, Type> _byAlias = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _byType = new();

    public PersistedTypes() : this([])
    {
    }

    public PersistedTypes(IEnumerable<PersistedTypeRegistration> registrations)
    {
        Register<string>("string");
        Register<bool>("bool");
        Register<int>("int");
        Register<long>("long");
        Register<double>("double");
        Register<decimal>("decimal");
        Register<DateTime>("datetime");
        Register<DateTimeOffset>("datetimeoffset");
        Register<Guid>("guid");
        Register<JsonElement>("json");
        Register<Dictionary<string, string>>("string-map");
        Register<List<string>>("string-list");
        // WorkflowCore keeps these in execution pointers for its own control steps.
        Register<ControlPersistenceData>("wfc.control");
        Register<IteratorPersistenceData>("wfc.iterator");
        Register<SchedulePersistenceData>("wfc.schedule");
        foreach (var registration in registrations)
            Register(registration.Type, registration.Alias);
    }

    public PersistedTypes Register<T>(string alias) => Register(typeof(T), alias);

    public PersistedTypes Register(Type type, string alias)
    {
        if (_byAlias.TryGetValue(alias, out var existing) && existing != type)
            throw new InvalidOperationException($"The persisted-type alias '{alias}' already stands for {existing.Name}.");
        _byAlias[alias] = type;
        _byType[type] = alias;
        return this;
    }

    public bool IsAllowed(Type type) => _byType.ContainsKey(type);

    public PersistedValue? ToPersisted(object? value)
    {
        if (value is null)
            return null;
        var type = value.GetType();
        if (!_byType.TryGetValue(type, out var alias))
            throw new DisallowedPersistedTypeException(
                $"{type.FullName} is not an allowed persisted type; register it with PersistedTypes.Register<T>(alias).");
        return new PersistedValue(alias, JsonSerializer.SerializeToElement(value, type, Json));
    }

    public object? FromPersisted(PersistedValue? value)
    {
        if (value is null)
            return null;
        if (!_byAlias.TryGetValue(value.T, out var type))
            throw new DisallowedPersistedTypeException($"The stored type alias '{value.T}' is not on the allow-list; the value was not read.");
        return value.V.Deserialize(type, Json);
    }

    public string? Serialize(object? value) =>
        ToPersisted(value) is { } persisted ? JsonSerializer.Serialize(persisted, Json) : null;

    public object? Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? null : FromPersisted(JsonSerializer.Deserialize<PersistedValue>(json, Json));
}
