using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Operations;

namespace SlaGovernance.Web.Pages.Workflows;

[Authorize(Policy = Policies.Reader)]
public sealed class TimelineModel(WorkflowJournal journal) : PageModel
{
    public Journal? Item { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Item = await journal.ReadAsync(id, cancellationToken);
        return Item is null ? NotFound() : Page();
    }
}
