using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using SlaGovernance.Workflows.Persistence;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Tasks;

/// <summary>What completing a task (or deciding an approval stage) hands to the waiting step.</summary>
public sealed record TaskCompleted(string Outcome, string? Comment, string CompletedBy);

/// <summary>Scheduled for a task's 'expiresAt': delivered on the task's own key at that instant unless an answer came first.</summary>
public sealed record TaskExpired(Guid TaskId);

public static class TaskEvents
{
    public const string Completed = "task-completed";

    /// <summary>The outcome a task answers when it expires unanswered; its definition routes it with 'onExpired'.</summary>
    public const string ExpiredOutcome = "expired";

    /// <summary>The expiry of one task has one event id, so a replayed step schedules it once and a reschedule finds it.</summary>
    public static Guid ExpiryEventIdFor(Guid taskId) => new(MD5.HashData(Encoding.UTF8.GetBytes("task-expired/" + taskId)));

    /// <summary>The task of one step execution has one id, whatever attempt of the step opens it.</summary>
    public static Guid TaskIdFor(string idempotencyKey) => new(MD5.HashData(Encoding.UTF8.GetBytes("task/" + idempotencyKey)));

    public static Guid CompletionEventIdFor(Guid taskId) => new(MD5.HashData(Encoding.UTF8.GetBytes("task-completed/" + taskId)));

    /// <summary>
    /// Where a task's wait subscribes from. The event key belongs to one task (or stage) alone, so every completion on
    /// it is meant for this wait, even one made before a replayed step subscribed again: a step killed after opening its
    /// task restarts later than the person who already answered it, and WorkflowCore counts only events after the
    /// subscription's start.
    /// </summary>
    public static readonly DateTime SubscribeFrom = DateTime.UnixEpoch;
}

/// <summary>Due date and reminders of a task opened at a given instant, in business days of the default calendar.</summary>
public sealed record TaskSchedule(DateTimeOffset Due, IReadOnlyList<DateTimeOffset> Reminders)
{
    public static async Task<TaskSchedule> ForAsync(StepSpec spec, DateTime since, BusinessTime businessTime, CancellationToken cancellationToken,
        WorkflowSubject? subject = null)
    {
        if (spec.DueAt is { } dueField && subject is not null)
            return new TaskSchedule(HumanTaskBody.InstantOf(subject, dueField), []);
        var dueDays = spec.DueInBusinessDays ?? HumanTaskBody.DefaultDueInBusinessDays;
        var due = await businessTime.EndOfAsync(new DurationSpec(null, null, null, dueDays), since, cancellationToken);
        var reminders = new List<DateTimeOffset>();
        foreach (var before in (spec.RemindBeforeBusinessDays ?? []).Where(d => d < dueDays).OrderDescending())
            reminders.Add(Utc(await businessTime.EndOfAsync(new DurationSpec(null, null, null, dueDays - before), since, cancellationToken)));
        return new TaskSchedule(Utc(due), reminders);
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

internal static class TaskRows
{
    public static TaskRow New(IStepExecutionContext context, Guid id, DateTime since, TaskSchedule schedule, string? role, Guid? userId,
        Guid? groupId)
    {
        var configuration = context.Configuration();
        var spec = configuration.Spec;
        var subject = context.Subject();
        return new TaskRow
        {
            Id = id,
            WorkflowId = Guid.Parse(context.Workflow.Id),
            PointerId = groupId is null ? context.ExecutionPointer.Id : $"{context.ExecutionPointer.Id}/{userId}",
            DefinitionId = configuration.Document.Id,
            StepId = spec.Id,
            SubjectType = subject.Type,
            SubjectId = subject.Id,
            Title = spec.Title ?? spec.Id,
            AssigneeRole = role,
            AssigneeUserId = userId,
            RequestedBy = spec.ExcludeRequester == true ? subject.RequestedBy : null,
            Outcomes = JsonSerializer.Serialize(spec.Outcomes ?? []),
            CommentRequiredFor = JsonSerializer.Serialize(spec.CommentRequiredFor ?? []),
            DueAt = schedule.Due,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)),
            GroupId = groupId,
            ApproveOutcome = spec.Type == StepTypes.Approval || spec.ApproveOutcome is not null || (spec.Outcomes ?? []).Contains("approve")
                ? spec.EffectiveApproveOutcome
                : null,
            ExcludePriorApprovers = spec.ExcludePriorApprovers == true,
            EscalateToRole = spec.EscalateTo,
            Reminders = JsonSerializer.Serialize(schedule.Reminders),
            NextReminderAt = schedule.Reminders.Count > 0 ? schedule.Reminders[0] : null,
        };
    }
}

/// <summary>
/// Opens a task for a role (or the person a subject field names), due after N business days, and waits until someone
/// eligible completes it. The task and its email are written in the transaction that saves the wait.
/// </summary>
public sealed class HumanTaskBody(TaskStore tasks, TaskNotices notices, UserStore users, BusinessTime businessTime, IDateTimeProvider clock,
    IEventRepository events, DapperPersistenceProvider store) : StepBodyAsync
{
    public const int DefaultDueInBusinessDays = 3;

    /// <summary>A subject field holding an instant (ISO 8601 with its offset), for 'dueAt', 'expiresAt' and timers' 'until'.</summary>
    public static DateTimeOffset InstantOf(WorkflowSubject subject, string field) =>
        subject.Fields.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at)
            ? at.ToUniversalTime()
            : throw new InvalidOperationException($"The subject's field '{field}' holds no instant.");

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

        var spec = context.Configuration().Spec;
        var since = pointer.StartTime ?? clock.UtcNow;
        var schedule = await TaskSchedule.ForAsync(spec, since, businessTime, context.CancellationToken, context.Subject());
        Guid? userId = null;
        if (spec.AssigneeField is { } field && context.Subject().FieldValue(field) is string userName)
            userId = await users.FindByUserNameAsync(userName, context.CancellationToken) is { IsActive: true } user ? user.Id : null;
        var task = TaskRows.New(context, taskId, since, schedule, spec.Role, userId, groupId: null);
        if (spec.ExpiresAt is { } expiresField)
            await ScheduleExpiryAsync(taskId, context.Subject(), expiresField, context.CancellationToken);
        // Looked up now, so the saving transaction holds the instance's row no longer than its own writes take.
        var recipients = await notices.HoldersAsync(task, context.CancellationToken);
        Func<UnitOfWork, CancellationToken, Task<bool>> open = (unit, cancellationToken) =>
            tasks.OpenAsync(unit, task, (_, opened) => notices.OpenedAsync(unit, opened, recipients, cancellationToken), cancellationToken);
        if (spec.ExpiresAt is null)
            // Only a person completing this task answers on its key, and nobody sees the task before its wait is subscribed.
            store.SaveWithInstance(context.Workflow, TaskEvents.Completed, taskId.ToString(), open);
        else
            // The expiry, stored above, is an answer that may already be due before the save.
            store.SaveWithInstance(context.Workflow, open);
        SlaGovernance.Data.Failpoints.Hit("human-task-after-open");
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
            EventTime = InstantOf(subject, field).UtcDateTime,
        }, cancellationToken);
    }
}

/// <summary>
/// An approval stage: one task per eligible member of the role (distinct people), decided by quorum (any, all, N of M),
/// or at once by any answer other than approving. The requester, and anyone who approved an earlier stage of this
/// instance, are left out when the definition says so.
/// </summary>
public sealed class ApprovalStageBody(TaskStore tasks, TaskNotices notices, UserStore users, BusinessTime businessTime, IDateTimeProvider clock,
    DapperPersistenceProvider store) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var pointer = context.ExecutionPointer;
        if (pointer.EventPublished && pointer.EventData is TaskCompleted decided)
            return ExecutionResult.Outcome(decided.Outcome);

        var spec = context.Configuration().Spec;
        var subject = context.Subject();
        var since = pointer.StartTime ?? clock.UtcNow;
        var groupId = TaskEvents.TaskIdFor(context.IdempotencyKey());
        if (await tasks.GetGroupAsync(groupId, context.CancellationToken) is null)
        {
            var workflowId = Guid.Parse(context.Workflow.Id);
            var excluded = spec.ExcludePriorApprovers == true
                ? new HashSet<string>(await tasks.ApproversAsync(workflowId, context.CancellationToken), StringComparer.OrdinalIgnoreCase)
                : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (spec.ExcludeRequester == true && subject.RequestedBy is { } requester)
                excluded.Add(requester);
            var eligible = (await users.ActiveInRoleAsync(spec.Role!, context.CancellationToken)).Where(u => !excluded.Contains(u.UserName)).ToList();
            var required = spec.RequiredApprovals(eligible.Count);
            if (eligible.Count == 0 || required > eligible.Count)
                throw new InvalidOperationException(
                    $"The approval stage '{spec.Title ?? spec.Id}' needs {Math.Max(required, 1)} approval(s) from {spec.Role}, but {eligible.Count} " +
                    $"member(s) of the role are eligible (active, not the requester, not an earlier approver of this request). " +
                    "Add people to the role; the step is retried.");
            var schedule = await TaskSchedule.ForAsync(spec, since, businessTime, context.CancellationToken);
            var stage = new TaskGroupRow
            {
                Id = groupId,
                WorkflowId = workflowId,
                StepId = spec.Id,
                Role = spec.Role!,
                ApproveOutcome = spec.EffectiveApproveOutcome,
                Required = required,
                Eligible = eligible.Count,
            };
            var votes = eligible.Select(u => TaskRows.New(context, TaskEvents.TaskIdFor($"{context.IdempotencyKey()}/{u.Id}"), since, schedule,
                spec.Role, u.Id, groupId)).ToList();
            // Written with the save of the wait, as a human task is: no vote is visible before the stage's wait is subscribed.
            store.SaveWithInstance(context.Workflow, TaskEvents.Completed, groupId.ToString(), (unit, cancellationToken) =>
                tasks.OpenGroupAsync(unit, stage, votes, (_, opened) => notices.OpenedAsync(unit, opened, cancellationToken), cancellationToken));
            SlaGovernance.Data.Failpoints.Hit("approval-after-open");
        }
        return ExecutionResult.WaitForEvent(TaskEvents.Completed, groupId.ToString(), TaskEvents.SubscribeFrom);
    }
}
