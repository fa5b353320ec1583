using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Vendors;

namespace SlaGovernance.Web.Pages.Assessments;

/// <summary>The assessment register: every vendor's due diligence with its risk and result, newest first; one vendor's with ?vendorId=.</summary>
public sealed class IndexModel(VendorAssessmentStore assessments, VendorStore vendors) : PageModel
{
    public IReadOnlyList<VendorAssessmentRow> Assessments { get; private set; } = [];
    public VendorRow? Vendor { get; private set; }

    public async Task OnGetAsync(Guid? vendorId, CancellationToken cancellationToken)
    {
        Vendor = vendorId is { } id ? await vendors.GetAsync(id, cancellationToken) : null;
        Assessments = await assessments.RegisterAsync(Vendor?.Id, cancellationToken);
    }
}
