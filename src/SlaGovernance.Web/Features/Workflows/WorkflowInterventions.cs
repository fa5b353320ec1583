using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Features.Workflows;

/// <summary>An administrator resuming or cancelling an instance; each is audited.</summary>
public sealed class WorkflowInterventions(IWorkflowController controller, IPersistenceProvider store, Database database, AuditLog audit)
{
    public Task<CommandResult<WorkflowStatus>> ResumeAsync(Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, "workflow.resumed", controller.ResumeWorkflow, status => status == WorkflowStatus.Suspended,
            "Only a suspended instance can be resumed.", cancellationToken);

    public Task<CommandResult<WorkflowStatus>> CancelAsync(Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, "workflow.cancelled", controller.TerminateWorkflow,
            status => status is WorkflowStatus.Runnable or WorkflowStatus.Suspended,
            "Only an instance that has not finished can be cancelled.", cancellationToken);

    private async Task<CommandResult<WorkflowStatus>> ChangeAsync(Guid id, string actor, string action, Func<string, Task<bool>> change,
        Func<WorkflowStatus, bool> allowed, string refusal, CancellationToken cancellationToken)
    {
        var instance = await store.GetWorkflowInstance(id.ToString(), cancellationToken);
        if (instance is null)
            return CommandResult<WorkflowStatus>.NotFound($"No workflow instance has id {id}.");
        // WorkflowCore would "terminate" a finished instance too, so the status is checked here.
        if (!allowed(instance.Status) || !await change(id.ToString()))
            return CommandResult<WorkflowStatus>.Stale(instance.Status, $"{refusal} This one is {instance.Status}.");
        await using var unit = await database.BeginAsync(cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, action, "WorkflowInstance", id.ToString(),
            $"{action} for {instance.WorkflowDefinitionId} v{instance.Version} (was {instance.Status})"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<WorkflowStatus>.Ok((await store.GetWorkflowInstance(id.ToString(), cancellationToken)).Status);
    }
}
