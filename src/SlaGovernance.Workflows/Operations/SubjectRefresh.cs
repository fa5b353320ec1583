using System.Text.Json;
using Dapper;
using SlaGovernance.Data;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Persistence;
using SlaGovernance.Workflows.Steps;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Operations;

public enum RefreshOutcome
{
    Refreshed,
    NotRunning,
    Busy,
}

[SqlCatalogue]
internal static class SubjectRefreshSql
{
    public const string MoveEvent = "UPDATE wf_events SET event_time = @At WHERE id = @Id AND is_processed = @False";
}

/// <summary>
/// Gives a running instance its subject's new fields (dates moved, a budget calendar changed) and moves what waits on them:
/// a timer sleeping until a field's instant wakes at the new one, an open task due at a field is due at the new one, and a
/// task's scheduled expiry fires at the new instant. Made under the instance's lock and saved against its version, with
/// the moved due dates and expiries in the same commit, so the engine never runs it from the old copy; steps already past
/// keep what they did.
/// </summary>
public sealed class SubjectRefresh(DapperPersistenceProvider persistence, IDistributedLockProvider locks, IWorkflowRegistry registry,
    TaskStore tasks, IDateTimeProvider clock)
{
    public async Task<RefreshOutcome> RefreshAsync(string workflowId, IReadOnlyDictionary<string, JsonElement> fields,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await locks.AcquireLock(workflowId, cancellationToken))
                break;
            // The engine is running the instance right now; it lets go at its next wait.
            if (attempt == 20)
                return RefreshOutcome.Busy;
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        try
        {
            var instance = await persistence.GetWorkflowInstance(workflowId, cancellationToken);
            if (instance.Status != WorkflowStatus.Runnable || instance.Data is not WorkflowSubject subject)
                return RefreshOutcome.NotRunning;
            foreach (var (name, value) in fields)
                subject.Fields[name] = value.Clone();
            var definition = registry.GetDefinition(instance.WorkflowDefinitionId, instance.Version);
            // A pointer waiting for its task's event is not Active in WorkflowCore's sense, but it is still open.
            foreach (var pointer in instance.ExecutionPointers.Where(p => p.Active || (p.Status == PointerStatus.WaitingForEvent && p.EndTime is null)))
            {
                if (definition.Steps.FindById(pointer.StepId) is not IConfiguredStep { Step.Inputs: var inputs })
                    continue;
                if (inputs is TimerInputs { Until: { } until } && pointer.SleepUntil is not null)
                    pointer.SleepUntil = subject.InstantOf(until).UtcDateTime;
                if (inputs is not HumanTaskInputs task || pointer.Status != PointerStatus.WaitingForEvent)
                    continue;
                var taskId = TaskEvents.TaskIdFor($"{instance.Id}/{pointer.Id}");
                if (task.DueAt is { } dueField)
                {
                    var due = subject.InstantOf(dueField);
                    persistence.SaveWithInstance(instance, (unit, ct) => tasks.RescheduleAsync(unit, taskId, due, ct));
                }
                if (task.ExpiresAt is { } expiresField)
                {
                    var at = subject.InstantOf(expiresField);
                    persistence.SaveWithInstance(instance, (unit, ct) => unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(SubjectRefreshSql.MoveEvent),
                        new { Id = TaskEvents.ExpiryEventIdFor(taskId), At = at, False = false }, unit.Transaction, cancellationToken: ct)));
                }
            }
            instance.NextExecution = NextExecution(instance);
            await persistence.PersistWorkflow(instance, cancellationToken);
            return RefreshOutcome.Refreshed;
        }
        finally
        {
            await locks.ReleaseLock(workflowId);
        }
    }

    /// <summary>As the engine computes it after a pass: now for a pointer ready to run, else the earliest sleeper, else none.</summary>
    private long? NextExecution(WorkflowInstance instance)
    {
        long? next = null;
        foreach (var pointer in instance.ExecutionPointers.Where(p => p.Active))
        {
            var at = pointer.SleepUntil is { } sleep ? sleep.Ticks
                : pointer.Status == PointerStatus.WaitingForEvent ? (long?)null
                : clock.UtcNow.Ticks;
            if (at is { } ticks && (next is null || ticks < next))
                next = ticks;
        }
        return next;
    }
}
