using System.Collections.Concurrent;
using SlaGovernance.Data.Identity;

namespace SlaGovernance.Web.Identity;

/// <summary>
/// API tokens this node authenticated in the last <see cref="Lifetime"/>, with their users, so a script polling its inbox
/// does not cost the database a token and a user lookup on every request. Revoking a token or changing a user through
/// this node forgets them all at once; on another node, and after a change written straight to the database, a revoked
/// token, a deactivated user or a removed role still authenticates for at most <see cref="Lifetime"/>.
/// </summary>
public sealed class RecentTokenAuthentications(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    /// <summary>Only successful authentications are kept, one per live token; this bounds a node with very many.</summary>
    private const int Capacity = 10_000;

    private sealed record Entry(ApiTokenRow Token, UserRow User, long CachedAtTicks, long Generation);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public bool TryGet(string tokenHash, out ApiTokenRow token, out UserRow user)
    {
        if (_entries.TryGetValue(tokenHash, out var entry)
            && entry.Generation == Interlocked.Read(ref _generation)
            && time.GetElapsedTime(entry.CachedAtTicks) < Lifetime)
        {
            (token, user) = (entry.Token, entry.User);
            return true;
        }
        (token, user) = (null!, null!);
        return false;
    }

    /// <param name="generation">From <see cref="Generation"/> read before the lookup, so a change in between is not remembered.</param>
    public void Remember(string tokenHash, ApiTokenRow token, UserRow user, long generation)
    {
        if (_entries.Count >= Capacity)
            _entries.Clear();
        _entries[tokenHash] = new Entry(token, user, time.GetTimestamp(), generation);
    }

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>After a token is revoked or a user changed: every remembered authentication is looked up again.</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}
