using System.ComponentModel;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Persistence;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

[Together("expiresAt", "onExpired")]
[NotBoth("dueAt", "dueInBusinessDays")]
public sealed record HumanTaskInputs : TaskStepInputs
{
    [Role, Description("The role whose members may complete the task (and within which it may be delegated).")]
    public override required string Role { get; init; }

    [SubjectField]
    [Description("A subject field holding the user name the task is assigned to; the role still bounds delegation. Without it the task is the role's.")]
    public string? AssigneeField { get; init; }

    [SubjectField, Description("A subject field holding the instant the task is due (then escalated); instead of dueInBusinessDays.")]
    public string? DueAt { get; init; }

    [SubjectField, Description("A subject field holding the instant the task closes unanswered; the workflow then follows onExpired.")]
    public string? ExpiresAt { get; init; }

    [StepId, Description("The step that follows when the task expires unanswered.")]
    public string? OnExpired { get; init; }

    [Pattern("^[a-z][a-z-]*$")]
    [Description("An outcome no person gives: the task closes with it when the application reports it for the subject, e.g. 'resubmitted' when the draft is submitted again.")]
    public string? ClosesOn { get; init; }

    [Description("The task carries the latest comment answered in this run (who asked what, and when), shown on the task and in its email.")]
    public bool? CarryComment { get; init; }

    [SubjectField, Description("A subject field holding the user name of a person copied on the email that opens the task, e.g. the agreement's owner.")]
    public string? CopyToField { get; init; }

    [SubjectField]
    [Description("A subject field holding an escalation path (a list of {level, contact, afterMinutes}: a role, a user name or an email address, reached that many minutes after the due time); once overdue the task climbs it a level at a time, each level told once. Works beside escalateTo; an empty path adds nothing.")]
    public string? EscalationPathField { get; init; }

    /// <summary>The outcomes a person may give: all but the one the application gives by closing the task.</summary>
    public IReadOnlyList<string> PeoplesOutcomes => Outcomes.Where(o => o != ClosesOn).ToList();
}

/// <summary>One task for a role or a person, answered once with one of its outcomes; it may expire at a subject's instant.</summary>
public sealed class HumanTaskStep : StepType<HumanTaskInputs, HumanTaskBody>
{
    public override string Name => "humanTask";

    protected override IEnumerable<StepRoute> Routes(HumanTaskInputs inputs) => inputs.OnExpired is { } onExpired
        ? inputs.OutcomeRoutes().Append(new StepRoute(TaskEvents.ExpiredOutcome, onExpired))
        : inputs.OutcomeRoutes();

    protected override IEnumerable<InputProblem> Check(HumanTaskInputs inputs, DefinitionScope scope)
    {
        if (inputs.ClosesOn is { } closesOn && !inputs.Outcomes.Contains(closesOn))
            yield return new("closesOn", $"'{closesOn}' is not one of the step's outcomes; the task closes with one of them.");
        if (inputs.ExpiresAt is not null && inputs.Outcomes.Contains(TaskEvents.ExpiredOutcome))
            yield return new("outcomes", $"'{TaskEvents.ExpiredOutcome}' is what a task that expires answers; name the people's outcome differently.");
        foreach (var problem in inputs.Problems())
            yield return problem;
    }
}

/// <summary>
/// Opens a task for a role (or the person a subject field names), due after N business days, and waits until someone
/// eligible completes it. The task and its email are written in the transaction that saves the wait.
/// </summary>
public sealed class HumanTaskBody(TaskStore tasks, TaskNotices notices, UserStore users, BusinessTime businessTime, IDateTimeProvider clock,
    IEventRepository events, DapperPersistenceProvider store, TaskContexts contexts) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var pointer = context.ExecutionPointer;
        var taskId = TaskEvents.TaskIdFor(context.IdempotencyKey());
        if (pointer.EventPublished && pointer.EventData is TaskCompleted completed)
            return ExecutionResult.Outcome(completed.Outcome);
        if (pointer.EventPublished && pointer.EventData is TaskExpired)
        {
            // Closed unanswered, unless an answer won the race: then the answer counts, and its own event finds no waiter.
            if (await tasks.ExpireAsync(taskId, Guid.Parse(context.Workflow.Id), new DateTimeOffset(clock.UtcNow, TimeSpan.Zero), context.CancellationToken))
                return ExecutionResult.Outcome(TaskEvents.ExpiredOutcome);
            var answered = await tasks.GetAsync(taskId, context.CancellationToken);
            return ExecutionResult.Outcome(answered?.Outcome ?? TaskEvents.ExpiredOutcome);
        }

        var inputs = context.Inputs<HumanTaskInputs>();
        var subject = context.Subject();
        var since = pointer.StartTime ?? clock.UtcNow;
        var schedule = inputs.DueAt is { } dueField
            ? await TaskSchedule.AtAsync(inputs, subject.InstantOf(dueField), since, businessTime, context.CancellationToken)
            : await TaskSchedule.ForAsync(inputs, since, businessTime, context.CancellationToken);
        Guid? userId = null;
        if (inputs.AssigneeField is { } field && subject.FieldValue(field) is string userName)
            userId = await users.FindByUserNameAsync(userName, context.CancellationToken) is { IsActive: true } user ? user.Id : null;
        var task = TaskRows.New(context, taskId, since, schedule, inputs.Role, userId, groupId: null,
            await contexts.ForAsync(context, inputs.CarryComment == true));
        if (inputs.ExpiresAt is { } expiresField)
            await ScheduleExpiryAsync(taskId, subject, expiresField, context.CancellationToken);
        // Looked up now, so the saving transaction holds the instance's row no longer than its own writes take.
        var recipients = await notices.HoldersAsync(task, context.CancellationToken);
        if (inputs.CopyToField is { } copyField && subject.FieldValue(copyField) is string copied)
            recipients = recipients.Concat(await notices.PersonAsync(copied, context.CancellationToken)).DistinctBy(r => r.Address.ToUpperInvariant()).ToList();
        Func<UnitOfWork, CancellationToken, Task<bool>> open = (unit, cancellationToken) =>
            tasks.OpenAsync(unit, task, (_, opened) => notices.OpenedAsync(unit, opened, recipients, cancellationToken), cancellationToken);
        if (inputs.ExpiresAt is null)
            // Only a person completing this task answers on its key, and nobody sees the task before its wait is subscribed.
            store.SaveWithInstance(context.Workflow, TaskEvents.Completed, taskId.ToString(), open);
        else
            // The expiry, stored above, is an answer that may already be due before the save.
            store.SaveWithInstance(context.Workflow, open);
        Failpoints.Hit("human-task-after-open");
        return ExecutionResult.WaitForEvent(TaskEvents.Completed, taskId.ToString(), TaskEvents.SubscribeFrom);
    }

    /// <summary>The expiry is the task's own completion event dated in the future; its id comes from the task, so a replay adds none.</summary>
    private async Task ScheduleExpiryAsync(Guid taskId, WorkflowSubject subject, string field, CancellationToken cancellationToken)
    {
        var id = TaskEvents.ExpiryEventIdFor(taskId).ToString();
        if (await events.GetEvent(id, cancellationToken) is not null)
            return;
        await events.CreateEvent(new Event
        {
            Id = id,
            EventName = TaskEvents.Completed,
            EventKey = taskId.ToString(),
            EventData = new TaskExpired(taskId),
            EventTime = subject.InstantOf(field).UtcDateTime,
        }, cancellationToken);
    }
}
