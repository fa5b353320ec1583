using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

public sealed record EndInputs : StepInputs;

/// <summary>Ends the workflow, or one of a parallel step's paths.</summary>
public sealed class EndStep : StepType<EndInputs, EndBody>
{
    public override string Name => "end";

    protected override IEnumerable<StepRoute> Routes(EndInputs inputs) => [];
}

public sealed class EndBody : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context) => ExecutionResult.Next();
}
