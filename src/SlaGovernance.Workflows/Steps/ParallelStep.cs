using System.ComponentModel;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

public sealed record ParallelInputs(
    [property: MinItems(2), UniqueItems, StepId]
    [property: Description("The first step of each path. The paths run side by side; each ends at an 'end' step of its own, and 'next' follows when all have ended (the join).")]
    IReadOnlyList<string> Paths,
    [property: StepId] string Next) : StepInputs;

/// <summary>Runs its paths side by side and moves on when every one has reached its end (the join).</summary>
public sealed class ParallelStep : StepType<ParallelInputs, ParallelBody>
{
    public override string Name => "parallel";

    protected override IEnumerable<StepRoute> Routes(ParallelInputs inputs) => [new(null, inputs.Next)];

    protected override IEnumerable<string> Paths(ParallelInputs inputs) => inputs.Paths;
}

public sealed class ParallelBody : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context)
    {
        if (context.PersistenceData is null)
            return ExecutionResult.Branch([null], new ControlPersistenceData { ChildrenActive = true });
        return context.Workflow.IsBranchComplete(context.ExecutionPointer.Id)
            ? ExecutionResult.Next()
            : ExecutionResult.Persist(context.PersistenceData);
    }
}
