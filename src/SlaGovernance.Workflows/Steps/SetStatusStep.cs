using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

public sealed record SetStatusInputs(
    [property: Pattern("^[A-Z][A-Za-z]*$")] string Status,
    [property: StepId] string Next) : StepInputs;

/// <summary>Sets the subject's status through the handler registered for its type, once per step execution.</summary>
public sealed class SetStatusStep : StepType<SetStatusInputs, SetStatusBody>
{
    public override string Name => "setStatus";

    protected override IEnumerable<StepRoute> Routes(SetStatusInputs inputs) => [new(null, inputs.Next)];

    protected override IEnumerable<InputProblem> Check(SetStatusInputs inputs, DefinitionScope scope)
    {
        if (!scope.SubjectsWithStatus.Contains(scope.SubjectType))
            yield return new("status", $"Nothing can set the status of a {scope.SubjectType}; no status handler is registered for it.");
    }
}

public sealed class SetStatusBody(IEnumerable<IWorkflowSubjectStatus> handlers) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var subject = context.Subject();
        var handler = handlers.First(h => h.SubjectType == subject.Type);
        await handler.SetStatusAsync(subject, context.Inputs<SetStatusInputs>().Status, context.Workflow.Id, context.IdempotencyKey(), context.CancellationToken);
        return ExecutionResult.Next();
    }
}
