using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Web.Features.Compliance;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Vendors;

/// <summary>A vendor's compliance across its agreements, from the latest revision of each reported period.</summary>
[Authorize(Policy = Policies.Reader)]
public sealed class ScorecardModel(VendorStore vendors, VendorScorecards scorecards, SlaGovernance.Data.Claims.CreditClaimStore claims) : PageModel
{
    public VendorRow? Vendor { get; private set; }
    public VendorScorecard Scorecard { get; private set; } = new([], []);

    /// <summary>The vendor's credit claims: claimed, settled and outstanding per year and currency.</summary>
    public IReadOnlyList<SlaGovernance.Web.Features.Claims.ClaimTotalDto> Claims { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Vendor = await vendors.GetAsync(id, cancellationToken);
        if (Vendor is null)
            return NotFound();
        Scorecard = await scorecards.OfVendorAsync(id, cancellationToken);
        Claims = SlaGovernance.Web.Features.Claims.ClaimTotalDto.Of(await claims.ListAsync(null, id, null, cancellationToken));
        return Page();
    }
}
