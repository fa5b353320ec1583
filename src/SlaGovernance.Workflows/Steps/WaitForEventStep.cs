using System.ComponentModel;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

[Together("timeout", "onTimeout")]
public sealed record WaitForEventInputs(
    [property: Pattern("^[a-z][a-z0-9-.]*$")] string Event,
    DurationSpec? Timeout,
    [property: StepId] string Next,
    [property: StepId] string? OnTimeout) : StepInputs;

/// <summary>Waits for a named event on the subject's id, optionally only so long.</summary>
public sealed class WaitForEventStep : StepType<WaitForEventInputs, WaitForEventBody>
{
    public const string Received = "received";
    public const string TimedOut = "timeout";

    public override string Name => "waitForEvent";

    protected override IEnumerable<StepRoute> Routes(WaitForEventInputs inputs) => inputs.Timeout is null
        ? [new(null, inputs.Next)]
        : [new(Received, inputs.Next), new(TimedOut, inputs.OnTimeout!)];
}

/// <summary>Marks the scheduled end of one wait; a timeout meant for an earlier wait on the same key is ignored.</summary>
public sealed record WaitTimeout(string PointerId);

public sealed class WaitForEventBody(IEventRepository events, IDateTimeProvider clock, BusinessTime businessTime) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var inputs = context.Inputs<WaitForEventInputs>();
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
            if (inputs.Timeout is { } duration && context.PersistenceData is null)
                await ScheduleTimeoutAsync(inputs.Event, context, await businessTime.EndOfAsync(duration, since, context.CancellationToken));
            return ExecutionResult.WaitForEvent(inputs.Event, context.Subject().Id, since);
        }
        return pointer.EventData is WaitTimeout
            ? ExecutionResult.Outcome(WaitForEventStep.TimedOut)
            : ExecutionResult.Outcome(WaitForEventStep.Received);
    }

    /// <summary>The timeout is an event dated in the future on the same key; its id comes from the pointer, so a replay adds none.</summary>
    private async Task ScheduleTimeoutAsync(string eventName, IStepExecutionContext context, DateTime at)
    {
        var id = Hosting.DeterministicIds.From("timeout/" + context.IdempotencyKey());
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
