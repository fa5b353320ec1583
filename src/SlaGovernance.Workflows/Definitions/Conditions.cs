using System.Globalization;
using NCalc;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Workflows.Definitions;

/// <summary>
/// Decision conditions in NCalc's expression language: comparisons, and/or/not, membership with "in". No code is
/// compiled or called: only NCalc's own functions below are allowed, and only the names the definition declares.
/// </summary>
public static class Conditions
{
    public static readonly IReadOnlySet<string> AllowedFunctions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "in", "if", "Abs", "Max", "Min", "Round" };

    /// <summary>Problems with a condition: it does not parse, calls a function not allowed, or reads an undeclared name.</summary>
    public static IEnumerable<string> Check(string condition, IReadOnlySet<string> knownNames)
    {
        var expression = new Expression(condition, CultureInfo.InvariantCulture);
        if (expression.HasErrors())
        {
            yield return $"The condition '{condition}' is not a valid expression: {expression.Error?.Message}";
            yield break;
        }
        foreach (var function in expression.GetFunctionNames().Where(f => !AllowedFunctions.Contains(f)))
            yield return $"The condition '{condition}' calls '{function}', which is not allowed; use only {string.Join(", ", AllowedFunctions)}.";
        foreach (var name in expression.GetParameterNames().Where(n => !knownNames.Contains(n)))
            yield return $"The condition '{condition}' reads '{name}', which is neither a subject field nor a setting of this definition.";
    }

    /// <summary>The names a condition reads: subject fields and settings.</summary>
    public static IEnumerable<string> Names(string condition) => new Expression(condition, CultureInfo.InvariantCulture).GetParameterNames();

    public static bool Evaluate(string condition, WorkflowSubject subject, IReadOnlyDictionary<string, object?> settings)
    {
        var expression = new Expression(condition, CultureInfo.InvariantCulture);
        foreach (var name in expression.GetParameterNames())
            expression.Parameters[name] = settings.TryGetValue(name, out var setting) ? setting : subject.FieldValue(name);
        return expression.Evaluate() is true;
    }
}
