using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Pages.Vendors;

public sealed class IndexModel(VendorStore vendors) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public bool IncludeArchived { get; set; }

    public Page<VendorRow> Vendors { get; private set; } = new([], 1, 25, 0);

    public bool CanEdit => Roles.VendorEditors.Any(User.IsInRole);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Vendors = await vendors.ListAsync(new VendorQuery(Search, IncludeArchived, PageRequest.Of(PageNumber, 25)), cancellationToken);

    public string PageLink(int page) =>
        $"/vendors?page={page}&search={Uri.EscapeDataString(Search ?? "")}&includeArchived={IncludeArchived.ToString().ToLowerInvariant()}";
}
