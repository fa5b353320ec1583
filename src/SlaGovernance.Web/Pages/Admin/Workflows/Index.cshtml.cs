using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Workflows.Operations;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Workflows;
using SlaGovernance.Web.Identity;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Pages.Admin.Workflows;

public sealed class IndexModel(WorkflowOperations operations, WorkflowInterventions interventions) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Definition { get; set; }

    [BindProperty(SupportsGet = true)]
    public WorkflowStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Faulted { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<DefinitionRow> Definitions { get; private set; } = [];
    public Page<InstanceSummaryRow> Instances { get; private set; } = new([], 1, 50, 0);
    public Dictionary<Guid, IReadOnlyList<ExecutionErrorRow>> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Definitions = await operations.DefinitionsAsync(cancellationToken);
        Instances = await operations.InstancesAsync(new InstanceQuery(Definition, Status, Faulted, PageRequest.Of(PageNumber, 50)), cancellationToken);
        foreach (var instance in Instances.Items.Where(i => i.ErrorCount > 0))
            Errors[instance.Id] = (await operations.ErrorsAsync(instance.Id, cancellationToken)).Take(3).ToList();
    }

    public async Task<IActionResult> OnPostResumeAsync(Guid id, CancellationToken cancellationToken) =>
        Done(await interventions.ResumeAsync(id, User.UserName(), cancellationToken), "resumed");

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken) =>
        Done(await interventions.CancelAsync(id, User.UserName(), cancellationToken), "cancelled");

    private IActionResult Done(CommandResult<WorkflowStatus> result, string done)
    {
        TempData["Flash"] = result.Status == CommandStatus.Ok ? $"The instance was {done}." : result.Message;
        return Redirect("/admin/workflows");
    }
}
