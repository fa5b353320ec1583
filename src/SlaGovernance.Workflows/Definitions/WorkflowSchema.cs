using System.ComponentModel;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Workflows.Steps;

namespace SlaGovernance.Workflows.Definitions;

/// <summary>
/// workflows/workflow.schema.json, made from the step types' declarations: the file format around the steps, and for each
/// step type the properties its inputs declare. The validator checks definitions against it; the copy in workflows/ is
/// for editors, and a test keeps it equal to this.
/// </summary>
public static class WorkflowSchema
{
    private const string Defs = "#/$defs/";

    private static readonly Lazy<string> Generated = new(() => Generate().ToJsonString(new JsonSerializerOptions
    {
        WriteIndented = true,
        // The descriptions are read by people in their editors: quotes and apostrophes stay as written.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }) + "\n");

    /// <summary>The schema as the file workflows/workflow.schema.json holds it.</summary>
    public static string Text => Generated.Value;

    private static JsonObject Generate()
    {
        var definitions = new Definitions();
        var step = StepSchema(definitions);
        var defs = new JsonObject
        {
            ["stepId"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z][a-z0-9-]{0,98}[a-z0-9]$" },
        };
        foreach (var (name, schema) in definitions.Written)
            defs[name] = schema;
        defs["step"] = step;
        defs["role"] = new JsonObject { ["enum"] = Strings(Roles.All) };
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://slagovernance.example/workflow.schema.json",
            ["title"] = "SlaGovernance workflow definition",
            ["description"] = "A governance process as data: steps, how they connect, and the conditions that route between them. A definition's " +
                "content is fixed once loaded under its id and version; change the content, raise the version.",
            ["type"] = "object",
            ["required"] = Strings(["id", "version", "title", "subject", "start", "steps"]),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["$schema"] = new JsonObject { ["type"] = "string" },
                ["id"] = new JsonObject
                {
                    ["type"] = "string", ["pattern"] = "^[a-z][a-z0-9-]{1,98}[a-z0-9]$", ["description"] = "Stable identifier, e.g. sla-approval.",
                },
                ["version"] = new JsonObject
                {
                    ["type"] = "integer", ["minimum"] = 1,
                    ["description"] = "Raise it whenever the content changes; running instances finish on the version they started with.",
                },
                ["title"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 200 },
                ["description"] = new JsonObject { ["type"] = "string" },
                ["subject"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "What the workflow is about, and the fields of it that conditions may read.",
                    ["required"] = Strings(["type", "fields"]),
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["type"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Z][A-Za-z0-9]*$" },
                        ["fields"] = new JsonObject
                        {
                            ["type"] = "array",
                            ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = SubjectFieldAttribute.Pattern },
                            ["uniqueItems"] = true,
                        },
                    },
                },
                ["settings"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Named values conditions may read, such as thresholds.",
                    ["propertyNames"] = new JsonObject { ["pattern"] = SubjectFieldAttribute.Pattern },
                    ["additionalProperties"] = new JsonObject { ["type"] = Strings(["number", "string", "boolean"]) },
                },
                ["start"] = Ref("stepId"),
                ["steps"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = Ref("step") },
            },
            ["$defs"] = defs,
        };
    }

    /// <summary>Any step: an id, a known type and a title; then, by its type, exactly the properties that type declares.</summary>
    private static JsonObject StepSchema(Definitions definitions) => new()
    {
        ["type"] = "object",
        ["required"] = Strings(["id", "type"]),
        ["properties"] = new JsonObject
        {
            ["id"] = Ref("stepId"),
            ["type"] = new JsonObject { ["enum"] = Strings(StepTypes.All.Select(t => t.Name)) },
            ["title"] = new JsonObject { ["type"] = "string" },
        },
        ["allOf"] = new JsonArray(StepTypes.All.Select(type => (JsonNode)new JsonObject
        {
            ["if"] = new JsonObject { ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = type.Name } } },
            ["then"] = ObjectSchema(type.InputsType, definitions, isStep: true),
        }).ToArray()),
    };

    private static JsonObject ObjectSchema(Type type, Definitions definitions, bool isStep)
    {
        var declared = InputValues.Declared(type).ToList();
        var schema = new JsonObject();
        if (!isStep)
            schema["type"] = "object";
        var required = declared.Where(IsRequired).Select(InputValues.JsonName).ToList();
        if (required.Count > 0)
            schema["required"] = Strings(required);
        schema["additionalProperties"] = false;
        if (type.GetCustomAttribute<MinPropertiesAttribute>() is { } minProperties)
            schema["minProperties"] = minProperties.Minimum;
        if (type.GetCustomAttribute<ExactlyOneOfAttribute>() is { } exactlyOne)
            schema["oneOf"] = new JsonArray(exactlyOne.Properties.Select(p => (JsonNode)new JsonObject { ["required"] = Strings([p]) }).ToArray());
        if (type.GetCustomAttribute<AtLeastOneOfAttribute>() is { } atLeastOne)
            schema["anyOf"] = new JsonArray(atLeastOne.Properties.Select(p => (JsonNode)new JsonObject { ["required"] = Strings([p]) }).ToArray());
        var properties = new JsonObject();
        if (isStep)
        {
            properties["id"] = true;
            properties["type"] = true;
            if (declared.All(p => InputValues.JsonName(p) != "title"))
                properties["title"] = true;
        }
        foreach (var property in declared)
            properties[InputValues.JsonName(property)] = PropertySchema(property, definitions);
        schema["properties"] = properties;
        var together = type.GetCustomAttributes<TogetherAttribute>().ToList();
        if (together.Count > 0)
        {
            var dependent = new JsonObject();
            foreach (var pair in together)
            {
                dependent[pair.First] = Strings([pair.Second]);
                dependent[pair.Second] = Strings([pair.First]);
            }
            schema["dependentRequired"] = dependent;
        }
        if (type.GetCustomAttribute<NotBothAttribute>() is { } notBoth)
            schema["not"] = new JsonObject { ["required"] = Strings([notBoth.First, notBoth.Second]) };
        return schema;
    }

    private static JsonObject PropertySchema(PropertyInfo property, Definitions definitions)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        JsonObject schema;
        if (ItemType(type, typeof(IReadOnlyList<>)) is { } item)
        {
            schema = new JsonObject { ["type"] = "array" };
            if (property.GetCustomAttribute<MinItemsAttribute>() is { } minItems)
                schema["minItems"] = minItems.Minimum;
            if (property.IsDefined(typeof(UniqueItemsAttribute)))
                schema["uniqueItems"] = true;
            schema["items"] = ValueSchema(item, property, definitions);
        }
        else if (ItemType(type, typeof(IReadOnlyDictionary<,>)) is { } value)
            schema = new JsonObject { ["type"] = "object", ["additionalProperties"] = ValueSchema(value, property, definitions) };
        else
            schema = ValueSchema(type, property, definitions);
        if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
            schema["description"] = description.Description;
        return schema;
    }

    /// <summary>The schema of one value: the property's own, or each item's or entry's of a list or map.</summary>
    private static JsonObject ValueSchema(Type type, PropertyInfo property, Definitions definitions)
    {
        if (typeof(IDeclaresSchema).IsAssignableFrom(type))
            return (JsonObject)type.GetMethod(nameof(IDeclaresSchema.Schema), BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        if (type == typeof(string))
        {
            if (property.IsDefined(typeof(StepIdAttribute)))
                return Ref("stepId");
            if (property.IsDefined(typeof(RoleAttribute)))
                return Ref("role");
            var text = new JsonObject { ["type"] = "string" };
            var pattern = property.GetCustomAttribute<PatternAttribute>()?.Pattern
                ?? (property.IsDefined(typeof(SubjectFieldAttribute)) ? SubjectFieldAttribute.Pattern : null);
            if (pattern is not null)
                text["pattern"] = pattern;
            if (property.GetCustomAttribute<TextLengthAttribute>() is { } length)
            {
                if (length.Min > 0)
                    text["minLength"] = length.Min;
                if (length.Max > 0)
                    text["maxLength"] = length.Max;
            }
            return text;
        }
        if (type == typeof(int))
        {
            var number = new JsonObject { ["type"] = "integer" };
            if (property.GetCustomAttribute<MinimumAttribute>() is { } minimum)
                number["minimum"] = minimum.Minimum;
            return number;
        }
        if (type == typeof(bool))
            return new JsonObject { ["type"] = "boolean" };
        if (!InputValues.IsDeclaredObject(type))
            throw new NotSupportedException($"{property.DeclaringType?.Name}.{property.Name}: a step input of type {type.Name} has no schema; " +
                "use text, a whole number, true/false, a list, a map, a record of such, or a type declaring its schema (IDeclaresSchema).");
        if (type.GetCustomAttribute<SchemaDefinitionAttribute>() is not { } definition)
            return ObjectSchema(type, definitions, isStep: false);
        definitions.Write(definition.Name, () => ObjectSchema(type, definitions, isStep: false));
        return Ref(definition.Name);
    }

    private static Type? ItemType(Type type, Type generic) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == generic ? type.GetGenericArguments()[^1] : null;

    private static bool IsRequired(PropertyInfo property) =>
        new NullabilityInfoContext().Create(property).WriteState == NullabilityState.NotNull;

    private static JsonObject Ref(string name) => new() { ["$ref"] = Defs + name };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    /// <summary>The schemas written once under $defs, in the order first met.</summary>
    private sealed class Definitions
    {
        public List<(string Name, JsonObject Schema)> Written { get; } = [];

        public void Write(string name, Func<JsonObject> schema)
        {
            if (Written.All(d => d.Name != name))
                Written.Add((name, schema()));
        }
    }
}
