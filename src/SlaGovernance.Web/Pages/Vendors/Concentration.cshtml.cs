using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Web.Features.Vendors;

namespace SlaGovernance.Web.Pages.Vendors;

public sealed class ConcentrationModel(VendorProfiles profiles) : PageModel
{
    public int Threshold { get; private set; }
    public IReadOnlyList<Concentration> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Threshold = profiles.Threshold;
        Items = await profiles.ConcentrationsAsync(Threshold, cancellationToken);
    }
}
