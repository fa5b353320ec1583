using System.ComponentModel;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

public sealed record Branch(
    [property: TextLength(Min = 1), Condition]
    [property: Description("An NCalc condition over subject fields and settings, e.g. annualValue > financeThreshold.")]
    string When,
    [property: StepId] string Next,
    [property: TextLength(Min = 1, Max = 300)]
    [property: Description("Why the branch sends the request where it does, in words for the people it reaches, e.g. 'The annual value is above the Finance threshold.'; shown on their task.")]
    string? Reason = null);

public sealed record DecisionInputs(
    [property: MinItems(1)] IReadOnlyList<Branch> Branches,
    [property: StepId] string Otherwise) : StepInputs;

/// <summary>Follows the first branch whose condition holds, or 'otherwise'.</summary>
public sealed class DecisionStep : StepType<DecisionInputs, DecisionBody>
{
    public const string Otherwise = "otherwise";

    public static string BranchOutcome(int index) => $"branch-{index}";

    public override string Name => "decision";

    protected override IEnumerable<StepRoute> Routes(DecisionInputs inputs) =>
        inputs.Branches.Select((branch, i) => new StepRoute(BranchOutcome(i), branch.Next)).Append(new StepRoute(Otherwise, inputs.Otherwise));
}

public sealed class DecisionBody : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context)
    {
        var branches = context.Inputs<DecisionInputs>().Branches;
        for (var i = 0; i < branches.Count; i++)
        {
            if (Conditions.Evaluate(branches[i].When, context.Subject(), context.Configuration().Settings))
                return ExecutionResult.Outcome(DecisionStep.BranchOutcome(i));
        }
        return ExecutionResult.Outcome(DecisionStep.Otherwise);
    }
}
