using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Tasks;

/// <summary>What completing a task hands to the waiting step.</summary>
public sealed record TaskCompleted(string Outcome, string? Comment, string CompletedBy);

public static class TaskEvents
{
    public const string Completed = "task-completed";

    /// <summary>The task of one step execution has one id, whatever attempt of the step opens it.</summary>
    public static Guid TaskIdFor(string idempotencyKey) => new(MD5.HashData(Encoding.UTF8.GetBytes("task/" + idempotencyKey)));

    public static Guid CompletionEventIdFor(Guid taskId) => new(MD5.HashData(Encoding.UTF8.GetBytes("task-completed/" + taskId)));
}

/// <summary>Opens a task for a role, due after N business days, and waits until someone eligible completes it.</summary>
public sealed class HumanTaskBody(TaskStore tasks, BusinessTime businessTime, IDateTimeProvider clock) : StepBodyAsync
{
    public const int DefaultDueInBusinessDays = 3;

    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var pointer = context.ExecutionPointer;
        if (pointer.EventPublished && pointer.EventData is TaskCompleted completed)
            return ExecutionResult.Outcome(completed.Outcome);

        var configuration = context.Configuration();
        var spec = configuration.Spec;
        var subject = context.Subject();
        var since = pointer.StartTime ?? clock.UtcNow;
        var taskId = TaskEvents.TaskIdFor(context.IdempotencyKey());
        var due = await businessTime.EndOfAsync(new DurationSpec(null, null, null, spec.DueInBusinessDays ?? DefaultDueInBusinessDays), since,
            context.CancellationToken);
        await tasks.OpenAsync(new TaskRow
        {
            Id = taskId,
            WorkflowId = Guid.Parse(context.Workflow.Id),
            PointerId = pointer.Id,
            DefinitionId = configuration.Document.Id,
            StepId = spec.Id,
            SubjectType = subject.Type,
            SubjectId = subject.Id,
            Title = spec.Title ?? spec.Id,
            AssigneeRole = spec.Role,
            RequestedBy = spec.ExcludeRequester == true ? subject.RequestedBy : null,
            Outcomes = JsonSerializer.Serialize(spec.Outcomes ?? []),
            CommentRequiredFor = JsonSerializer.Serialize(spec.CommentRequiredFor ?? []),
            DueAt = new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)),
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)),
        }, context.CancellationToken);
        // The key belongs to this task alone, so a completion stamped at the very instant the task opened still counts.
        return ExecutionResult.WaitForEvent(TaskEvents.Completed, taskId.ToString(), since.AddTicks(-1));
    }
}
