using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

/// <summary>The inputs of one step type, as written in a definition file beside the step's id, type and title.</summary>
public abstract record StepInputs;

/// <summary>
/// Where a step leads: to <paramref name="Target"/> when its body answers <paramref name="Outcome"/>, or, for a null
/// outcome, whenever it moves on.
/// </summary>
public sealed record StepRoute(string? Outcome, string Target);

/// <summary>A rule a step's inputs break, at a JSON path below the step ("action", "branches[0].when"; "" for the step itself).</summary>
public sealed record InputProblem(string Path, string Rule);

/// <summary>What a definition offers its steps' checks: its subject, its settings, and what the host registered.</summary>
public sealed record DefinitionScope(string SubjectType, IReadOnlySet<string> SubjectFields, IReadOnlySet<string> Settings,
    IReadOnlySet<string> Actions, IReadOnlySet<string> SubjectsWithStatus);

/// <summary>
/// A kind of step a definition file can name, in the manner of Elsa's activities: its name, its typed inputs, the steps it
/// leads to, the rules its inputs follow that a schema cannot say, and the body that runs it. The schema, the validator
/// and the compiler are made from these declarations, so a new step type is one new class of this kind.
/// </summary>
public interface IStepType
{
    /// <summary>The value of "type" in a definition file.</summary>
    string Name { get; }

    Type InputsType { get; }

    Type BodyType { get; }

    IEnumerable<StepRoute> Routes(StepInputs inputs);

    /// <summary>The first steps of the paths it runs side by side, if it starts any.</summary>
    IEnumerable<string> Paths(StepInputs inputs);

    IEnumerable<InputProblem> Check(StepInputs inputs, DefinitionScope scope);

    WorkflowStep Compile(DefinitionStep step, DefinitionDocument document, IReadOnlyDictionary<string, object?> settings);
}

public abstract class StepType<TInputs, TBody> : IStepType
    where TInputs : StepInputs
    where TBody : IStepBody
{
    public abstract string Name { get; }

    public Type InputsType => typeof(TInputs);

    public Type BodyType => typeof(TBody);

    protected abstract IEnumerable<StepRoute> Routes(TInputs inputs);

    protected virtual IEnumerable<string> Paths(TInputs inputs) => [];

    protected virtual IEnumerable<InputProblem> Check(TInputs inputs, DefinitionScope scope) => [];

    IEnumerable<StepRoute> IStepType.Routes(StepInputs inputs) => Routes((TInputs)inputs);

    IEnumerable<string> IStepType.Paths(StepInputs inputs) => Paths((TInputs)inputs);

    IEnumerable<InputProblem> IStepType.Check(StepInputs inputs, DefinitionScope scope) => Check((TInputs)inputs, scope);

    WorkflowStep IStepType.Compile(DefinitionStep step, DefinitionDocument document, IReadOnlyDictionary<string, object?> settings) =>
        new ConfiguredStep<TBody>(step, document, settings);
}

/// <summary>Every step type of the runtime: each class in this assembly that declares one.</summary>
public static class StepTypes
{
    public static IReadOnlyList<IStepType> All { get; } = typeof(StepTypes).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IStepType).IsAssignableFrom(t))
        .Select(t => (IStepType)Activator.CreateInstance(t)!)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    private static readonly Dictionary<string, IStepType> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static IStepType? Named(string name) => ByName.GetValueOrDefault(name);
}
