using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;

namespace SlaGovernance.Web.Pages.Vendors;

/// <summary>The vendor form's fields, shared by the create and edit pages.</summary>
public sealed class VendorForm
{
    public string? Name { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? RiskTier { get; set; } = nameof(Domain.Vendors.RiskTier.Medium);
    public string? Notes { get; set; }
    public Guid? OwnerUserId { get; set; }

    public VendorInput ToInput() => new(Name, ContactName, ContactEmail, RiskTier, Notes, OwnerUserId);

    public static VendorForm From(VendorRow row) => new()
    {
        Name = row.Name,
        ContactName = row.ContactName,
        ContactEmail = row.ContactEmail,
        RiskTier = row.RiskTier.ToString(),
        Notes = row.Notes,
        OwnerUserId = row.OwnerUserId,
    };
}
