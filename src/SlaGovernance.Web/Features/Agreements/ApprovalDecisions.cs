using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>
/// The decisions the approval workflow's <c>setStatus</c> steps make on the round's version: Approved freezes it, Rejected
/// closes it, ChangesRequested returns it to its drafter for a new round. An agreement with no approved version yet follows its
/// version. Once per step (idempotency key), audited; an approval is told to other features as <see cref="AgreementVersionApproved"/>.
/// </summary>
public sealed class ApprovalDecisions(Database database, AgreementStore agreements, AuditLog audit, DomainEvents events, TimeProvider time)
    : IWorkflowSubjectStatus
{
    public const string WorkflowActor = "workflow";

    private static readonly string[] Decisions = [AgreementVersionStatus.Approved, AgreementVersionStatus.Rejected, AgreementVersionStatus.ChangesRequested];

    public string SubjectType => "Agreement";

    public async Task SetStatusAsync(WorkflowSubject subject, string status, string workflowId, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (!Decisions.Contains(status))
            throw new InvalidOperationException(
                $"'{status}' is not a decision on an agreement version; an approval workflow sets one of {string.Join(", ", Decisions)}.");
        var id = Guid.Parse(subject.Id);
        var number = subject.FieldValue("version") is long n ? (int)n : throw new InvalidOperationException("The workflow subject has no version field.");
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await agreements.RecordStatusChangeAsync(unit, idempotencyKey, id, status, now, cancellationToken))
            return;
        var agreement = await agreements.GetAsync(unit, id, cancellationToken) ?? throw new InvalidOperationException($"No agreement has id {id}.");
        var version = await agreements.GetVersionAsync(unit, id, number, cancellationToken)
            ?? throw new InvalidOperationException($"{agreement.Title} has no version {number}.");
        // A workflow decides only the version in approval under it: one started by hand for another version, or a stale round, decides nothing.
        if (version.Status != AgreementVersionStatus.InApproval || version.WorkflowId != Guid.Parse(workflowId))
            throw new InvalidOperationException(
                $"Workflow {workflowId} cannot decide version {number} of {agreement.Title}: the version is {AgreementVersionStatus.Label(version.Status)}" +
                (version.WorkflowId is { } owner ? $" under workflow {owner}" : "") + ". Cancel this instance; only the version's own approval decides it.");
        var decided = status is AgreementVersionStatus.Approved or AgreementVersionStatus.Rejected ? now : (DateTimeOffset?)null;
        if (!await agreements.ChangeVersionStatusAsync(unit, id, number, version.Status, status, WorkflowActor, now, decided, cancellationToken))
            throw new InvalidOperationException($"Version {number} of {agreement.Title} changed while it was being decided; the step is retried.");
        // Before any version is approved the agreement shows where its version stands; afterwards a decision on a later version is a decision on a change.
        var agreementStatus = AgreementStatus.FollowsItsVersions(agreement.Status) ? status : agreement.Status;
        if (agreementStatus != agreement.Status
            && !await agreements.ChangeStatusAsync(unit, id, agreement.Status, agreementStatus, now, cancellationToken))
            throw new InvalidOperationException($"{agreement.Title} changed while its status was being set; the step is retried.");
        await audit.AppendAsync(unit, new AuditRecord(WorkflowActor, "agreement.status", "Agreement", id.ToString(),
            $"{agreement.Title} version {number}: {AgreementVersionStatus.Label(status)}" +
            (status == AgreementVersionStatus.Approved ? $" (frozen, SHA-256 {version.ContentHash})" : ""),
            agreement.Status, agreementStatus), cancellationToken);
        if (status == AgreementVersionStatus.Approved)
            await events.AppendAsync(unit, new AgreementVersionApproved(id, number), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}
