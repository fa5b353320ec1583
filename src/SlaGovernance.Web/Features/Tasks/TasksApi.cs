using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Tasks;

using TaskAnswer = Results<Ok<TaskDto>, NotFoundProblem, ForbiddenProblem, ConflictProblem, ValidationProblem>;

/// <summary>An outcome a person may give, with its label for a button.</summary>
public sealed record TaskOutcomeDto(string Value, string Label, bool CommentRequired);

/// <param name="Subject">What the task is about in words (an agreement's title, vendor and annual value); subjectType and subjectId otherwise.</param>
/// <param name="Stage">For an approval stage, its place on the route ("stage 2 of 4 routed", with the quorum when several votes decide).</param>
/// <param name="RouteReason">Why the request was routed to this stage, from the definition's decision branches.</param>
/// <param name="Note">The comment the task carries from an earlier answer, e.g. the changes an approver asked for.</param>
/// <param name="ClosesOn">Set when the application closes the task (e.g. "resubmitted" once the draft is submitted again); nobody answers it.</param>
public sealed record TaskDto(Guid Id, string Title, string SubjectType, string SubjectId, string? AssigneeRole, DateTimeOffset DueAt, bool Overdue,
    string Status, IReadOnlyList<string> Outcomes, IReadOnlyList<string> CommentRequiredFor, string? Outcome, string? Comment, string? CompletedBy,
    DateTimeOffset? CompletedAt, Guid WorkflowId, string DefinitionId, Guid? AssigneeUserId, Guid? ApprovalStageId, string? EscalateToRole,
    DateTimeOffset? EscalatedAt, string? Subject, string? Stage, int? StageNumber, int? StageCount, int? ApprovalsRequired, string? RouteReason,
    string? Note, string? ClosesOn, IReadOnlyList<TaskOutcomeDto> OutcomeChoices)
{
    public static TaskDto From(TaskRow task, DateTimeOffset now) => new(task.Id, task.Title, task.SubjectType, task.SubjectId, task.AssigneeRole,
        task.DueAt, task.IsOverdue(now), task.Status, task.OutcomeList, task.CommentRequiredList, task.Outcome,
        task.Comment, task.CompletedBy, task.CompletedAt, task.WorkflowId, task.DefinitionId, task.AssigneeUserId, task.GroupId, task.EscalateToRole,
        task.EscalatedAt, task.SubjectSummary, TaskWording.Stage(task), task.StageNumber, task.StageCount, task.ApprovalsRequired, task.RouteReason,
        task.Note, task.ClosesOn,
        task.OutcomeList.Select(o => new TaskOutcomeDto(o, OutcomeLabels.Label(o), task.CommentRequiredList.Contains(o))).ToList());
}

public sealed record CompleteTaskRequest
{
    /// <summary>One of the task's outcomes.</summary>
    [Required]
    public string? Outcome { get; init; }

    /// <summary>Required only for the outcomes the task lists in commentRequiredFor.</summary>
    public string? Comment { get; init; }
}

/// <summary>Gives the task to a person (toUser) or a role (toRole): one of the two.</summary>
public sealed record ReassignTaskRequest
{
    public string? ToUser { get; init; }
    public string? ToRole { get; init; }
    public string? Reason { get; init; }
}

public sealed record DelegateTaskRequest
{
    [Required]
    public string? ToUser { get; init; }

    public string? Reason { get; init; }
}

public static class TaskActors
{
    public static TaskActor ToTaskActor(this ClaimsPrincipal user) =>
        new(user.UserId()!.Value, user.UserName(), user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
}

public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tasks").WithTags("Tasks").RequireAuthorization(Policies.Reader);
        group.MapGet("/", Inbox).WithName("ListMyTasks").WithSummary("Open tasks for me and my roles, soonest due first")
            .WithDescription("Answers with an ETag. Send it back as If-None-Match to get 304 while nothing changed; add `Prefer: wait=N` " +
                             "(seconds, at most 30) to hold the request until the inbox changes or N seconds pass, instead of polling.");
        group.MapGet("/{id:guid}", Get).WithName("GetTask").WithSummary("One task, if it is mine or my roles'");
        group.MapPost("/{id:guid}/complete", Complete).WithName("CompleteTask")
            .WithSummary("Complete a task with one of its outcomes (and a comment where the outcome needs one); 409 if already completed");
        group.MapPost("/{id:guid}/reassign", Reassign).WithName("ReassignTask")
            .WithSummary("Give an open task to a person or a role; Admin, or a member of the task's escalation role");
        group.MapPost("/{id:guid}/delegate", Delegate).WithName("DelegateTask")
            .WithSummary("Hand a task you hold to another active member of its role, for example while you are away");
        return api;
    }

    /// <summary>How often a waiting inbox request reads again for changes made on another node, which are not signalled here.</summary>
    public static readonly TimeSpan InboxRecheck = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan InboxMaxWait = TimeSpan.FromSeconds(30);

    private static async Task<Results<Ok<List<TaskDto>>, NotModified>> Inbox(TaskStore tasks, InboxChanges changes, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var actor = context.User.ToTaskActor();
        var known = context.Request.Headers.IfNoneMatch.ToString();
        var wait = InboxETags.RequestedWait(context.Request.Headers["Prefer"].ToString(), InboxMaxWait);
        if (wait > TimeSpan.Zero)
            context.Response.Headers["Preference-Applied"] = $"wait={(int)wait.TotalSeconds}";
        var until = time.GetUtcNow() + wait;
        var first = true;
        while (true)
        {
            // Taken before the read, so a change committed between the read and the wait still wakes it.
            using var watch = changes.Start(actor.UserId, actor.Roles);
            // A waiting reader coming back with the ETag this node last gave them, with no change to their inbox signalled
            // since, goes straight to waiting: a reader woken by someone else's task in a shared role inbox would otherwise
            // read it twice, once to answer and again when it comes back. Another node's changes are seen at the next
            // re-read, within InboxRecheck, as for any wait.
            if (first && wait > TimeSpan.Zero && changes.Unchanged(watch, known))
                context.Response.Headers.ETag = known;
            else
            {
                var inbox = await tasks.InboxAsync(actor.UserId, actor.Roles, cancellationToken);
                var etag = InboxETags.For(inbox);
                changes.Read(watch, etag);
                context.Response.Headers.ETag = etag;
                if (!InboxETags.Matches(known, etag))
                {
                    var now = time.GetUtcNow();
                    return TypedResults.Ok(inbox.Select(t => TaskDto.From(t, now)).ToList());
                }
            }
            first = false;
            var remaining = until - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
                return new NotModified();
            await Task.WhenAny(watch.Changed, Task.Delay(remaining < InboxRecheck ? remaining : InboxRecheck, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static async Task<Results<Ok<TaskDto>, NotFoundProblem>> Get(Guid id, TaskStore tasks, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var task = await tasks.GetAsync(id, cancellationToken);
        var user = context.User;
        if (task is null || !(TaskCompletion.MayAct(task, user.ToTaskActor()) || TaskRouting.MayReassign(task, user.ToTaskActor())
                              || user.IsInRole(Domain.Identity.Roles.Auditor)))
            return new NotFoundProblem($"No task of yours has id {id}.");
        return TypedResults.Ok(TaskDto.From(task, time.GetUtcNow()));
    }

    private static async Task<TaskAnswer> Complete(Guid id, CompleteTaskRequest request, TaskCompletion completion, TimeProvider time,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await completion.CompleteAsync(id, context.User.ToTaskActor(), request.Outcome, request.Comment, cancellationToken);
        return result.Status switch
        {
            TaskCompletionStatus.Completed => TypedResults.Ok(TaskDto.From(result.Task!, time.GetUtcNow())),
            TaskCompletionStatus.NotFound => new NotFoundProblem(result.Message!),
            TaskCompletionStatus.Forbidden => new ForbiddenProblem(result.Message!, "Not yours to decide"),
            TaskCompletionStatus.AlreadyCompleted => new ConflictProblem(result.Message!, "Already completed"),
            _ => TypedResults.ValidationProblem(result.Errors!, title: "The completion has invalid fields"),
        };
    }

    private static async Task<TaskAnswer> Reassign(Guid id, ReassignTaskRequest request, TaskRouting routing, TimeProvider time,
        HttpContext context, CancellationToken cancellationToken) =>
        Moved(await routing.ReassignAsync(id, context.User.ToTaskActor(), request.ToUser, request.ToRole, request.Reason, cancellationToken), time);

    private static async Task<TaskAnswer> Delegate(Guid id, DelegateTaskRequest request, TaskRouting routing, TimeProvider time,
        HttpContext context, CancellationToken cancellationToken) =>
        Moved(await routing.DelegateAsync(id, context.User.ToTaskActor(), request.ToUser, request.Reason, cancellationToken), time);

    private static TaskAnswer Moved(TaskMoveResult result, TimeProvider time) => result.Status switch
    {
        TaskMoveStatus.Moved => TypedResults.Ok(TaskDto.From(result.Task!, time.GetUtcNow())),
        TaskMoveStatus.NotFound => new NotFoundProblem(result.Message!),
        TaskMoveStatus.Forbidden => new ForbiddenProblem(result.Message!, "Not allowed"),
        TaskMoveStatus.NotOpen => new ConflictProblem(result.Message!, "The task is not open"),
        _ => TypedResults.ValidationProblem(result.Errors!, title: "The move has invalid fields"),
    };
}

/// <summary>An inbox's ETag names the tasks in it and who holds them, so any change to what a person sees changes it.</summary>
public static class InboxETags
{
    public static string For(IReadOnlyList<TaskRow> inbox)
    {
        var text = string.Join("\n", inbox.Select(t => $"{t.Id:N}|{t.Status}|{t.AssigneeRole}|{t.AssigneeUserId:N}|{t.DueAt.UtcTicks}|{t.EscalatedAt?.UtcTicks}"));
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        // Weak: the representation also says whether each task is overdue, which changes with the clock alone.
        return $"W/\"inbox-{Convert.ToHexStringLower(hash, 0, 12)}\"";
    }

    /// <summary>If-None-Match compared weakly, as RFC 9110 asks for GET: a list of tags, or *.</summary>
    public static bool Matches(string ifNoneMatch, string etag)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch))
            return false;
        var opaque = Opaque(etag);
        return ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || Opaque(t) == opaque);
    }

    /// <summary>The wait asked for with RFC 7240's <c>Prefer: wait=N</c>, in seconds, capped; zero when not asked.</summary>
    public static TimeSpan RequestedWait(string prefer, TimeSpan max)
    {
        foreach (var preference in prefer.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = preference.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].Equals("wait", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(parts[1].Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                return TimeSpan.FromSeconds(Math.Min(seconds, max.TotalSeconds));
        }
        return TimeSpan.Zero;
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
