using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SlaGovernance.Domain.Audit;

/// <summary>
/// A keyed seal over the audit log's head at one moment: how many entries it held, the newest one and its hash. The chain
/// alone can be cut at its end or rewritten with fresh hashes by anyone who can write the table; a checkpoint cannot be
/// made without the key, so the log can later be held to it.
/// </summary>
public sealed record AuditCheckpoint(
    Guid Id,
    DateTimeOffset TakenAt,
    long EntryCount,
    long HeadSequence,
    string HeadHash,
    string KeyId,
    string Seal,
    string Reason);

/// <summary>Makes and checks checkpoint seals: HMAC-SHA256 under a key that lives outside the database.</summary>
public sealed class AuditCheckpointSeal
{
    public const int MinimumKeyLength = 32;

    private readonly byte[] _key;

    public AuditCheckpointSeal(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumKeyLength)
            throw new ArgumentException($"An audit checkpoint key has at least {MinimumKeyLength} characters; this one has {key.Length}.", nameof(key));
        _key = Encoding.UTF8.GetBytes(key);
        // Names the key without revealing it, so checkpoints sealed under an earlier key are told apart rather than called forged.
        KeyId = Convert.ToHexStringLower(HMACSHA256.HashData(_key, "slagovernance audit checkpoint key id"u8))[..16];
    }

    public string KeyId { get; }

    public AuditCheckpoint Create(Guid id, DateTimeOffset takenAt, long entryCount, long headSequence, string headHash, string reason)
    {
        var at = AuditChain.Normalize(takenAt);
        return new AuditCheckpoint(id, at, entryCount, headSequence, headHash, KeyId, Compute(at, entryCount, headSequence, headHash), reason);
    }

    /// <summary>True when the checkpoint was sealed under this key and not changed since.</summary>
    public bool IsGenuine(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!string.Equals(checkpoint.KeyId, KeyId, StringComparison.Ordinal))
            return false;
        var expected = Encoding.ASCII.GetBytes(Compute(checkpoint.TakenAt, checkpoint.EntryCount, checkpoint.HeadSequence, checkpoint.HeadHash));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(checkpoint.Seal));
    }

    private string Compute(DateTimeOffset takenAt, long entryCount, long headSequence, string headHash)
    {
        var message = string.Join('\n',
            AuditChain.Normalize(takenAt).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            entryCount.ToString(CultureInfo.InvariantCulture),
            headSequence.ToString(CultureInfo.InvariantCulture),
            headHash);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(message)));
    }
}
