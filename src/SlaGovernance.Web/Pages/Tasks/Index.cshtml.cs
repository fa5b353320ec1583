using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Web.Features.Tasks;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Pages.Tasks;

/// <summary>One inbox row as people read it: the task, its subject in words, its stage and why it was routed there.</summary>
public sealed record InboxRow(TaskRow Task, string Subject, string? Vote);

public sealed class IndexModel(TaskStore tasks, TaskSubjects subjects, TimeProvider time) : PageModel
{
    public IReadOnlyList<InboxRow> Tasks { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var actor = User.ToTaskActor();
        var rows = new List<InboxRow>();
        // The inbox is soonest due first, so overdue tasks already lead.
        foreach (var task in await tasks.InboxAsync(actor.UserId, actor.Roles, cancellationToken))
            rows.Add(new InboxRow(task, await subjects.NameAsync(task, cancellationToken), await subjects.VoteAsync(task, cancellationToken)));
        Tasks = rows;
    }
}
