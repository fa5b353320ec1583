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

    // How many changes each key has been signalled, and per reader the inbox version it was last read at and the ETag it gave.
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string ETag, long Version)> _lastRead = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts watching this person's inbox (tasks held by them or by one of their roles): <see cref="Watch.Changed"/>
    /// completes at the next change after this call. Take it before reading, so a change in between is not missed, and
    /// dispose it when done.
    /// </summary>
    public Watch Start(Guid userId, IEnumerable<string> roles)
    {
        var keys = roles.Select(RoleKey).Prepend(UserKey(userId)).Prepend(AnyKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var watch = new Watch(this, keys);
        foreach (var key in keys)
            _watchers.GetOrAdd(key, static _ => new ConcurrentDictionary<Watch, byte>())[watch] = 0;
        // Taken once registered, so any change after this point both wakes the watch and moves the version on.
        foreach (var key in keys)
            watch.Version += _versions.GetValueOrDefault(key);
        return watch;
    }

    /// <summary>
    /// Records what the watch's reader read: the inbox's ETag, as of the version the watch started at (a change signalled
    /// while reading moves the version on, so it never counts as seen).
    /// </summary>
    public void Read(Watch watch, string etag) => _lastRead[watch.Reader] = (etag, watch.Version);

    /// <summary>
    /// Whether this reader's last read here gave <paramref name="etag"/> and no change to their inbox has been signalled in
    /// this process since: the inbox is then as they have it, except for changes made by another node.
    /// </summary>
    public bool Unchanged(Watch watch, string etag) =>
        _lastRead.TryGetValue(watch.Reader, out var read) && read.Version == watch.Version && string.Equals(read.ETag, etag, StringComparison.Ordinal);

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
        // Counted before waking, so a woken reader's new watch sees the new version.
        _versions.AddOrUpdate(key, 1, static (_, n) => n + 1);
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
            Reader = string.Join('|', keys);
        }

        internal string[] Keys { get; }

        /// <summary>Who reads: the person and their roles.</summary>
        internal string Reader { get; }

        /// <summary>The sum of the changes signalled to the reader's keys when the watch started; it only grows.</summary>
        internal long Version { get; set; }

        public Task Changed => _changed.Task;

        internal void Wake() => _changed.TrySetResult();

        public void Dispose() => _owner.Remove(this);
    }
}
