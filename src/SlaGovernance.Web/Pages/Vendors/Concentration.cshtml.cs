using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Web.Features.Vendors;

namespace SlaGovernance.Web.Pages.Vendors;

public sealed class ConcentrationModel(VendorProfiles profiles) : PageModel
{
    /// <summary>How many critical agreements make a concentration; Vendors:ConcentrationThreshold unless the address names another.</summary>
    [BindProperty(SupportsGet = true, Name = "threshold")]
    public int? RequestedThreshold { get; set; }

    public int Threshold { get; private set; }
    public IReadOnlyList<Concentration> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Threshold = RequestedThreshold is >= 0 ? RequestedThreshold.Value : profiles.Threshold;
        Items = await profiles.ConcentrationsAsync(Threshold, cancellationToken);
    }
}
