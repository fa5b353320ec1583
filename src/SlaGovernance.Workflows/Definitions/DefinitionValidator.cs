using System.Text.Json;
using Json.Schema;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Steps;

namespace SlaGovernance.Workflows.Definitions;

/// <summary>
/// Checks a definition file against the schema the step types declare (<see cref="WorkflowSchema"/>), then what a schema
/// cannot say: the rules each step type checks, and that the fields its inputs name are the subject's.
/// </summary>
public sealed class DefinitionValidator
{
    private readonly JsonSchema _schema;
    private readonly IReadOnlySet<string> _actions;
    private readonly IReadOnlySet<string> _subjectsWithStatus;

    public DefinitionValidator(IEnumerable<IWorkflowAction> actions, IEnumerable<IWorkflowSubjectStatus> statuses)
    {
        // A registry of its own, so that loading the schema again (another host, a test) does not clash with the global one.
        _schema = JsonSchema.FromText(WorkflowSchema.Text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        _actions = actions.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        _subjectsWithStatus = statuses.Select(s => s.SubjectType).ToHashSet(StringComparer.Ordinal);
    }

    public (DefinitionDocument? Document, IReadOnlyList<DefinitionProblem> Problems) Validate(string file, string content)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            return (null, [new DefinitionProblem(file, $"line {e.LineNumber + 1}", "The file is not well-formed JSON: " + e.Message)]);
        }
        using (json)
        {
            var schemaProblems = SchemaProblems(file, json.RootElement);
            if (schemaProblems.Count > 0)
                return (null, schemaProblems);
            var document = json.RootElement.Deserialize<DefinitionDocument>(DefinitionDocument.Json)!;
            var problems = SemanticProblems(file, document).ToList();
            return (problems.Count == 0 ? document : null, problems);
        }
    }

    private List<DefinitionProblem> SchemaProblems(string file, JsonElement root)
    {
        var results = _schema.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];
        return (results.Details ?? [])
            .Where(d => !d.IsValid && d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => new DefinitionProblem(file, ToJsonPath(d.InstanceLocation.ToString()), $"{e.Value} ({e.Key})")))
            .Distinct()
            .ToList();
    }

    private IEnumerable<DefinitionProblem> SemanticProblems(string file, DefinitionDocument document)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < document.Steps.Count; i++)
        {
            if (!index.TryAdd(document.Steps[i].Id, i))
                yield return new(file, $"$.steps[{i}].id", $"The step id '{document.Steps[i].Id}' is used twice; step ids must be unique.");
        }
        if (!index.ContainsKey(document.Start))
            yield return new(file, "$.start", $"The start step '{document.Start}' is not one of the steps.");

        var fields = document.Subject.Fields.ToHashSet(StringComparer.Ordinal);
        var settings = (document.Settings?.Keys.AsEnumerable() ?? []).ToHashSet(StringComparer.Ordinal);
        var names = fields.Concat(settings).ToHashSet(StringComparer.Ordinal);
        var scope = new DefinitionScope(document.Subject.Type, fields, settings, _actions, _subjectsWithStatus);
        for (var i = 0; i < document.Steps.Count; i++)
        {
            var step = document.Steps[i];
            var path = $"$.steps[{i}]";
            foreach (var target in step.Targets.Where(t => !index.ContainsKey(t)))
                yield return new(file, path, $"Step '{step.Id}' leads to '{target}', which is not one of the steps.");
            foreach (var problem in step.StepType.Check(step.Inputs, scope))
                yield return new(file, At(path, problem.Path), problem.Rule);
            foreach (var value in InputValues.Of(step.Inputs))
            {
                foreach (var rule in Rules(value, document.Subject.Type, fields, names))
                    yield return new(file, At(path, value.Path), rule);
            }
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        if (index.ContainsKey(document.Start))
            pending.Push(document.Start);
        while (pending.TryPop(out var id))
        {
            if (!reached.Add(id) || !index.TryGetValue(id, out var at))
                continue;
            foreach (var target in document.Steps[at].Targets)
                pending.Push(target);
        }
        for (var i = 0; i < document.Steps.Count; i++)
        {
            if (!reached.Contains(document.Steps[i].Id))
                yield return new(file, $"$.steps[{i}]", $"Step '{document.Steps[i].Id}' can never be reached from the start step.");
        }
        foreach (var problem in PathProblems(file, document, index))
            yield return problem;
    }

    /// <summary>
    /// A parallel path must keep to itself: a step it shares with the main flow or with another path would run twice.
    /// </summary>
    private static IEnumerable<DefinitionProblem> PathProblems(string file, DefinitionDocument document, Dictionary<string, int> index)
    {
        HashSet<string> Reach(string from, bool enterPaths)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([from]);
            while (pending.TryPop(out var id))
            {
                if (!index.TryGetValue(id, out var at) || !seen.Add(id))
                    continue;
                foreach (var target in enterPaths ? document.Steps[at].Targets : document.Steps[at].FlowTargets)
                    pending.Push(target);
            }
            return seen;
        }

        var main = Reach(document.Start, enterPaths: false);
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Steps.Count; i++)
        {
            var step = document.Steps[i];
            foreach (var start in step.StepType.Paths(step.Inputs))
            {
                foreach (var id in Reach(start, enterPaths: true).Order(StringComparer.Ordinal))
                {
                    if (main.Contains(id))
                        yield return new(file, $"$.steps[{i}].paths", $"The path from '{start}' reaches '{id}', which the main flow also runs; end each path at an 'end' step of its own.");
                    else if (!claimed.TryAdd(id, start) && claimed[id] != start)
                        yield return new(file, $"$.steps[{i}].paths", $"The paths from '{claimed[id]}' and '{start}' both reach '{id}'; parallel paths may not share steps.");
                }
            }
        }
    }

    /// <summary>What a value naming subject fields, or checking itself, breaks.</summary>
    private static IEnumerable<string> Rules(InputValue value, string subjectType, IReadOnlySet<string> fields, IReadOnlySet<string> names) =>
        value.Kind switch
        {
            InputKind.SubjectField when !fields.Contains((string)value.Value) => [$"'{value.Value}' is not a field of the subject {subjectType}."],
            InputKind.Placeholders => Placeholders.Names((string)value.Value).Where(n => !fields.Contains(n) && !Placeholders.BuiltIn.Contains(n))
                .Select(n => $"The placeholder {{{n}}} is not a field of the subject {subjectType}."),
            InputKind.Condition => Conditions.Check((string)value.Value, names),
            InputKind.ChecksItself => ((IChecksItself)value.Value).Problems(),
            _ => [],
        };

    private static string At(string stepPath, string inputPath) => inputPath.Length == 0 ? stepPath : $"{stepPath}.{inputPath}";

    /// <summary>"/steps/2/next" as "$.steps[2].next".</summary>
    private static string ToJsonPath(string pointer)
    {
        if (string.IsNullOrEmpty(pointer) || pointer == "/")
            return "$";
        var path = "$";
        foreach (var segment in pointer.TrimStart('/').Split('/'))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            path += int.TryParse(name, out _) ? $"[{name}]" : $".{name}";
        }
        return path;
    }
}
