using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Tasks;

/// <summary>My open tasks and my roles', overdue first, each naming its subject and what to do.</summary>
public sealed class TaskAttention(TaskStore tasks, TaskSubjects subjects, TimeProvider time) : IAttentionSource
{
    public AttentionSection Section { get; } = new("tasks", "My open tasks", 10,
        "Nothing is waiting for you or your roles. Tasks arrive here when a draft is submitted for approval or comes back to you.");

    public bool AppliesTo(AttentionViewer viewer) => true;

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var items = new List<AttentionItem>();
        foreach (var task in await tasks.InboxAsync(viewer.UserId, viewer.Roles, cancellationToken))
        {
            var next = task.ClosesOn is { } closesOn
                ? $"Revise the draft and submit it again; the task closes once it is {TaskWording.Closing(closesOn)}."
                : $"Decide: {string.Join(", ", task.OutcomeList.Select(OutcomeLabels.Label))}.";
            items.Add(new AttentionItem("task", $"{task.Title}: {await subjects.NameAsync(task, cancellationToken)}", task.DueAt, task.IsOverdue(now),
                $"/tasks/{task.Id}", next, task.Note ?? task.RouteReason));
        }
        return [.. items.OrderByDescending(i => i.Overdue).ThenBy(i => i.DueAt)];
    }
}

public static class TasksFeature
{
    public static WebApplicationBuilder AddTasks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TaskSubjects>();
        builder.Services.AddAttentionSource<TaskAttention>();
        return builder;
    }
}
