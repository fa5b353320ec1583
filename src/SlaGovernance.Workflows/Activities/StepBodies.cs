using SlaGovernance.Workflows.Definitions;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Activities;

/// <summary>Outcome values the compiled steps route on.</summary>
public static class StepOutcomes
{
    public const string Otherwise = "otherwise";
    public const string Received = "received";
    public const string TimedOut = "timeout";

    public static string Branch(int index) => $"branch-{index}";
}

public sealed class SetStatusBody(IEnumerable<IWorkflowSubjectStatus> handlers) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var subject = context.Subject();
        var handler = handlers.First(h => h.SubjectType == subject.Type);
        await handler.SetStatusAsync(subject, context.Configuration().Spec.Status!, context.IdempotencyKey(), context.CancellationToken);
        return ExecutionResult.Next();
    }
}

public sealed class DecisionBody : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context)
    {
        var configuration = context.Configuration();
        var branches = configuration.Spec.Branches!;
        for (var i = 0; i < branches.Count; i++)
        {
            if (Conditions.Evaluate(branches[i].When, context.Subject(), configuration.Settings))
                return ExecutionResult.Outcome(StepOutcomes.Branch(i));
        }
        return ExecutionResult.Outcome(StepOutcomes.Otherwise);
    }
}

public sealed class TimerBody(IDateTimeProvider clock, BusinessTime businessTime) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        if (context.PersistenceData is not null)
            return ExecutionResult.Next();
        var spec = context.Configuration().Spec;
        var now = clock.UtcNow;
        var wakeAt = spec.Delay is { } delay
            ? await businessTime.EndOfAsync(delay, now, context.CancellationToken)
            : WakeAt(context.Subject(), spec.Until!);
        // A time already past (the instance ran late, or the subject's date was already behind it) fires now, in this pass:
        // a sleep of zero would wake only once the clock has moved beyond this very instant.
        if (wakeAt <= now)
            return ExecutionResult.Next();
        return ExecutionResult.Sleep(wakeAt - now, new SchedulePersistenceData { Elapsed = true });
    }

    private static DateTime WakeAt(WorkflowSubject subject, string field) =>
        subject.Fields.TryGetValue(field, out var value) && value.TryGetDateTimeOffset(out var at)
            ? at.UtcDateTime
            : throw new InvalidOperationException($"The subject's field '{field}' holds no instant to wake at.");
}

/// <summary>Marks the scheduled end of one wait; a timeout meant for an earlier wait on the same key is ignored.</summary>
public sealed record WaitTimeout(string PointerId);

public sealed class WaitForEventBody(IEventRepository events, IDateTimeProvider clock, BusinessTime businessTime) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var spec = context.Configuration().Spec;
        var pointer = context.ExecutionPointer;
        if (pointer.EventPublished && pointer.EventData is WaitTimeout timeout && timeout.PointerId != pointer.Id)
        {
            // A leftover timeout of an earlier wait on this key: wait on.
            pointer.EventPublished = false;
            pointer.EventData = null;
        }
        if (!pointer.EventPublished)
        {
            var since = pointer.StartTime ?? clock.UtcNow;
            if (spec.Timeout is { } duration && context.PersistenceData is null)
                await ScheduleTimeoutAsync(spec.Event!, context, await businessTime.EndOfAsync(duration, since, context.CancellationToken));
            return ExecutionResult.WaitForEvent(spec.Event!, context.Subject().Id, since);
        }
        return pointer.EventData is WaitTimeout
            ? ExecutionResult.Outcome(StepOutcomes.TimedOut)
            : ExecutionResult.Outcome(StepOutcomes.Received);
    }

    /// <summary>The timeout is an event dated in the future on the same key; its id comes from the pointer, so a replay adds none.</summary>
    private async Task ScheduleTimeoutAsync(string eventName, IStepExecutionContext context, DateTime at)
    {
        var id = new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes("timeout/" + context.IdempotencyKey())));
        if (await events.GetEvent(id.ToString(), context.CancellationToken) is not null)
            return;
        await events.CreateEvent(new Event
        {
            Id = id.ToString(),
            EventName = eventName,
            EventKey = context.Subject().Id,
            EventData = new WaitTimeout(context.ExecutionPointer.Id),
            EventTime = at,
        }, context.CancellationToken);
    }
}

public sealed class ActionBody(IEnumerable<IWorkflowAction> actions) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var configuration = context.Configuration();
        var action = actions.First(a => a.Name == configuration.Spec.Action);
        await action.RunAsync(new WorkflowActionContext(context.Subject(), context.Workflow.Id, configuration.Document.Id,
            configuration.Spec.Id, context.IdempotencyKey()), context.CancellationToken);
        return ExecutionResult.Next();
    }
}

public sealed class EndBody : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context) => ExecutionResult.Next();
}
