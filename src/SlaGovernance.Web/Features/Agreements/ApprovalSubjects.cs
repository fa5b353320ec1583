using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>Who drafted, edited or submitted the version a workflow decides: segregation of duties keeps them from deciding it.</summary>
public sealed class AgreementAuthors(AgreementStore agreements) : IWorkflowSubjectAuthors
{
    public string SubjectType => "Agreement";

    public async Task<IReadOnlyCollection<string>> AuthorsAsync(WorkflowSubject subject, CancellationToken cancellationToken) =>
        Guid.TryParse(subject.Id, out var id) && subject.FieldValue("version") is long number
            ? await agreements.EditorsAsync(id, (int)number, cancellationToken)
            : [];
}

/// <summary>
/// An operator re-running the approval of a version by hand: the subject is the version's latest submitted round as stored, with
/// its submitter as the requester, and only a version in approval whose own instance is no longer running can be taken over.
/// </summary>
public sealed class ApprovalStartedByHand(Database database, AgreementStore agreements, VendorStore vendors, IPersistenceProvider instances)
    : IWorkflowSubjectSource
{
    public string DefinitionId => SubmitForApproval.ApprovalDefinition;

    public async Task<StoredSubject> SubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subjectId, out var id) || await agreements.GetAsync(id, cancellationToken) is not { } agreement)
            return StoredSubject.Missing($"No agreement has id '{subjectId}'; sla-approval's subjectId is an agreement's id.");
        var version = (await agreements.GetVersionAsync(id, agreement.CurrentVersion, cancellationToken))!;
        if (version.Status != AgreementVersionStatus.InApproval)
            return StoredSubject.Refused($"Version {version.Number} of {agreement.Title} is {AgreementVersionStatus.Label(version.Status)}, not in approval; " +
                "a workflow decides only a version submitted for approval. Submit it from the agreement's page first.");
        if (version.WorkflowId is { } running && await instances.GetWorkflowInstance(running.ToString(), cancellationToken) is { } instance
            && instance.Status is WorkflowStatus.Runnable or WorkflowStatus.Suspended)
            return StoredSubject.Refused($"Version {version.Number} of {agreement.Title} is being decided by workflow {running}, which is still " +
                $"{instance.Status}; cancel it at /admin/workflows before starting its approval again.");
        var submission = (await agreements.SubmissionsAsync(id, cancellationToken))
            .LastOrDefault(s => s.VersionNumber == version.Number && s.Round == version.Round);
        if (submission is null)
            return StoredSubject.Refused($"Version {version.Number} of {agreement.Title} has no submitted round {version.Round} on record; submit it again.");
        var content = AgreementContent.FromJson(submission.Content);
        var riskTier = content.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.RiskTier.ToString() : null;
        return StoredSubject.Of(SubmitForApproval.Subject(submission.SubmittedBy, id, version.Number, version.Round, content, riskTier));
    }

    public async Task LinkAsync(WorkflowSubject subject, string workflowId, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(subject.Id);
        var number = (int)(long)subject.FieldValue("version")!;
        await using var unit = await database.BeginAsync(cancellationToken);
        var version = (await agreements.GetVersionAsync(unit, id, number, cancellationToken))!;
        await agreements.UpdateVersionAsync(unit, version with { WorkflowId = Guid.Parse(workflowId) }, cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}
