using System.Text.Json;
using Json.Schema;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Workflows.Definitions;

/// <summary>Checks a definition file against the published schema, then what a schema cannot say.</summary>
public sealed class DefinitionValidator
{
    private readonly JsonSchema _schema;
    private readonly IReadOnlySet<string> _actions;
    private readonly IReadOnlySet<string> _subjectsWithStatus;

    public DefinitionValidator(string schemaPath, IEnumerable<IWorkflowAction> actions, IEnumerable<IWorkflowSubjectStatus> statuses)
    {
        // A registry of its own, so that loading the schema again (another host, a test) does not clash with the global one.
        _schema = JsonSchema.FromFile(schemaPath, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
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

        var names = document.Subject.Fields.Concat(document.Settings?.Keys.AsEnumerable() ?? []).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < document.Steps.Count; i++)
        {
            var step = document.Steps[i];
            var path = $"$.steps[{i}]";
            foreach (var target in step.Targets.Where(t => !index.ContainsKey(t)))
                yield return new(file, path, $"Step '{step.Id}' leads to '{target}', which is not one of the steps.");
            foreach (var (duration, field) in new[] { (step.Delay, "delay"), (step.Timeout, "timeout") })
            {
                if (duration is { CountsBusinessDays: true } && (duration.Days ?? duration.Hours ?? duration.Minutes) is not null)
                    yield return new(file, $"{path}.{field}", "businessDays counts whole business days and cannot be combined with days, hours or minutes.");
            }
            switch (step.Type)
            {
                case StepTypes.Decision:
                    for (var b = 0; b < step.Branches!.Count; b++)
                    {
                        foreach (var problem in Conditions.Check(step.Branches[b].When, names))
                            yield return new(file, $"{path}.branches[{b}].when", problem);
                    }
                    break;
                case StepTypes.Action when !_actions.Contains(step.Action!):
                    yield return new(file, $"{path}.action", $"No domain action named '{step.Action}' is registered; known: {string.Join(", ", _actions.Order())}.");
                    break;
                case StepTypes.SetStatus when !_subjectsWithStatus.Contains(document.Subject.Type):
                    yield return new(file, $"{path}.status", $"Nothing can set the status of a {document.Subject.Type}; no status handler is registered for it.");
                    break;
                case StepTypes.HumanTask or StepTypes.Approval:
                    foreach (var (role, field) in new[] { (step.Role, "role"), (step.EscalateTo, "escalateTo") })
                    {
                        if (role is not null && !SlaGovernance.Domain.Identity.Roles.IsKnown(role))
                            yield return new(file, $"{path}.{field}", $"'{role}' is not a role; use one of {string.Join(", ", SlaGovernance.Domain.Identity.Roles.All)}.");
                    }
                    if ((step.Type == StepTypes.Approval || step.ApproveOutcome is not null) && !step.Outcomes!.Contains(step.EffectiveApproveOutcome))
                        yield return new(file, $"{path}.approveOutcome", $"The approving outcome '{step.EffectiveApproveOutcome}' is not one of the step's outcomes.");
                    if (step.AssigneeField is not null && !document.Subject.Fields.Contains(step.AssigneeField))
                        yield return new(file, $"{path}.assigneeField", $"'{step.AssigneeField}' is not a field of the subject {document.Subject.Type}.");
                    foreach (var (timeField, name) in new[] { (step.DueAt, "dueAt"), (step.ExpiresAt, "expiresAt") })
                    {
                        if (timeField is not null && !document.Subject.Fields.Contains(timeField))
                            yield return new(file, $"{path}.{name}", $"'{timeField}' is not a field of the subject {document.Subject.Type}.");
                    }
                    if (step.DueAt is not null && step.RemindBeforeBusinessDays is { Count: > 0 })
                        yield return new(file, $"{path}.remindBeforeBusinessDays", "Reminders count business days back from a due date given in business days; a task due at a subject's date ('dueAt') has none.");
                    if (step.ExpiresAt is not null && step.Outcomes!.Contains(Tasks.TaskEvents.ExpiredOutcome))
                        yield return new(file, $"{path}.outcomes", $"'{Tasks.TaskEvents.ExpiredOutcome}' is what a task that expires answers; name the people's outcome differently.");
                    foreach (var before in (step.RemindBeforeBusinessDays ?? []).Where(d => d >= (step.DueInBusinessDays ?? Tasks.HumanTaskBody.DefaultDueInBusinessDays)))
                        yield return new(file, $"{path}.remindBeforeBusinessDays", $"A reminder {before} business days before the due date would come before the task opens; the task is due in {step.DueInBusinessDays ?? Tasks.HumanTaskBody.DefaultDueInBusinessDays}.");
                    foreach (var outcome in step.Outcomes!.Where(o => !step.Routes!.ContainsKey(o)))
                        yield return new(file, $"{path}.routes", $"The outcome '{outcome}' has no route; say which step follows it.");
                    foreach (var route in step.Routes!.Keys.Where(r => !step.Outcomes!.Contains(r)))
                        yield return new(file, $"{path}.routes.{route}", $"'{route}' is not one of the step's outcomes.");
                    foreach (var required in (step.CommentRequiredFor ?? []).Where(c => !step.Outcomes!.Contains(c)))
                        yield return new(file, $"{path}.commentRequiredFor", $"'{required}' is not one of the step's outcomes.");
                    break;
                case StepTypes.Notify:
                    if (step.CalendarDate is not null && !document.Subject.Fields.Contains(step.CalendarDate))
                        yield return new(file, $"{path}.calendarDate", $"'{step.CalendarDate}' is not a field of the subject {document.Subject.Type}.");
                    foreach (var (text, field) in new[] { (step.Subject!, "subject"), (step.Body!, "body"), (step.CalendarSummary ?? "", "calendarSummary") })
                    {
                        foreach (var name in Activities.NotifyBody.Placeholders(text).Where(n => !document.Subject.Fields.Contains(n) && !Activities.NotifyBody.BuiltIn.Contains(n)))
                            yield return new(file, $"{path}.{field}", $"The placeholder {{{name}}} is not a field of the subject {document.Subject.Type}.");
                    }
                    break;
                case StepTypes.Timer when step.Until is not null && !document.Subject.Fields.Contains(step.Until):
                    yield return new(file, $"{path}.until", $"'{step.Until}' is not a field of the subject {document.Subject.Type}.");
                    break;
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
            if (step.Type != StepTypes.Parallel)
                continue;
            foreach (var start in step.Paths!)
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
