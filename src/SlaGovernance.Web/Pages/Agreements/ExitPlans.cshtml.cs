using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Web.Features.Exits;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>The exit-plan register: each agreement's latest plan, the missing ones that are required first, with the CSV and XLSX exports.</summary>
public sealed class ExitPlansModel(ExitPlanRegister register) : PageModel
{
    public IReadOnlyList<ExitPlanRegisterLine> Lines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Lines = await register.LinesAsync(cancellationToken);
}
