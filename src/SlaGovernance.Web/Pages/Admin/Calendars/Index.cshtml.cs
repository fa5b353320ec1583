using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Calendars;

namespace SlaGovernance.Web.Pages.Admin.Calendars;

public sealed class IndexModel(BusinessCalendarStore calendars) : PageModel
{
    public IReadOnlyList<BusinessCalendarRow> Calendars { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Calendars = await calendars.ListAsync(cancellationToken);
}
