using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SlaGovernance.Domain.Audit;

/// <summary>One entry of the append-only audit log as it is stored.</summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset OccurredAt,
    string Actor,
    string Action,
    string EntityType,
    string? EntityId,
    string? Summary,
    string? Before,
    string? After,
    string PreviousHash,
    string Hash);

/// <summary>
/// What a verification found: whether the chain holds, how many entries it checked, the first broken entry, the problem in
/// words, what kind of problem it is (<see cref="AuditFindings"/>) and the checkpoint the log was compared against.
/// </summary>
public sealed record AuditChainReport(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem, string? Finding = null,
    AuditCheckpoint? Checkpoint = null);

/// <summary>The kinds of damage a verification names.</summary>
public static class AuditFindings
{
    public const string Altered = "altered";
    public const string Reordered = "reordered";
    public const string Missing = "missing";
    public const string Unlinked = "unlinked";
    public const string Truncated = "truncated";
    public const string Rewritten = "rewritten";
    public const string ForgedCheckpoint = "forged-checkpoint";
}

/// <summary>
/// The hash chain: each entry's hash is SHA-256 over the previous entry's hash and the entry's own content,
/// so changing, removing or reordering any entry breaks every link after it.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Times are hashed at millisecond precision, the finest all three databases keep alike.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static string ComputeHash(string previousHash, long sequence, DateTimeOffset occurredAt, string actor,
        string action, string entityType, string? entityId, string? summary, string? before, string? after)
    {
        var builder = new StringBuilder();
        Append(builder, previousHash);
        Append(builder, sequence.ToString(CultureInfo.InvariantCulture));
        Append(builder, Normalize(occurredAt).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        Append(builder, actor);
        Append(builder, action);
        Append(builder, entityType);
        Append(builder, entityId);
        Append(builder, summary);
        Append(builder, before);
        Append(builder, after);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    public static string ComputeHash(AuditEntry entry) =>
        ComputeHash(entry.PreviousHash, entry.Sequence, entry.OccurredAt, entry.Actor, entry.Action, entry.EntityType,
            entry.EntityId, entry.Summary, entry.Before, entry.After);

    /// <summary>Walks entries in sequence order and reports the first entry whose link or content does not hold.</summary>
    public static AuditChainReport Verify(IEnumerable<AuditEntry> entriesInOrder)
    {
        var verifier = new AuditChainVerifier();
        foreach (var entry in entriesInOrder)
        {
            if (!verifier.Accept(entry))
                break;
        }
        return verifier.Finish();
    }

    // Length-prefixed so that field boundaries cannot be shifted to forge an equal hash.
    private static void Append(StringBuilder builder, string? value)
    {
        if (value is null)
        {
            builder.Append("-1:");
            return;
        }
        builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
    }
}

/// <summary>
/// Checks a chain one entry at a time, so a long log can be streamed rather than loaded whole. Given a sealed checkpoint, it
/// also checks that the entry the checkpoint names still has the sealed hash (an edit whose hashes were recomputed onward
/// changes it) and that the log still holds as many entries (removing the newest ones leaves no broken link).
/// </summary>
public sealed class AuditChainVerifier
{
    // How far from its place an entry is looked for when its content no longer matches its hash.
    private const int ReorderWindow = 1000;

    private readonly AuditCheckpoint? _checkpoint;
    private string _expectedPrevious = AuditChain.GenesisHash;
    private long? _lastSequence;
    private long _checked;
    private bool _checkpointHeadSeen;
    private AuditChainReport? _broken;

    /// <param name="checkpoint">A checkpoint whose seal was checked; null checks the links alone.</param>
    /// <param name="resumeAtCheckpoint">True when the entries start at the checkpoint's head rather than at the first entry.</param>
    public AuditChainVerifier(AuditCheckpoint? checkpoint = null, bool resumeAtCheckpoint = false)
    {
        _checkpoint = checkpoint;
        if (resumeAtCheckpoint && checkpoint is not null)
        {
            _lastSequence = checkpoint.HeadSequence - 1;
            _checked = checkpoint.EntryCount - 1;
            _expectedPrevious = "";
        }
    }

    /// <summary>Returns false once the chain is broken; later entries are not looked at.</summary>
    public bool Accept(AuditEntry entry)
    {
        if (_broken is not null)
            return false;
        if (_lastSequence is { } last && entry.Sequence != last + 1)
        {
            if (_checkpoint is not null && last < _checkpoint.HeadSequence && entry.Sequence > _checkpoint.HeadSequence)
                return Break(entry, AuditFindings.Missing,
                    $"Entry {entry.Sequence} follows entry {last}: the entries between them are missing, among them entry " +
                    $"{_checkpoint.HeadSequence} sealed by the checkpoint of {Format(_checkpoint.TakenAt)}.");
            return Break(entry, AuditFindings.Missing, $"Entry {entry.Sequence} follows entry {last}: the entries between them are missing.");
        }
        var contentHolds = string.Equals(AuditChain.ComputeHash(entry), entry.Hash, StringComparison.Ordinal);
        if (!contentHolds && WrittenAs(entry) is { } writtenAs)
            return Break(entry, AuditFindings.Reordered,
                $"Entry {entry.Sequence} holds the entry written as number {writtenAs}: entries were reordered.");
        if (_expectedPrevious.Length > 0 && !string.Equals(entry.PreviousHash, _expectedPrevious, StringComparison.Ordinal))
            return Break(entry, AuditFindings.Unlinked,
                $"Entry {entry.Sequence} does not link to the entry before it (its previous hash differs): an entry before it was removed, replaced or moved.");
        if (!contentHolds)
            return Break(entry, AuditFindings.Altered, $"Entry {entry.Sequence} has been altered: its content no longer matches its hash.");
        if (_checkpoint is not null && entry.Sequence == _checkpoint.HeadSequence)
        {
            _checkpointHeadSeen = true;
            if (!string.Equals(entry.Hash, _checkpoint.HeadHash, StringComparison.Ordinal))
                return Break(entry, AuditFindings.Rewritten,
                    $"Entry {entry.Sequence} is not the entry sealed by the checkpoint of {Format(_checkpoint.TakenAt)}: the log was " +
                    "rewritten up to it (entries edited and their hashes recomputed).");
        }
        _expectedPrevious = entry.Hash;
        _lastSequence = entry.Sequence;
        _checked++;
        return true;
    }

    /// <summary>The report once every entry was given; a log shorter than the checkpoint says so here.</summary>
    public AuditChainReport Finish()
    {
        if (_broken is not null)
            return _broken;
        if (_checkpoint is not null && (!_checkpointHeadSeen || _checked < _checkpoint.EntryCount))
        {
            var last = _lastSequence ?? 0;
            return Broken(last + 1, AuditFindings.Truncated,
                $"The log ends at entry {last} with {_checked} entries, but the checkpoint of {Format(_checkpoint.TakenAt)} sealed " +
                $"{_checkpoint.EntryCount} entries up to entry {_checkpoint.HeadSequence}: the newest entries were removed.");
        }
        return new AuditChainReport(true, _checked, null, null, null, _checkpoint);
    }

    private long? WrittenAs(AuditEntry entry)
    {
        for (var distance = 1; distance <= ReorderWindow; distance++)
        {
            foreach (var candidate in new[] { entry.Sequence - distance, entry.Sequence + distance })
            {
                if (candidate >= 1 && string.Equals(AuditChain.ComputeHash(entry with { Sequence = candidate }), entry.Hash, StringComparison.Ordinal))
                    return candidate;
            }
        }
        return null;
    }

    private bool Break(AuditEntry entry, string finding, string problem)
    {
        _broken = Broken(entry.Sequence, finding, problem);
        return false;
    }

    private AuditChainReport Broken(long sequence, string finding, string problem) =>
        new(false, _checked, sequence, problem, finding, _checkpoint);

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
