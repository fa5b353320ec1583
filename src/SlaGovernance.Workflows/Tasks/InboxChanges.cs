using System.Collections.Concurrent;

namespace SlaGovernance.Workflows.Tasks;

/// <summary>
/// Tells waiting inbox readers in this process that tasks they can see changed (opened, completed, withdrawn,
/// reassigned, escalated), after the change committed. A change is signalled to whoever holds the task, a person or a
/// role, so a Legal task does not wake every Finance reader: with a shared role inbox each wake-up is a read and, when the
/// inbox changed, a response. It carries no data: a woken reader re-reads its inbox. Changes made by another node are not
/// signalled here, so a waiting reader also re-reads on a short interval.
/// </summary>
public sealed class InboxChanges
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new(StringComparer.Ordinal);
    private TaskCompletionSource _any = NewSource();

    /// <summary>
    /// Completes at the next change after this call to the inbox of this person (tasks held by them or by one of their
    /// roles); take it before reading, so a change in between is not missed.
    /// </summary>
    public Task Next(Guid userId, IEnumerable<string> roles)
    {
        var waits = new List<Task> { Volatile.Read(ref _any).Task, Source(UserKey(userId)).Task };
        foreach (var role in roles)
            waits.Add(Source(RoleKey(role)).Task);
        return Task.WhenAny(waits);
    }

    /// <summary>The task's holder, and where it moved from or to: a person, or a role when no person holds it.</summary>
    public void Changed(TaskRow task, params TaskRow?[] before)
    {
        Signal(task.AssigneeUserId, task.AssigneeRole);
        foreach (var earlier in before)
            if (earlier is not null)
                Signal(earlier.AssigneeUserId, earlier.AssigneeRole);
    }

    /// <summary>Tasks held by this person or role changed.</summary>
    public void Changed(Guid? userId, string? role) => Signal(userId, role);

    /// <summary>Any inbox may have changed: every waiting reader reads again.</summary>
    public void ChangedAnywhere() => Interlocked.Exchange(ref _any, NewSource()).TrySetResult();

    private void Signal(Guid? userId, string? role)
    {
        // A task held by a person is theirs alone; an unassigned one is its role's.
        if (userId is { } user)
            Wake(UserKey(user));
        else if (role is not null)
            Wake(RoleKey(role));
        else
            ChangedAnywhere();
    }

    private void Wake(string key)
    {
        if (_next.TryRemove(key, out var source))
            source.TrySetResult();
    }

    private TaskCompletionSource Source(string key) => _next.GetOrAdd(key, static _ => NewSource());

    private static string UserKey(Guid userId) => "user:" + userId.ToString("N");

    private static string RoleKey(string role) => "role:" + role;

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
