using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Organisation;
using SlaGovernance.Data.Vendors;

namespace SlaGovernance.Web.Pages;

public sealed class IndexModel(OrganisationStore organisations, VendorStore vendors) : PageModel
{
    public string OrganisationName { get; private set; } = "";
    public long ActiveVendors { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        OrganisationName = (await organisations.GetAsync(cancellationToken))?.Name ?? "";
        ActiveVendors = (await vendors.ListAsync(new VendorQuery(null, false, new PageRequest(1, 1)), cancellationToken)).Total;
    }
}
