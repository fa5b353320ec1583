namespace SlaGovernance.Workflows.Steps;

// What a step's inputs declare about themselves, for workflows/workflow.schema.json and for the checks a schema cannot
// make. A property is required when its type is not nullable; its JSON name is its name in camelCase. On a list, a
// constraint on values (pattern, minimum, step id, role) applies to each item; on a map, to each value.

/// <summary>The value matches this regular expression.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string pattern) : Attribute
{
    public string Pattern { get; } = pattern;
}

/// <summary>The number is at least this.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(int minimum) : Attribute
{
    public int Minimum { get; } = minimum;
}

/// <summary>The text has at least <see cref="Min"/> and, when set, at most <see cref="Max"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TextLengthAttribute : Attribute
{
    public int Min { get; init; }
    public int Max { get; init; }
}

/// <summary>The list has at least this many items.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinItemsAttribute(int minimum) : Attribute
{
    public int Minimum { get; } = minimum;
}

/// <summary>No item of the list appears twice.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class UniqueItemsAttribute : Attribute;

/// <summary>The value names a step of the definition.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StepIdAttribute : Attribute;

/// <summary>The value names a role.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RoleAttribute : Attribute;

/// <summary>The value names a field the definition's subject declares.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SubjectFieldAttribute : Attribute
{
    public const string Pattern = "^[a-z][A-Za-z0-9]*$";
}

/// <summary>Text whose {placeholders} name subject fields or the built-in ones (<see cref="Placeholders.BuiltIn"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlaceholdersAttribute : Attribute;

/// <summary>An NCalc condition over the subject's fields and the definition's settings.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConditionAttribute : Attribute;

/// <summary>Exactly one of these properties is given.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ExactlyOneOfAttribute(params string[] properties) : Attribute
{
    public IReadOnlyList<string> Properties { get; } = properties;
}

/// <summary>At least one of these properties is given.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AtLeastOneOfAttribute(params string[] properties) : Attribute
{
    public IReadOnlyList<string> Properties { get; } = properties;
}

/// <summary>The two properties are given together or not at all.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class TogetherAttribute(string first, string second) : Attribute
{
    public string First { get; } = first;
    public string Second { get; } = second;
}

/// <summary>The two properties are not both given.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class NotBothAttribute(string first, string second) : Attribute
{
    public string First { get; } = first;
    public string Second { get; } = second;
}

/// <summary>At least this many of the object's properties are given.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class MinPropertiesAttribute(int minimum) : Attribute
{
    public int Minimum { get; } = minimum;
}

/// <summary>The object's schema is written once under this name in the schema's $defs, and referred to where it is used.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SchemaDefinitionAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>A value whose JSON Schema is not one of the plain shapes (a choice between a word and a number, say).</summary>
public interface IDeclaresSchema
{
    static abstract System.Text.Json.Nodes.JsonObject Schema();
}

/// <summary>A value with rules of its own that a schema cannot say; the problems are reported at the property holding it.</summary>
public interface IChecksItself
{
    IEnumerable<string> Problems();
}
