using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace SlaGovernance.Web.Api;

/// <summary>
/// Refuses a JSON body holding null where its type says a value must be: an item of a list (<c>"slos": [null]</c>), a value of a
/// map, or a property of an object inside the body (<c>"tickets": [{ "priority": null }]</c>). The answer is 400 naming each such
/// field, before the handler runs. Top-level properties are left to the handlers, which say what each one needs.
/// </summary>
internal sealed class NullInsideBodyFilter(IOptions<JsonOptions> json) : IEndpointFilter
{
    private const int MaxDepth = 16;
    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly ConcurrentDictionary<Type, BodyProperty[]> Properties = new();

    private sealed record BodyProperty(PropertyInfo Property, string Name, bool Required, bool? ItemsRequired);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var bodyType = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (bodyType is null || !IsOurs(bodyType))
            return await next(context);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var argument in context.Arguments)
        {
            if (argument is not null && argument.GetType() == bodyType)
                Walk(argument, "", 0, errors, json.Value.SerializerOptions.PropertyNamingPolicy);
        }
        return errors.Count == 0 ? await next(context) : TypedResults.ValidationProblem(errors, title: "The request body holds null where a value is needed");
    }

    /// <summary>
    /// The same check for a body read another way (the JSON part of a multipart form): each field holding null where a value is
    /// needed, under <paramref name="prefix"/>.
    /// </summary>
    public static Dictionary<string, string[]> NullsInside(object value, string prefix, JsonNamingPolicy? naming)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (IsOurs(value.GetType()))
            Walk(value, prefix, 0, errors, naming);
        return errors;
    }

    private static void Walk(object value, string path, int depth, Dictionary<string, string[]> errors, JsonNamingPolicy? naming)
    {
        if (depth > MaxDepth || !IsOurs(value.GetType()))
            return;
        foreach (var property in Properties.GetOrAdd(value.GetType(), Describe))
        {
            var name = naming?.ConvertName(property.Name) ?? property.Name;
            var field = path.Length == 0 ? name : $"{path}.{name}";
            var current = property.Property.GetValue(value);
            if (current is null)
            {
                if (property.Required && depth > 0)
                    errors[field] = [$"{field} is null; give it a value."];
                continue;
            }
            if (current is string)
                continue;
            if (current is IDictionary map)
            {
                foreach (DictionaryEntry entry in map)
                {
                    var itemField = $"{field}.{entry.Key}";
                    if (entry.Value is null && property.ItemsRequired == true)
                        errors[itemField] = [$"{itemField} is null; give it a value or leave the key out."];
                    else if (entry.Value is not null)
                        Walk(entry.Value, itemField, depth + 1, errors, naming);
                }
                continue;
            }
            if (current is IEnumerable items)
            {
                var index = 0;
                foreach (var item in items)
                {
                    var itemField = $"{field}[{index}]";
                    if (item is null && property.ItemsRequired == true)
                        errors[itemField] = [$"Item {index} of {field} is null; remove it or give a value."];
                    else if (item is not null)
                        Walk(item, itemField, depth + 1, errors, naming);
                    index++;
                }
                continue;
            }
            Walk(current, field, depth + 1, errors, naming);
        }
    }

    private static bool IsOurs(Type type) => type.Namespace?.StartsWith("SlaGovernance", StringComparison.Ordinal) == true && type.IsClass;

    private static BodyProperty[] Describe(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && p.SetMethod is not null)
            .Select(p =>
            {
                var info = Nullability.Create(p);
                var item = info.ElementType ?? ItemOf(info);
                return new BodyProperty(p, p.Name, info.ReadState == NullabilityState.NotNull && !p.PropertyType.IsValueType,
                    item is null ? null : item.ReadState == NullabilityState.NotNull);
            }),
    ];

    /// <summary>The item of a generic list, or the value of a generic map (its last type argument).</summary>
    private static NullabilityInfo? ItemOf(NullabilityInfo info) =>
        info.GenericTypeArguments.Length > 0 && typeof(IEnumerable).IsAssignableFrom(info.Type) && info.Type != typeof(string)
            ? info.GenericTypeArguments[^1]
            : null;
}
