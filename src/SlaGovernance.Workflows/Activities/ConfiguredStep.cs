using SlaGovernance.Workflows.Definitions;
using SlaGovernance.Workflows.Steps;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Activities;

/// <summary>A step compiled from a definition file; its body reads its configuration from here.</summary>
public interface IConfiguredStep
{
    DefinitionStep Step { get; }
    DefinitionDocument Document { get; }
    IReadOnlyDictionary<string, object?> Settings { get; }
}

public sealed class ConfiguredStep<TBody>(DefinitionStep step, DefinitionDocument document, IReadOnlyDictionary<string, object?> settings)
    : WorkflowStep<TBody>, IConfiguredStep
    where TBody : IStepBody
{
    public DefinitionStep Step { get; } = step;
    public DefinitionDocument Document { get; } = document;
    public IReadOnlyDictionary<string, object?> Settings { get; } = settings;
}

internal static class StepContext
{
    public static IConfiguredStep Configuration(this IStepExecutionContext context) => (IConfiguredStep)context.Step;

    /// <summary>The typed inputs the running step's type declares.</summary>
    public static TInputs Inputs<TInputs>(this IStepExecutionContext context) where TInputs : StepInputs =>
        (TInputs)context.Configuration().Step.Inputs;

    public static WorkflowSubject Subject(this IStepExecutionContext context) => (WorkflowSubject)context.Workflow.Data;

    /// <summary>The same for every attempt of this step in this instance, so a replay after a crash is recognisable.</summary>
    public static string IdempotencyKey(this IStepExecutionContext context) => $"{context.Workflow.Id}/{context.ExecutionPointer.Id}";
}
