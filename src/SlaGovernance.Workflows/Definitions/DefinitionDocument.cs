using System.Text.Json;
using System.Text.Json.Serialization;
using SlaGovernance.Workflows.Steps;

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
    IReadOnlyList<DefinitionStep> Steps)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The subject fields the steps read: the names conditions read that are not settings, the placeholders that are not
    /// built in, and the inputs naming a field.
    /// </summary>
    public IEnumerable<string> FieldsRead() => Steps.SelectMany(step => InputValues.Of(step.Inputs)).SelectMany(value => value.Kind switch
    {
        InputKind.SubjectField => [(string)value.Value],
        InputKind.Placeholders => Placeholders.Names((string)value.Value).Where(n => !Placeholders.BuiltIn.Contains(n)),
        InputKind.Condition => Conditions.Names((string)value.Value).Where(n => Settings?.ContainsKey(n) != true),
        _ => [],
    }).Distinct(StringComparer.Ordinal);
}

public sealed record SubjectSpec(string Type, IReadOnlyList<string> Fields);

/// <summary>One step of a definition: its id, its type, its title, and the inputs its type declares.</summary>
[JsonConverter(typeof(DefinitionStepConverter))]
public sealed record DefinitionStep(string Id, string Type, string? Title, StepInputs Inputs)
{
    public IStepType StepType => StepTypes.Named(Type)!;

    public IEnumerable<StepRoute> Routes => StepType.Routes(Inputs);

    /// <summary>Every step this one can lead to, the first steps of its parallel paths included.</summary>
    public IEnumerable<string> Targets => FlowTargets.Concat(StepType.Paths(Inputs));

    /// <summary>The steps this one leads to on its own path, leaving out the parallel paths it starts.</summary>
    public IEnumerable<string> FlowTargets => Routes.Select(r => r.Target);
}

/// <summary>Reads a step's id, type and title, and the rest as the inputs of the type it names.</summary>
public sealed class DefinitionStepConverter : JsonConverter<DefinitionStep>
{
    public override DefinitionStep Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var step = JsonElement.ParseValue(ref reader);
        var type = step.GetProperty("type").GetString()!;
        var stepType = StepTypes.Named(type) ?? throw new JsonException($"'{type}' is not a step type.");
        return new DefinitionStep(step.GetProperty("id").GetString()!, type,
            step.TryGetProperty("title", out var title) ? title.GetString() : null,
            (StepInputs)step.Deserialize(stepType.InputsType, options)!);
    }

    public override void Write(Utf8JsonWriter writer, DefinitionStep value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Definitions are read from their files and stored as written; they are never serialised.");
}
