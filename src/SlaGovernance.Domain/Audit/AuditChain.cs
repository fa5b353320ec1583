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

public sealed record AuditChainReport(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem);

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
        return verifier.Report;
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

/// <summary>Checks a chain one entry at a time, so a long log can be streamed rather than loaded whole.</summary>
public sealed class AuditChainVerifier
{
    private string _expectedPrevious = AuditChain.GenesisHash;
    private long? _lastSequence;
    private long _checked;
    private AuditChainReport? _broken;

    public AuditChainReport Report => _broken ?? new AuditChainReport(true, _checked, null, null);

    /// <summary>Returns false once the chain is broken; later entries are not looked at.</summary>
    public bool Accept(AuditEntry entry)
    {
        if (_broken is not null)
            return false;
        if (_lastSequence is { } last && entry.Sequence != last + 1)
            return Break(entry, $"Entry {entry.Sequence} follows entry {last}: the entries between them are missing.");
        if (!string.Equals(entry.PreviousHash, _expectedPrevious, StringComparison.Ordinal))
            return Break(entry, $"Entry {entry.Sequence} does not link to the entry before it (its previous hash differs).");
        if (!string.Equals(AuditChain.ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
            return Break(entry, $"Entry {entry.Sequence} has been altered: its content no longer matches its hash.");
        _expectedPrevious = entry.Hash;
        _lastSequence = entry.Sequence;
        _checked++;
        return true;
    }

    private bool Break(AuditEntry entry, string problem)
    {
        _broken = new AuditChainReport(false, _checked, entry.Sequence, problem);
        return false;
    }
}
