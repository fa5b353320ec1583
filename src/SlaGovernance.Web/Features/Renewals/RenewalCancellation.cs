using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Renewals;

/// <summary>
/// Cancels an agreement's open renewal cycles, with their open tasks withdrawn, in the caller's transaction; after it commits,
/// <see cref="StopCancelledAsync"/> terminates their workflows (a replay stops any that a crash left running).
/// </summary>
public sealed class RenewalCancellation(RenewalCycleStore cycles, TaskStore tasks, AuditLog audit, IWorkflowController workflows)
{
    /// <summary>Returns how many open cycles were cancelled.</summary>
    public async Task<int> CancelOpenAsync(UnitOfWork unit, Guid agreementId, string decision, string why, string by, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var cancelled = 0;
        foreach (var cycle in (await cycles.OfAgreementAsync(agreementId, cancellationToken)).Where(c => c.Status == RenewalCycleStatus.Open))
        {
            if (!await cycles.CloseAsync(unit, agreementId, cycle.TermEnd, RenewalCycleStatus.Cancelled, decision, by, now, cancellationToken))
                continue;
            if (cycle.WorkflowId is { } workflowId)
                await tasks.WithdrawOpenOfWorkflowAsync(unit, workflowId, ApprovalDecisions.WorkflowActor, $"{why}; its renewal is no longer decided.", now,
                    cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "renewal.cancelled", "Agreement", agreementId.ToString(),
                $"The renewal of the term ending {cycle.TermEnd:yyyy-MM-dd} is cancelled: {why}"), cancellationToken);
            cancelled++;
        }
        return cancelled;
    }

    public async Task StopCancelledAsync(Guid agreementId, CancellationToken cancellationToken)
    {
        foreach (var cycle in (await cycles.OfAgreementAsync(agreementId, cancellationToken)).Where(c => c is { Status: RenewalCycleStatus.Cancelled, WorkflowId: not null }))
            await workflows.TerminateWorkflow(cycle.WorkflowId!.Value.ToString());
    }
}
