using SlaGovernance.Data.Claims;
using SlaGovernance.Domain.Claims;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Features.Claims;

/// <summary>Credit claims still outstanding, for Finance (who records the credit notes), vendor managers and administrators.</summary>
public sealed class ClaimsAttention(CreditClaimStore claims) : IAttentionSource
{
    public AttentionSection Section { get; } = new("claims-outstanding", "Credit claims outstanding", 55,
        "No credit claim is outstanding. Claims open from a month's breach review; the claims page lists every claim.");

    public bool AppliesTo(AttentionViewer viewer) => viewer.IsIn(Roles.Finance) || viewer.IsIn(Roles.VendorManager) || viewer.IsIn(Roles.Admin);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken) =>
        [.. (await claims.ListAsync(null, null, null, cancellationToken)).Where(c => CreditClaimStatus.IsOutstanding(c.Status)).OrderBy(c => c.RequestedAt)
            .Select(c => new AttentionItem("credit-claim", $"{c.Reference} · {c.AgreementTitle}{(c.VendorName is null ? "" : $" with {c.VendorName}")}", null, false,
                $"/claims/{c.Id}",
                c.Status switch
                {
                    CreditClaimStatus.Sent => "Waiting for the vendor to acknowledge or dispute it.",
                    CreditClaimStatus.Disputed => "Disputed by the vendor: Legal decides it.",
                    _ => "Finance records the vendor's credit notes on the claim.",
                },
                $"{CreditClaims.Money(c.Outstanding, c.Currency)} outstanding of {CreditClaims.Money(c.Amount, c.Currency)} for {c.Period}; {CreditClaimStatus.Label(c.Status).ToLowerInvariant()}.")).Take(50)];
}
