using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Web.Features.Tasks;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Pages.Tasks;

public sealed class IndexModel(TaskStore tasks, TimeProvider time) : PageModel
{
    public IReadOnlyList<TaskRow> Tasks { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var actor = User.ToTaskActor();
        Tasks = await tasks.InboxAsync(actor.UserId, actor.Roles, cancellationToken);
    }
}
