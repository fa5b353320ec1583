using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Changes;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>
/// The decisions of workflows/change-request.json's <c>setStatus</c> steps: Approved and Rejected decide the request and its proposed
/// version and free the agreement for its next request; ChangesRequested returns both to the requester. Once per step
/// (idempotency key), audited; only the request's own instance decides it.
/// </summary>
public sealed class ChangeRequestDecisions(Database database, ChangeRequestStore changes, AgreementStore agreements, AuditLog audit,
    DomainEvents events, TimeProvider time) : IWorkflowSubjectStatus
{
    private static readonly string[] Decisions = [ChangeRequestStatus.Approved, ChangeRequestStatus.Rejected, AgreementVersionStatus.ChangesRequested];

    public string SubjectType => SubmitChangeRequest.SubjectType;

    public async Task SetStatusAsync(WorkflowSubject subject, string status, string workflowId, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (!Decisions.Contains(status))
            throw new InvalidOperationException(
                $"'{status}' is not a decision on a change request; a change-request workflow sets one of {string.Join(", ", Decisions)}.");
        var id = Guid.Parse(subject.Id);
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        var request = await changes.GetAsync(unit, id, cancellationToken) ?? throw new InvalidOperationException($"No change request has id {id}.");
        if (!await agreements.RecordStatusChangeAsync(unit, idempotencyKey, request.AgreementId, status, now, cancellationToken))
            return;
        var agreement = (await agreements.GetAsync(unit, request.AgreementId, cancellationToken))!;
        if (request.Status != ChangeRequestStatus.InApproval || request.WorkflowId != Guid.Parse(workflowId))
            throw new InvalidOperationException(
                $"Workflow {workflowId} cannot decide {request.Reference} on {agreement.Title}: it is {ChangeRequestStatus.Label(request.Status)}" +
                (request.WorkflowId is { } owner ? $" under workflow {owner}" : "") + ". Cancel this instance; only the request's own workflow decides it.");
        var decided = status == AgreementVersionStatus.ChangesRequested
            ? request with { Status = ChangeRequestStatus.Draft }
            : request with { Status = status, DecidedAt = now };
        if (!await changes.UpdateAsync(unit, decided, cancellationToken))
            throw new InvalidOperationException($"{request.Reference} changed while it was being decided; the step is retried.");
        if (status != AgreementVersionStatus.ChangesRequested)
            await changes.ReleaseOpenAsync(unit, request, cancellationToken);
        if (request.ProposedVersion is { } number)
        {
            var version = (await agreements.GetVersionAsync(unit, request.AgreementId, number, cancellationToken))!;
            if (!await agreements.ChangeVersionStatusAsync(unit, request.AgreementId, number, version.Status, status, ApprovalDecisions.WorkflowActor, now,
                    status == AgreementVersionStatus.ChangesRequested ? null : now, cancellationToken))
                throw new InvalidOperationException($"Version {number} of {agreement.Title} changed while it was being decided; the step is retried.");
            if (status == AgreementVersionStatus.Approved)
                await events.AppendAsync(unit, new AgreementVersionApproved(request.AgreementId, number), cancellationToken);
        }
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "change-request.status", "ChangeRequest", id.ToString(),
            $"{request.Reference} on {agreement.Title} ({request.Class.Label().ToLowerInvariant()}): " +
            (status == AgreementVersionStatus.ChangesRequested ? "sent back for changes" : ChangeRequestStatus.Label(status).ToLowerInvariant()) +
            (request.ProposedVersion is { } v && status == ChangeRequestStatus.Approved ? $"; version {v} approved and frozen" : ""),
            request.Status, decided.Status), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>Who made a change request: its requester and everyone who drafted, edited or submitted its proposed version.</summary>
public sealed class ChangeRequestAuthors(ChangeRequestStore changes, AgreementStore agreements) : IWorkflowSubjectAuthors
{
    public string SubjectType => SubmitChangeRequest.SubjectType;

    public async Task<IReadOnlyCollection<string>> AuthorsAsync(WorkflowSubject subject, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subject.Id, out var id) || await changes.GetAsync(id, cancellationToken) is not { } request)
            return [];
        var editors = request.ProposedVersion is { } number ? await agreements.EditorsAsync(request.AgreementId, number, cancellationToken) : [];
        return editors.Append(request.RequestedBy).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}

/// <summary>
/// How tasks about a change request name it, in one line: "Managed hosting SLA · Hostly GmbH · CR-2, standard change: weakens 1
/// objective, adds 1 exclusion".
/// </summary>
public sealed class ChangeRequestTaskSummary(ChangeRequestStore changes, AgreementStore agreements, VendorStore vendors) : IWorkflowSubjectSummary
{
    public string SubjectType => SubmitChangeRequest.SubjectType;

    public async Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subject.Id, out var id) || await changes.GetAsync(id, cancellationToken) is not { } request
            || await agreements.GetAsync(request.AgreementId, cancellationToken) is not { } agreement)
            return null;
        var content = (await agreements.GetVersionAsync(request.AgreementId, request.BaseVersion, cancellationToken))?.Parsed;
        var vendor = content?.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.Name : null;
        var change = $"{request.Reference}, {request.Class.Label().ToLowerInvariant()} change" +
            (request.IsTermination ? $" from {request.EffectiveOn:yyyy-MM-dd}" : request.ImpactSummary is { } impact ? $": {Lower(impact)}" : "");
        return string.Join(" · ", new[] { agreement.Title, vendor, change }.Where(p => p is not null));
    }

    private static string Lower(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}

/// <summary>
/// An operator re-running the workflow of a change request by hand: the subject is the stored request in approval whose own
/// instance is no longer running, never fields from the request.
/// </summary>
public sealed class ChangeRequestStartedByHand(ChangeRequestStore changes, AgreementStore agreements, SubmitChangeRequest submit,
    IPersistenceProvider instances) : IWorkflowSubjectSource
{
    public string DefinitionId => SubmitChangeRequest.Definition;

    public async Task<StoredSubject> SubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subjectId, out var id) || await changes.GetAsync(id, cancellationToken) is not { } request)
            return StoredSubject.Missing($"No change request has id '{subjectId}'; change-request's subjectId is a change request's id.");
        var agreement = (await agreements.GetAsync(request.AgreementId, cancellationToken))!;
        if (request.Status != ChangeRequestStatus.InApproval || request.Impact is null)
            return StoredSubject.Refused($"{request.Reference} on {agreement.Title} is {ChangeRequestStatus.Label(request.Status).ToLowerInvariant()}, " +
                "not in approval; submit it from its page first.");
        if (request.WorkflowId is { } running && await instances.GetWorkflowInstance(running.ToString(), cancellationToken) is { } instance
            && instance.Status is WorkflowStatus.Runnable or WorkflowStatus.Suspended)
            return StoredSubject.Refused($"{request.Reference} is being decided by workflow {running}, which is still {instance.Status}; " +
                "cancel it at /admin/workflows before starting it again.");
        return StoredSubject.Of(await submit.SubjectAsync(request, agreement, ChangeImpact.FromJson(request.Impact), cancellationToken));
    }

    public async Task LinkAsync(WorkflowSubject subject, string workflowId, CancellationToken cancellationToken) =>
        await submit.LinkAsync((await changes.GetAsync(Guid.Parse(subject.Id), cancellationToken))!, Guid.Parse(workflowId), cancellationToken);
}
