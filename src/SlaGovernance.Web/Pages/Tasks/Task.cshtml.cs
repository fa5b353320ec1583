using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features.Tasks;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Pages.Tasks;

public sealed class TaskModel(TaskStore tasks, TaskCompletion completion, TaskRouting routing, Features.Agreements.AgreementRounds rounds,
    TimeProvider time) : PageModel
{
    /// <summary>For a task about an agreement: what its round changed since the round or version before.</summary>
    public Features.Agreements.RoundChanges? Changes { get; private set; }

    public TaskRow? Item { get; private set; }
    public bool CanAct { get; private set; }
    public bool CanReassign { get; private set; }

    [BindProperty]
    public string? ToUser { get; set; }

    [BindProperty]
    public string? ToRole { get; set; }

    [BindProperty]
    public string? Reason { get; set; }
    public DateTimeOffset Now { get; private set; }
    public string? Problem { get; private set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await completion.CompleteAsync(id, User.ToTaskActor(), Outcome, Comment, cancellationToken);
        if (result.Status == TaskCompletionStatus.Completed)
        {
            TempData["Flash"] = $"Done: {result.Task!.Title} — {Outcome}.";
            return Redirect("/tasks");
        }
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        if (result.Status == TaskCompletionStatus.Forbidden)
            Response.StatusCode = StatusCodes.Status403Forbidden;
        if (result.Status == TaskCompletionStatus.AlreadyCompleted)
            Response.StatusCode = StatusCodes.Status409Conflict;
        Problem = result.Message ?? string.Join(" ", result.Errors!.SelectMany(e => e.Value));
        return Page();
    }

    public Task<IActionResult> OnPostDelegateAsync(Guid id, CancellationToken cancellationToken) =>
        MoveAsync(id, () => routing.DelegateAsync(id, User.ToTaskActor(), ToUser, Reason, cancellationToken), "Delegated", cancellationToken);

    public Task<IActionResult> OnPostReassignAsync(Guid id, CancellationToken cancellationToken) =>
        MoveAsync(id, () => routing.ReassignAsync(id, User.ToTaskActor(), ToUser, ToRole, Reason, cancellationToken), "Reassigned", cancellationToken);

    private async Task<IActionResult> MoveAsync(Guid id, Func<Task<TaskMoveResult>> move, string done, CancellationToken cancellationToken)
    {
        var result = await move();
        if (result.Status == TaskMoveStatus.Moved)
        {
            TempData["Flash"] = $"{done}: {result.Task!.Title}.";
            return Redirect("/tasks");
        }
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Response.StatusCode = result.Status switch
        {
            TaskMoveStatus.Forbidden => StatusCodes.Status403Forbidden,
            TaskMoveStatus.NotOpen => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        Problem = result.Message ?? string.Join(" ", result.Errors!.SelectMany(e => e.Value));
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Item = await tasks.GetAsync(id, cancellationToken);
        if (Item is null)
            return false;
        CanAct = TaskCompletion.MayAct(Item, User.ToTaskActor());
        CanReassign = TaskRouting.MayReassign(Item, User.ToTaskActor());
        if (!(CanAct || CanReassign || User.IsInRole(Roles.Auditor)))
            return false;
        if (Item.SubjectType == "Agreement")
            Changes = await rounds.ForWorkflowAsync(Item.WorkflowId, cancellationToken);
        return true;
    }
}
