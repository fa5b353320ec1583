using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Definitions;

/// <summary>Turns a validated definition document into WorkflowCore's in-memory definition.</summary>
public static class DefinitionCompiler
{
    public static WorkflowDefinition Compile(DefinitionDocument document)
    {
        var settings = (document.Settings ?? []).ToDictionary(s => s.Key, s => WorkflowSubject.ToScalar(s.Value), StringComparer.Ordinal);
        // WorkflowCore starts at the step with id 0, so the start step goes first.
        var ordered = document.Steps.OrderBy(s => s.Id == document.Start ? 0 : 1).ToList();
        var index = ordered.Select((step, i) => (step.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        var steps = new WorkflowStepCollection();
        foreach (var definitionStep in ordered)
        {
            var step = definitionStep.StepType.Compile(definitionStep, document, settings);
            step.Id = index[definitionStep.Id];
            step.Name = definitionStep.Title ?? definitionStep.Id;
            step.ExternalId = definitionStep.Id;
            foreach (var path in definitionStep.StepType.Paths(definitionStep.Inputs))
                step.Children.Add(index[path]);
            foreach (var route in definitionStep.Routes)
                step.Outcomes.Add(route.Outcome is null
                    ? new ValueOutcome { NextStep = index[route.Target] }
                    : new ConstantOutcome(route.Outcome, index[route.Target]));
            steps.Add(step);
        }
        return new WorkflowDefinition
        {
            Id = document.Id,
            Version = document.Version,
            Description = document.Title,
            DataType = typeof(WorkflowSubject),
            Steps = steps,
            DefaultErrorBehavior = WorkflowErrorHandling.Retry,
            DefaultErrorRetryInterval = TimeSpan.FromSeconds(30),
        };
    }
}

/// <summary>
/// An outcome matched by its constant value. WorkflowCore's ValueOutcome compiles its lambda on every match, several
/// times per transition; a definition's outcomes are constants, so they are compared directly.
/// </summary>
public sealed class ConstantOutcome(string value, int next) : IStepOutcome
{
    private readonly string _value = value;

    public int NextStep { get; set; } = next;

    public string Label { get; set; } = value;

    public string? ExternalNextStepId { get; set; }

    public bool Matches(ExecutionResult executionResult, object data) => Equals(_value, executionResult.OutcomeValue);

    public bool Matches(object data) => false;
}
