using System.Globalization;
using System.Text.Json;

namespace SlaGovernance.Domain.Agreements;

/// <summary>One difference between two contents: where (a readable path such as "slos[Hosting].target"), before and after.</summary>
public sealed record AgreementChange(string Path, string? Before, string? After)
{
    public string Kind => Before is null ? "Added" : After is null ? "Removed" : "Changed";
}

/// <summary>
/// What changed between two versions (or two rounds) of an agreement, field by field, as an approver reads it.
/// Objectives are matched by their service and segment, exclusions by type, escalation levels by level, so a reordered
/// or inserted item shows as that item alone rather than as a change to every item after it.
/// </summary>
public static class AgreementChanges
{
    public static IReadOnlyList<AgreementChange> Between(AgreementContent before, AgreementContent after)
    {
        var left = Flatten(before);
        var right = Flatten(after);
        var changes = new List<AgreementChange>();
        foreach (var (path, value) in left)
        {
            if (!right.TryGetValue(path, out var now))
                changes.Add(new AgreementChange(path, value, null));
            else if (!string.Equals(value, now, StringComparison.Ordinal))
                changes.Add(new AgreementChange(path, value, now));
        }
        foreach (var (path, value) in right)
        {
            if (!left.ContainsKey(path))
                changes.Add(new AgreementChange(path, null, value));
        }
        var order = right.Keys.Concat(left.Keys).Distinct().Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);
        return changes.OrderBy(c => order[c.Path]).ToList();
    }

    /// <summary>Every leaf value of the content by path; nulls are left out, so a field set for the first time shows as added.</summary>
    public static IReadOnlyDictionary<string, string> Flatten(AgreementContent content)
    {
        using var document = JsonDocument.Parse(content.ToJson());
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(document.RootElement, "", leaves);
        return leaves;
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, string> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", leaves);
                break;
            case JsonValueKind.Array:
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var key = KeyOf(item) ?? index.ToString(CultureInfo.InvariantCulture);
                    // Two items with the same key (two exclusions of one type) are told apart by their order among themselves.
                    var occurrence = seen[key] = seen.GetValueOrDefault(key) + 1;
                    Walk(item, $"{path}[{(occurrence == 1 ? key : $"{key} #{occurrence}")}]", leaves);
                    index++;
                }
                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                break;
            case JsonValueKind.String:
                leaves[path] = element.GetString()!;
                break;
            default:
                leaves[path] = element.GetRawText();
                break;
        }
    }

    /// <summary>The field that names an item of a list, where it has one.</summary>
    private static string? KeyOf(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return item.ValueKind == JsonValueKind.String ? item.GetString() : null;
        if (item.TryGetProperty("service", out var service) && service.ValueKind == JsonValueKind.String)
            return item.TryGetProperty("segment", out var segment) && segment.ValueKind == JsonValueKind.String
                ? $"{service.GetString()} / {segment.GetString()}"
                : service.GetString();
        foreach (var name in new[] { "priority", "type", "category", "level", "day" })
        {
            if (item.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        }
        return null;
    }
}
