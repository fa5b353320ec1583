using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Changes;
using SlaGovernance.Data.Events;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>
/// change-request-effective: on an approved amendment's effective date (the workflow's timer), whether its version is signed. The
/// answer goes into the subject's fields ('signed', and 'governsFrom', the day the version governs: its effective date, or the day
/// it was signed when that is later) for the definition to route on: signed, the switch is audited and announced; not, Procurement
/// gets a task that closes once the signature is recorded (<see cref="AmendmentsFollowSignatures"/>), and this step runs again.
/// Reading and auditing once per step (its idempotency key), a replay changes nothing.
/// </summary>
public sealed class ChangeRequestEffectiveAction(Database database, ChangeRequestStore changes, AgreementStore agreements,
    AgreementDocumentStore documents, AuditLog audit, TimeProvider time) : IWorkflowAction
{
    public string Name => "change-request-effective";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var request = await ChangeRequestActions.ApprovedAsync(changes, context, cancellationToken);
        if (request.ProposedVersion is not { } number || request.EffectiveOn is not { } effectiveOn)
            throw new InvalidOperationException($"{request.Reference} proposes no version with an effective date; change-request-effective does not apply.");
        var signature = await documents.SignatureAsync(request.AgreementId, number, cancellationToken);
        context.Subject.Fields["signed"] = JsonSerializer.SerializeToElement(signature is not null);
        if (signature is null)
        {
            context.Subject.Fields["governsFrom"] = JsonSerializer.SerializeToElement<string?>(null);
            return;
        }
        var governsFrom = signature.SignedOn > effectiveOn ? signature.SignedOn : effectiveOn;
        context.Subject.Fields["governsFrom"] = JsonSerializer.SerializeToElement($"{governsFrom:yyyy-MM-dd}");
        var agreement = (await agreements.GetAsync(request.AgreementId, cancellationToken))!;
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await agreements.RecordStatusChangeAsync(unit, context.IdempotencyKey, request.AgreementId, "InForce", time.GetUtcNow(), cancellationToken))
            return;
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "change-request.in-force", "ChangeRequest", request.Id.ToString(),
            $"Version {number} of {agreement.Title} ({request.Reference}) governs from {governsFrom:yyyy-MM-dd}: effective {effectiveOn:yyyy-MM-dd}, " +
            $"signed {signature.SignedOn:yyyy-MM-dd}. Version {request.BaseVersion} stays as it was for the time before."), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// A signed version proposed by an approved change request closes the request's "Record the signature of the amendment" task,
/// if its effective date came first; the workflow then finds it signed.
/// </summary>
public sealed class AmendmentsFollowSignatures(ChangeRequestStore changes, TaskClosing closing) : DomainEventSubscriber<AgreementSigned>
{
    public const string Signed = "signed";

    protected override async Task HandleAsync(AgreementSigned signed, CancellationToken cancellationToken)
    {
        if (await changes.OfVersionAsync(signed.AgreementId, signed.Version, cancellationToken) is { Status: ChangeRequestStatus.Approved } request)
            await closing.CloseAsync(SubmitChangeRequest.SubjectType, request.Id.ToString(), Signed, ApprovalDecisions.WorkflowActor, cancellationToken);
    }
}
