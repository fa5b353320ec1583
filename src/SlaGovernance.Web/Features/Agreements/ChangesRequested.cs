using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>Why a version came back: the stage that asked for changes, who asked, when, and their comment.</summary>
public sealed record ChangesRequestedNotice(Guid AgreementId, string Title, int Version, int Round, string Stage, string By, DateTimeOffset At,
    string? Comment);

/// <summary>
/// Reads why a version is in Changes requested from the tasks of the round that sent it back, for the banner on the agreement
/// page and the drafter's start page.
/// </summary>
public sealed class ChangesRequestedNotices(AgreementStore agreements, TaskStore tasks)
{
    public async Task<ChangesRequestedNotice?> ForAsync(AgreementRow agreement, AgreementVersionRow version, CancellationToken cancellationToken = default)
    {
        if (version.Status != AgreementVersionStatus.ChangesRequested || version.WorkflowId is not { } workflowId)
            return null;
        var sentBack = (await tasks.OfWorkflowAsync(workflowId, cancellationToken))
            .Where(t => t.Status == WorkflowTaskStatus.Completed && t.ApproveOutcome is not null && t.Outcome != t.ApproveOutcome)
            .MaxBy(t => t.CompletedAt);
        return sentBack is null
            ? null
            : new ChangesRequestedNotice(agreement.Id, agreement.Title, version.Number, version.Round, sentBack.Title, sentBack.CompletedBy ?? "",
                sentBack.CompletedAt ?? sentBack.CreatedAt, sentBack.Comment);
    }

    public async Task<ChangesRequestedNotice?> ForAsync(Guid agreementId, CancellationToken cancellationToken = default) =>
        await agreements.GetAsync(agreementId, cancellationToken) is { } agreement
        && await agreements.GetVersionAsync(agreementId, agreement.CurrentVersion, cancellationToken) is { } version
            ? await ForAsync(agreement, version, cancellationToken)
            : null;
}
