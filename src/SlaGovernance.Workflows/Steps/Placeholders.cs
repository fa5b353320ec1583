using System.Globalization;
using System.Text.RegularExpressions;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Workflows.Steps;

/// <summary>Text with {placeholders} naming subject fields, filled when a step runs.</summary>
public static partial class Placeholders
{
    /// <summary>Placeholders every definition may use besides its subject's fields; baseUrl is Email:PublicBaseUrl, for links.</summary>
    public static readonly IReadOnlySet<string> BuiltIn = new HashSet<string>(StringComparer.Ordinal) { "subjectType", "subjectId", "baseUrl" };

    [GeneratedRegex(@"\{([a-zA-Z][A-Za-z0-9]*)\}")]
    private static partial Regex Placeholder();

    public static IEnumerable<string> Names(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct();

    public static string Render(string text, WorkflowSubject subject, string baseUrl = "") => Placeholder().Replace(text, m => m.Groups[1].Value switch
    {
        "baseUrl" => baseUrl.TrimEnd('/'),
        "subjectType" => subject.Type,
        "subjectId" => subject.Id,
        var field => subject.FieldValue(field) switch
        {
            null => "",
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        },
    });
}
