using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features.Tasks;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Pages.Tasks;

public sealed class TaskModel(TaskStore tasks, TaskCompletion completion, TaskRouting routing, Features.Agreements.AgreementRounds rounds,
    Features.Agreements.ApprovalSummaries summaries, TaskSubjects subjects, Features.Changes.ChangeRequestQueries changeRequests, TimeProvider time)
    : PageModel
{
    /// <summary>For a task about a change request: the request and its agreement.</summary>
    public Features.Changes.ChangeRequestView? ChangeRequest { get; private set; }

    /// <summary>For a decision on a change request: what it does to the agreement, as stored when it was submitted.</summary>
    public SlaGovernance.Domain.Changes.ChangeImpact? ChangeImpact { get; private set; }

    /// <summary>For a task about an agreement: what the round asks to approve.</summary>
    public Features.Agreements.ApprovalSummaryView? Summary { get; private set; }

    /// <summary>The subject in words, e.g. the agreement's title, vendor and annual value.</summary>
    public string Subject { get; private set; } = "";

    /// <summary>"vote 1 of quorum 2" for a stage several approvals decide.</summary>
    public string? Vote { get; private set; }

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
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        if (Item!.Status == WorkflowTaskStatus.Open && CanAct && Refusal(Item) is { } refusal)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Problem = refusal;
            return Page();
        }
        var result = await completion.CompleteAsync(id, User.ToTaskActor(), Outcome, Comment, cancellationToken);
        if (result.Status == TaskCompletionStatus.Completed)
        {
            TempData["Flash"] = $"Done: {result.Task!.Title} — {OutcomeLabels.Label(Outcome!)}.";
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

    /// <summary>What the form refuses before anything is decided: no decision pressed, or a decision that needs a comment without one.</summary>
    private string? Refusal(TaskRow task)
    {
        var choices = string.Join(", ", task.OutcomeList.Select(o => $"\u201c{OutcomeLabels.Label(o)}\u201d"));
        if (string.IsNullOrWhiteSpace(Outcome))
            return $"No decision was made: press one of {choices}. A comment alone decides nothing.";
        if (!task.OutcomeList.Contains(Outcome))
            return $"\u201c{Outcome}\u201d is not a decision this task offers; press one of {choices}.";
        if (task.CommentRequiredList.Contains(Outcome) && string.IsNullOrWhiteSpace(Comment))
            return $"A comment is required to {OutcomeLabels.Label(Outcome).ToLowerInvariant()}: say why in the comment box, then press \u201c{OutcomeLabels.Label(Outcome)}\u201d again.";
        return null;
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
        Subject = await subjects.NameAsync(Item, cancellationToken);
        Vote = Item.Status == WorkflowTaskStatus.Open ? await subjects.VoteAsync(Item, cancellationToken) : null;
        // A task the application closes (revise the draft) asks for no decision on the round, so it shows neither.
        if (Item.SubjectType == "Agreement" && Item.ClosesOn is null)
        {
            Summary = await summaries.ForWorkflowAsync(Item.WorkflowId, cancellationToken);
            Changes = await rounds.ForWorkflowAsync(Item.WorkflowId, cancellationToken);
        }
        if (Item.SubjectType == Features.Changes.SubmitChangeRequest.SubjectType && Guid.TryParse(Item.SubjectId, out var changeId))
        {
            ChangeRequest = await changeRequests.GetAsync(changeId, cancellationToken);
            if (Item.ClosesOn is null && ChangeRequest?.Request is { IsTermination: false, Impact: { } impact })
                ChangeImpact = SlaGovernance.Domain.Changes.ChangeImpact.FromJson(impact);
        }
        return true;
    }
}
