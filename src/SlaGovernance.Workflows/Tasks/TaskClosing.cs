using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Workflows.Persistence;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Tasks;

/// <summary>
/// Closes the tasks a definition lets the application answer ('closesOn'), such as "Revise draft" once the draft is
/// submitted again: each task, the wake-up of its waiting step and the audit entry commit together, as a person's answer does.
/// </summary>
public sealed class TaskClosing(Database database, TaskStore tasks, DapperPersistenceProvider store, IQueueProvider queue, AuditLog audit,
    TimeProvider time)
{
    /// <summary>Closes every open task of the subject that closes with <paramref name="outcome"/>; returns how many it closed.</summary>
    public async Task<int> CloseAsync(string subjectType, string subjectId, string outcome, string actor, CancellationToken cancellationToken = default)
    {
        var closed = 0;
        foreach (var task in await tasks.OpenClosingOnAsync(subjectType, subjectId, outcome, cancellationToken))
        {
            var now = time.GetUtcNow();
            var answer = new TaskCompleted(outcome, null, actor);
            string? woken;
            await using (var unit = await database.BeginAsync(cancellationToken))
            {
                if (!await tasks.CompleteAsync(unit, task.Id, outcome, null, actor, now, cancellationToken))
                    continue;
                if ((woken = await store.TryDeliverAsync(unit, TaskEvents.Completed, task.Id.ToString(), answer, now.UtcDateTime, cancellationToken)) is null)
                    await store.InsertEventAsync(unit, new Event
                    {
                        Id = TaskEvents.CompletionEventIdFor(task.Id).ToString(),
                        EventName = TaskEvents.Completed,
                        EventKey = task.Id.ToString(),
                        EventData = answer,
                        EventTime = now.UtcDateTime,
                    }, cancellationToken);
                await audit.AppendAsync(unit, new AuditRecord(actor, "task.completed", "WorkflowTask", task.Id.ToString(),
                    $"{task.Title} for {task.SubjectSummary ?? $"{task.SubjectType} {task.SubjectId}"}: {outcome}"), cancellationToken);
                await unit.CommitAsync(cancellationToken);
            }
            tasks.Changed(task);
            if (woken is not null)
                await queue.QueueWork(woken, QueueType.Workflow);
            else
                await queue.QueueWork(TaskEvents.CompletionEventIdFor(task.Id).ToString(), QueueType.Event);
            closed++;
        }
        return closed;
    }
}
