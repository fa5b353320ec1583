using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SlaGovernance.Data;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Persistence;

/// <summary>Rows written in the transaction of an instance's next save, and the waits such a save opens to answers.</summary>
public sealed partial class DapperPersistenceProvider
{
    // Rows asked to be written with the next save of their instance (a step's task and its email, say), and the wait each
    // first opens to answers, if it does.
    private readonly ConditionalWeakTable<WorkflowInstance, List<SaveWrite>> _saveWith = new();

    private sealed record SaveWrite(Func<UnitOfWork, CancellationToken, Task<bool>> Write, (string EventName, string EventKey)? Opens);

    // Waits subscribed in the commit that first let anyone answer them, until WorkflowCore looks for earlier answers.
    private readonly ConcurrentDictionary<(string EventName, string EventKey), byte> _noEarlierEvents = new();

    private const int NoEarlierEventsLimit = 10_000;

    /// <summary>
    /// Writes rows that belong with the next save of the instance (a step's task and its email, the due dates a subject
    /// refresh moves) in the transaction of that save, so both commit together or not at all: a crash in between leaves
    /// neither, and the replayed step writes them once. A task is never visible before its wait is subscribed, and
    /// opening it costs no transaction of its own. What the writers register with <see cref="UnitOfWork.AfterCommit"/>
    /// (waking inbox readers, say) runs once that save commits.
    /// </summary>
    /// <remarks>
    /// The writes must be idempotent (insert unless present): a step that fails after asking for them is retried, and the
    /// save that records its failure carries them too.
    /// </remarks>
    public void SaveWithInstance(WorkflowInstance workflow, Func<UnitOfWork, CancellationToken, Task> write) =>
        Add(workflow, new SaveWrite(async (unit, cancellationToken) =>
        {
            await write(unit, cancellationToken);
            return false;
        }, null));

    /// <summary>
    /// As <see cref="SaveWithInstance(WorkflowInstance, Func{UnitOfWork, CancellationToken, Task})"/>, for the write that
    /// first opens a wait to answers: the task a person completes to publish <paramref name="eventName"/> on
    /// <paramref name="eventKey"/>. <paramref name="open"/> returns true when it opened it in this transaction (false when
    /// an earlier attempt already had). When it did and the same save subscribes the wait, no answer can be older than the
    /// subscription, so WorkflowCore's look for events published before it (its answer to issue 773) is answered without
    /// a query.
    /// </summary>
    /// <remarks>Only for a key nothing else publishes on before the write commits (a task with a scheduled expiry does not qualify).</remarks>
    public void SaveWithInstance(WorkflowInstance workflow, string eventName, string eventKey, Func<UnitOfWork, CancellationToken, Task<bool>> open) =>
        Add(workflow, new SaveWrite(open, (eventName, eventKey)));

    private void Add(WorkflowInstance workflow, SaveWrite write)
    {
        var writes = _saveWith.GetValue(workflow, _ => []);
        lock (writes)
            writes.Add(write);
    }
}
