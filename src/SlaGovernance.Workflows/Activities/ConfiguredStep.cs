using SlaGovernance.Workflows.Definitions;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Activities;

/// <summary>A step compiled from a definition file; its body reads its configuration from here.</summary>
public interface IConfiguredStep
{
    StepSpec Spec { get; }
    DefinitionDocument Document { get; }
    IReadOnlyDictionary<string, object?> Settings { get; }
}

public sealed class ConfiguredStep<TBody>(StepSpec spec, DefinitionDocument document, IReadOnlyDictionary<string, object?> settings)
    : WorkflowStep<TBody>, IConfiguredStep
    where TBody : IStepBody
{
    public StepSpec Spec { get; } = spec;
    public DefinitionDocument Document { get; } = document;
    public IReadOnlyDictionary<string, object?> Settings { get; } = settings;
}

internal static class StepContext
{
    public static IConfiguredStep Configuration(this IStepExecutionContext context) => (IConfiguredStep)context.Step;

    public static WorkflowSubject Subject(this IStepExecutionContext context) => (WorkflowSubject)context.Workflow.Data;

    /// <summary>The same for every attempt of this step in this instance, so a replay after a crash is recognisable.</summary>
    public static string IdempotencyKey(this IStepExecutionContext context) => $"{context.Workflow.Id}/{context.ExecutionPointer.Id}";
}
