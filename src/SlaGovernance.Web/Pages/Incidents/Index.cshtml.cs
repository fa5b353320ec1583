using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Incidents;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Incidents;

/// <summary>The incident list: open ones first, major ones marked, each with its services and times.</summary>
[Authorize(Policy = Policies.Reader)]
public sealed class IndexModel(IncidentStore incidents) : PageModel
{
    public IReadOnlyList<IncidentRow> Incidents { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Incidents = [.. (await incidents.ListAsync(cancellationToken)).OrderBy(i => i.ResolvedAt is not null).ThenByDescending(i => i.StartedAt)];
}
