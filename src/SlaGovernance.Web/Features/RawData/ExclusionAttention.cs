using SlaGovernance.Data.RawData;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Features.RawData;

/// <summary>Force majeure and third-party exclusions vendors proposed, on Legal's start page until Legal decides them.</summary>
public sealed class ExclusionAttention(RawDataStore store) : IAttentionSource
{
    public AttentionSection Section { get; } = new("exclusions-for-legal", "Exclusions awaiting Legal", 35,
        "No force-majeure or third-party exclusion awaits a decision. Vendors propose them with their raw data.");

    public bool AppliesTo(AttentionViewer viewer) => viewer.IsIn(Roles.Legal);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken) =>
        [.. (await store.ProposedOfTypesAsync(nameof(ExclusionType.ForceMajeure), nameof(ExclusionType.ThirdParty), cancellationToken)).Select(e => new AttentionItem("exclusion-for-legal",
            $"{e.Title}: {EnumLabels.Label<ExclusionType>(e.ExclusionType).ToLowerInvariant()} exclusion proposed by {e.UploadedBy}", null, false,
            $"/agreements/{e.AgreementId}/data#exclusion-{e.Id}",
            "Read it against the contract, then accept or reject it with your reason.",
            $"{e.StartedAt:yyyy-MM-dd HH:mm} to {e.EndedAt:yyyy-MM-dd HH:mm} UTC: {e.Reason}"))];
}
