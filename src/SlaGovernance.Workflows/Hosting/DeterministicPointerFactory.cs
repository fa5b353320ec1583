using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Hosting;

/// <summary>
/// Gives each execution pointer an id derived from the pointer that led to it, instead of a new random one. A pass
/// replayed after a crash then creates the same pointers again, so a step's idempotency key (instance and pointer id)
/// is the same on every attempt: the task it opened, the email it queued, the status it set are found, not repeated.
/// This holds however many steps one pass runs before it is saved.
/// </summary>
public sealed class DeterministicPointerFactory(IExecutionPointerFactory inner) : IExecutionPointerFactory
{
    public ExecutionPointer BuildGenesisPointer(WorkflowDefinition def) => inner.BuildGenesisPointer(def);

    public ExecutionPointer BuildNextPointer(WorkflowDefinition def, ExecutionPointer pointer, IStepOutcome outcomeTarget)
    {
        var next = inner.BuildNextPointer(def, pointer, outcomeTarget);
        next.Id = IdFor($"next/{pointer.Id}/{outcomeTarget.NextStep}");
        return next;
    }

    public ExecutionPointer BuildChildPointer(WorkflowDefinition def, ExecutionPointer pointer, int childDefinitionId, object branch)
    {
        // WorkflowCore adds the child's id to its parent; the child's place among its siblings tells it apart from them.
        var child = inner.BuildChildPointer(def, pointer, childDefinitionId, branch);
        var index = pointer.Children.Count - 1;
        child.Id = IdFor($"child/{pointer.Id}/{childDefinitionId}/{index}");
        pointer.Children[index] = child.Id;
        return child;
    }

    public ExecutionPointer BuildCompensationPointer(WorkflowDefinition def, ExecutionPointer pointer, ExecutionPointer exceptionPointer,
        int compensationStepId)
    {
        var compensation = inner.BuildCompensationPointer(def, pointer, exceptionPointer, compensationStepId);
        compensation.Id = IdFor($"compensate/{exceptionPointer.Id}/{pointer.Id}/{compensationStepId}");
        return compensation;
    }

    private static string IdFor(string path) => DeterministicIds.From(path).ToString();
}
