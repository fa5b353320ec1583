using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Renewals;

[Authorize(Policy = Policies.RenewalReader)]
public sealed class IndexModel(RenewalCalendar calendar, RenewalSourceStore sources) : PageModel
{
    public RenewalReport Report { get; private set; } = new(default, "UTC", []);
    public RenewalFilter Filter { get; private set; } = new(null, null, null);
    public IReadOnlyDictionary<Guid, string> Vendors { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync(string? owner, Guid? vendorId, string? costCentre, CancellationToken cancellationToken)
    {
        Filter = new RenewalFilter(owner, vendorId, costCentre);
        Report = await calendar.ReportAsync(Filter, cancellationToken);
        Vendors = await sources.VendorNamesAsync(cancellationToken);
    }

    public string ExportLink(string extension) => $"/api/v1/renewals.{extension}" + (Filter.Query() is { Length: > 0 } q ? "?" + q : "");
}
