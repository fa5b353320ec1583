using System.Collections.Concurrent;

namespace SlaGovernance.Workflows.Tasks;

/// <summary>
/// Tells waiting inbox readers in this process that tasks they can see changed (opened, completed, withdrawn,
/// reassigned, escalated), after the change committed. A change is signalled to whoever holds the task, a person or a
/// role, so a Legal task does not wake every Finance reader: with a shared role inbox each wake-up is a read and, when the
/// inbox changed, a response. It carries no data: a woken reader re-reads its inbox. Changes made by another node are not
/// signalled here, so a waiting reader also re-reads on a short interval.
/// </summary>
/// <remarks>
/// Each wait is its own registration, removed when the reader is done with it. A wait shared by every reader until the
/// next change would collect a continuation per re-read of every idle long poll, for as long as its role stayed quiet.
/// </remarks>
public sealed class InboxChanges
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Watch, byte>> _watchers = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts watching this person's inbox (tasks held by them or by one of their roles): <see cref="Watch.Changed"/>
    /// completes at the next change after this call. Take it before reading, so a change in between is not missed, and
    /// dispose it when done.
    /// </summary>
    public Watch Start(Guid userId, IEnumerable<string> roles)
    {
        var keys = roles.Select(RoleKey).Prepend(UserKey(userId)).Prepend(AnyKey).Distinct(StringComparer.Ordinal).ToArray();
        var watch = new Watch(this, keys);
        foreach (var key in keys)
            _watchers.GetOrAdd(key, static _ => new ConcurrentDictionary<Watch, byte>())[watch] = 0;
        return watch;
    }

    /// <summary>The task's holder, and where it moved from or to: a person, or a role when no person holds it.</summary>
    public void Changed(TaskRow task, params TaskRow?[] before)
    {
        Signal(task.AssigneeUserId, task.AssigneeRole);
        foreach (var earlier in before)
            if (earlier is not null)
                Signal(earlier.AssigneeUserId, earlier.AssigneeRole);
    }

    /// <summary>Any inbox may have changed: every waiting reader reads again.</summary>
    public void ChangedAnywhere() => Wake(AnyKey);

    /// <summary>How many waits are registered.</summary>
    public int Watching => _watchers.TryGetValue(AnyKey, out var set) ? set.Count : 0;

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
        if (_watchers.TryGetValue(key, out var set))
            foreach (var watch in set.Keys)
                watch.Wake();
    }

    private void Remove(Watch watch)
    {
        foreach (var key in watch.Keys)
            if (_watchers.TryGetValue(key, out var set))
                set.TryRemove(watch, out _);
    }

    // Every watch has this key, so a change whose holder is unknown reaches all of them.
    private const string AnyKey = "any";

    private static string UserKey(Guid userId) => "user:" + userId.ToString("N");

    private static string RoleKey(string role) => "role:" + role;

    /// <summary>One reader's wait for a change to its inbox.</summary>
    public sealed class Watch : IDisposable
    {
        private readonly InboxChanges _owner;
        private readonly TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Watch(InboxChanges owner, string[] keys)
        {
            _owner = owner;
            Keys = keys;
        }

        internal string[] Keys { get; }

        public Task Changed => _changed.Task;

        internal void Wake() => _changed.TrySetResult();

        public void Dispose() => _owner.Remove(this);
    }
}
