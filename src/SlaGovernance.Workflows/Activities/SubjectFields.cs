using System.Reflection;
using System.Text.Json;

namespace SlaGovernance.Workflows.Activities;

/// <summary>
/// The fields one kind of subject gives the workflow it starts, as a typed record: each property is a field, named in
/// camelCase, so the feature that starts a workflow cannot misspell one and a test can hold them against the definition.
/// </summary>
public abstract record SubjectFields
{
    /// <summary>The fields as <see cref="WorkflowSubject.Fields"/> holds them: each value as JSON of its declared type.</summary>
    public Dictionary<string, JsonElement> ToFields() =>
        Properties(GetType()).ToDictionary(p => FieldName(p), p => JsonSerializer.SerializeToElement(p.GetValue(this), p.PropertyType),
            StringComparer.Ordinal);

    /// <summary>The names of the fields a record of this type produces.</summary>
    public static IReadOnlyList<string> Names(Type type) => Properties(type).Select(FieldName).ToList();

    /// <summary>The definitions a record of this type starts, by id.</summary>
    public static IReadOnlyList<string> DefinitionsStartedBy(Type type) =>
        type.GetCustomAttributes<StartsDefinitionAttribute>().Select(a => a.DefinitionId).ToList();

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).OrderBy(p => p.MetadataToken);

    private static string FieldName(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}

/// <summary>
/// Ties a subject's typed fields to a definition it starts, by the definition's id (kept across its versions): several
/// definitions may be about one subject type, each reading fields of its own.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class StartsDefinitionAttribute(string definitionId) : Attribute
{
    public string DefinitionId { get; } = definitionId;
}
