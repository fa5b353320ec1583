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
        foreach (var spec in ordered)
        {
            var step = Create(spec, document, settings);
            step.Id = index[spec.Id];
            step.Name = spec.Title ?? spec.Id;
            step.ExternalId = spec.Id;
            switch (spec.Type)
            {
                case StepTypes.Decision:
                    for (var i = 0; i < spec.Branches!.Count; i++)
                        step.Outcomes.Add(Outcome(StepOutcomes.Branch(i), index[spec.Branches[i].Next]));
                    step.Outcomes.Add(Outcome(StepOutcomes.Otherwise, index[spec.Otherwise!]));
                    break;
                case StepTypes.WaitForEvent when spec.Timeout is not null:
                    step.Outcomes.Add(Outcome(StepOutcomes.Received, index[spec.Next!]));
                    step.Outcomes.Add(Outcome(StepOutcomes.TimedOut, index[spec.OnTimeout!]));
                    break;
                case StepTypes.HumanTask or StepTypes.Approval:
                    foreach (var outcome in spec.Outcomes!)
                        step.Outcomes.Add(Outcome(outcome, index[spec.Routes![outcome]]));
                    if (spec.OnExpired is not null)
                        step.Outcomes.Add(Outcome(Tasks.TaskEvents.ExpiredOutcome, index[spec.OnExpired]));
                    break;
                case StepTypes.End:
                    break;
                case StepTypes.Parallel:
                    foreach (var path in spec.Paths!)
                        step.Children.Add(index[path]);
                    step.Outcomes.Add(new ValueOutcome { NextStep = index[spec.Next!] });
                    break;
                default:
                    step.Outcomes.Add(new ValueOutcome { NextStep = index[spec.Next!] });
                    break;
            }
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

    private static WorkflowStep Create(StepSpec spec, DefinitionDocument document, IReadOnlyDictionary<string, object?> settings) => spec.Type switch
    {
        StepTypes.SetStatus => new ConfiguredStep<SetStatusBody>(spec, document, settings),
        StepTypes.Decision => new ConfiguredStep<DecisionBody>(spec, document, settings),
        StepTypes.Timer => new ConfiguredStep<TimerBody>(spec, document, settings),
        StepTypes.WaitForEvent => new ConfiguredStep<WaitForEventBody>(spec, document, settings),
        StepTypes.Action => new ConfiguredStep<ActionBody>(spec, document, settings),
        StepTypes.End => new ConfiguredStep<EndBody>(spec, document, settings),
        StepTypes.HumanTask => new ConfiguredStep<Tasks.HumanTaskBody>(spec, document, settings),
        StepTypes.Approval => new ConfiguredStep<Tasks.ApprovalStageBody>(spec, document, settings),
        StepTypes.Notify => new ConfiguredStep<NotifyBody>(spec, document, settings),
        StepTypes.Parallel => new ConfiguredStep<ParallelBody>(spec, document, settings),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, "Unknown step type; the schema lists the known ones."),
    };

    private static IStepOutcome Outcome(string value, int next) => new ConstantOutcome(value, next);
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
