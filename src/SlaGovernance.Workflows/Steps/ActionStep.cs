using System.ComponentModel;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

public sealed record ActionInputs(
    [property: Pattern("^[a-z][a-z0-9-]*$"), Description("A domain action registered by name.")] string Action,
    [property: StepId] string Next) : StepInputs;

/// <summary>Runs a named domain action registered through DI, such as generating the contract document.</summary>
public sealed class ActionStep : StepType<ActionInputs, ActionBody>
{
    public override string Name => "action";

    protected override IEnumerable<StepRoute> Routes(ActionInputs inputs) => [new(null, inputs.Next)];

    protected override IEnumerable<InputProblem> Check(ActionInputs inputs, DefinitionScope scope)
    {
        if (!scope.Actions.Contains(inputs.Action))
            yield return new("action", $"No domain action named '{inputs.Action}' is registered; known: {string.Join(", ", scope.Actions.Order())}.");
    }
}

public sealed class ActionBody(IEnumerable<IWorkflowAction> actions) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var configuration = context.Configuration();
        var inputs = context.Inputs<ActionInputs>();
        var action = actions.First(a => a.Name == inputs.Action);
        await action.RunAsync(new WorkflowActionContext(context.Subject(), context.Workflow.Id, configuration.Document.Id,
            configuration.Step.Id, context.IdempotencyKey()), context.CancellationToken);
        return ExecutionResult.Next();
    }
}
