using System.ComponentModel;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

[ExactlyOneOf("delay", "until")]
public sealed record TimerInputs(
    DurationSpec? Delay,
    [property: SubjectField, Description("A subject field holding the instant to wake at.")] string? Until,
    [property: StepId] string Next) : StepInputs;

/// <summary>Waits for a duration, or until an instant a subject field holds.</summary>
public sealed class TimerStep : StepType<TimerInputs, TimerBody>
{
    public override string Name => "timer";

    protected override IEnumerable<StepRoute> Routes(TimerInputs inputs) => [new(null, inputs.Next)];
}

public sealed class TimerBody(IDateTimeProvider clock, BusinessTime businessTime) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        if (context.PersistenceData is not null)
            return ExecutionResult.Next();
        var inputs = context.Inputs<TimerInputs>();
        var now = clock.UtcNow;
        var wakeAt = inputs.Delay is { } delay
            ? await businessTime.EndOfAsync(delay, now, context.CancellationToken)
            : WakeAt(context.Subject(), inputs.Until!);
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
