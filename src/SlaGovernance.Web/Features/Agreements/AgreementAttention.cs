using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Workflows.Operations;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>Drafts I submitted that came back with requested changes, with who asked for what.</summary>
public sealed class ReturnedDraftsAttention(AgreementStore agreements, ChangesRequestedNotices notices) : IAttentionSource
{
    public AttentionSection Section { get; } = new("returned-drafts", "Drafts returned to me", 20,
        "No draft of yours is waiting for changes. When an approver asks for changes, the draft and their comment appear here.");

    public bool AppliesTo(AttentionViewer viewer) => AgreementAttention.Drafts(viewer);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var items = new List<AttentionItem>();
        foreach (var version in await agreements.SubmittedByAsync(viewer.UserName, AgreementVersionStatus.ChangesRequested, cancellationToken))
        {
            if (await agreements.GetAsync(version.AgreementId, cancellationToken) is not { } agreement || agreement.CurrentVersion != version.Number)
                continue;
            var notice = await notices.ForAsync(agreement, version, cancellationToken);
            items.Add(new AttentionItem("returned-draft", $"{agreement.Title}, version {version.Number}", null, false,
                $"/agreements/{agreement.Id}", "Make the requested changes and submit the draft again.",
                notice is null ? "Changes were requested." : $"{notice.By} asked for changes at {notice.Stage}: {notice.Comment}"));
        }
        return items;
    }
}

/// <summary>Drafts I submitted that are in approval, with the stage they wait at and who holds it.</summary>
public sealed class WaitingApprovalsAttention(AgreementStore agreements, ApprovalProgress progress) : IAttentionSource
{
    public AttentionSection Section { get; } = new("waiting-approvals", "Approvals I am waiting on", 30,
        "None of your drafts is in approval. Submit a draft from its agreement page to start its approval.");

    public bool AppliesTo(AttentionViewer viewer) => AgreementAttention.Drafts(viewer);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var items = new List<AttentionItem>();
        foreach (var version in await agreements.SubmittedByAsync(viewer.UserName, AgreementVersionStatus.InApproval, cancellationToken))
        {
            if (await agreements.GetAsync(version.AgreementId, cancellationToken) is not { } agreement)
                continue;
            var run = version.WorkflowId is { } workflowId ? await progress.ReadAsync(workflowId, cancellationToken) : null;
            var where = run?.Current is { } stage
                ? $"Stage {stage.Number} of {run.Stages.Count}: {stage.Title}, with {stage.Role}" +
                  (stage.ApprovalsRequired > 1 ? $" ({stage.ApprovalsGiven} of {stage.ApprovalsRequired} votes)" : "")
                : "Between stages; the next opens within moments.";
            items.Add(new AttentionItem("waiting-approval", $"{agreement.Title}, version {version.Number}", run?.Current?.DueAt, false,
                $"/agreements/{agreement.Id}", "Nothing to do until the stage decides; you are told by email.", where));
        }
        return items;
    }
}

internal static class AgreementAttention
{
    /// <summary>Those who draft and submit agreements.</summary>
    public static bool Drafts(AttentionViewer viewer) => viewer.IsIn(Roles.Procurement) || viewer.IsIn(Roles.VendorManager) || viewer.IsIn(Roles.Admin);
}
