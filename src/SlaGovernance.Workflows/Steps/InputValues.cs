using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace SlaGovernance.Workflows.Steps;

public enum InputKind
{
    SubjectField,
    Placeholders,
    Condition,
    ChecksItself,
}

/// <summary>A value of a step's inputs that names subject fields or checks itself, at its JSON path below the step.</summary>
public sealed record InputValue(string Path, InputKind Kind, object Value);

/// <summary>Reads what step inputs declare about their properties: their JSON names, and the values the checks look at.</summary>
public static class InputValues
{
    /// <summary>The properties a definition file sets, base type's first, each in the order it is declared.</summary>
    public static IEnumerable<PropertyInfo> Declared(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.DeclaringType != typeof(StepInputs))
            .OrderBy(p => Depth(p.DeclaringType!))
            .ThenBy(p => p.MetadataToken);

    public static string JsonName(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>Whether a value of this type is an object of its own whose properties are declared too.</summary>
    public static bool IsDeclaredObject(Type type) =>
        type.IsClass && type != typeof(string) && type.Assembly == typeof(StepInputs).Assembly;

    public static IEnumerable<InputValue> Of(object inputs, string path = "")
    {
        foreach (var property in Declared(inputs.GetType()))
        {
            if (property.GetValue(inputs) is not { } value)
                continue;
            var at = path.Length == 0 ? JsonName(property) : $"{path}.{JsonName(property)}";
            if (property.IsDefined(typeof(SubjectFieldAttribute)))
                yield return new(at, InputKind.SubjectField, value);
            if (property.IsDefined(typeof(PlaceholdersAttribute)))
                yield return new(at, InputKind.Placeholders, value);
            if (property.IsDefined(typeof(ConditionAttribute)))
                yield return new(at, InputKind.Condition, value);
            if (value is IChecksItself)
                yield return new(at, InputKind.ChecksItself, value);
            if (IsDeclaredObject(value.GetType()))
            {
                foreach (var inner in Of(value, at))
                    yield return inner;
            }
            else if (value is IList list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item && IsDeclaredObject(item.GetType()))
                    {
                        foreach (var inner in Of(item, $"{at}[{i}]"))
                            yield return inner;
                    }
                }
            }
        }
    }

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var t = type; t.BaseType is not null; t = t.BaseType)
            depth++;
        return depth;
    }
}
