namespace SlaGovernance.Workflows.Tasks;

/// <summary>
/// Tells waiting inbox readers in this process that tasks changed (opened, completed, withdrawn, reassigned), after
/// the change committed. It carries no data: a reader re-reads its inbox. Changes made by another node are not
/// signalled here, so a waiting reader also re-reads on a short interval.
/// </summary>
public sealed class InboxChanges
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes at the next change after this call; take it before reading, so a change in between is not missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Changed() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
