using System.Security.Cryptography;
using SlaGovernance.Data.RawData;

namespace SlaGovernance.Web.Features.RawData;

public enum RawFileFormat
{
    Csv,
    Json,
}

/// <summary>Reads records of known columns from a file streamed once, hashing every byte on the way.</summary>
internal abstract class RawRecordReader(Stream stream, IReadOnlyList<string> columns, RowErrors errors) : RawRecord
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    protected IReadOnlyList<string> Columns { get; } = columns;
    protected RowErrors Errors { get; } = errors;

    /// <summary>Moves to the next record; false at the end of the file or after a fault that leaves the rest unreadable.</summary>
    public abstract ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    protected async ValueTask<int> ReadBytesAsync(Memory<byte> into, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAsync(into, cancellationToken);
        _hash.AppendData(into.Span[..read]);
        return read;
    }

    public virtual ValueTask DisposeReaderAsync() => ValueTask.CompletedTask;

    /// <summary>Reads what is left so the hash covers the whole file even when reading stopped early.</summary>
    public async Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        var rest = new byte[81920];
        while (await ReadBytesAsync(rest, cancellationToken) > 0)
        {
        }
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    /// <summary>Column names compare without case, spaces or underscores, so latency_ms, latencyMs and "Latency ms" are one.</summary>
    protected static string Normalize(string name) =>
        new(name.Where(c => c is not ('_' or ' ' or '-')).Select(char.ToLowerInvariant).ToArray());

    protected int ColumnOf(string name)
    {
        var normalized = Normalize(name);
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Normalize(Columns[i]) == normalized)
                return i;
        }
        return -1;
    }

    public static RawRecordReader For(RawFileFormat format, Stream stream, IReadOnlyList<string> columns, IReadOnlyList<bool> required, RowErrors errors) =>
        format == RawFileFormat.Csv ? new CsvRecordReader(stream, columns, required, errors) : new JsonRecordReader(stream, columns, errors);
}
