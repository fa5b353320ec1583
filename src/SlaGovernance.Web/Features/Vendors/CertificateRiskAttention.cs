using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Features.Vendors;

/// <summary>Expired certificates of vendors rated High or Critical that no later certificate of the same kind replaces: a risk flag each.</summary>
public sealed class CertificateRiskAttention(VendorCertificateStore certificates, VendorStore vendors, VendorOwners owners, TimeProvider time) : IAttentionSource
{
    public AttentionSection Section { get; } = new("certificate-risk", "Expired certificates of high and critical vendors", 60,
        "No high or critical vendor has an expired certificate. Record each renewed certificate on the vendor's profile as it arrives.");

    public bool AppliesTo(AttentionViewer viewer) => viewer.IsIn(Roles.VendorManager) || viewer.IsIn(Roles.Procurement) || viewer.IsIn(Roles.Admin);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var today = await owners.TodayAsync(time.GetUtcNow(), cancellationToken);
        var items = new List<AttentionItem>();
        foreach (var group in (await certificates.ExpiredAsync(today, cancellationToken)).GroupBy(c => c.VendorId))
        {
            var vendor = await vendors.GetAsync(group.Key, cancellationToken);
            if (vendor is null || vendor.IsArchived || vendor.RiskTier is not (RiskTier.High or RiskTier.Critical))
                continue;
            var all = await certificates.OfVendorAsync(vendor.Id, cancellationToken);
            foreach (var expired in group.Where(c => !all.Any(o => o.Kind == c.Kind && o.ValidUntil > c.ValidUntil)))
            {
                var kind = Enum.Parse<CertificateKind>(expired.Kind).Label();
                items.Add(new AttentionItem("expired-certificate", $"{vendor.Name}: {kind} expired on {expired.ValidUntil:d MMMM yyyy}",
                    new DateTimeOffset(expired.ValidUntil.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), true, $"/vendors/{vendor.Id}#certificates",
                    $"Ask {vendor.Name} for the renewed {kind} and record it on the vendor's profile.",
                    $"{vendor.Name} is rated {vendor.RiskTier.Label()}; issued by {expired.Issuer}."));
            }
        }
        return items;
    }
}
