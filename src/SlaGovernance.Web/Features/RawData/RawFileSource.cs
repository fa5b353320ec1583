using System.Runtime.CompilerServices;
using SlaGovernance.Data.RawData;

namespace SlaGovernance.Web.Features.RawData;

/// <summary>Reads a file of one kind into batches of rows for <see cref="RawDataStore"/>; refused rows go to <see cref="Errors"/>.</summary>
public sealed class RawFileSource<TRow>(RawFileFormat format, Stream stream, RawRowFormat<TRow> rows) : IRawDataSource<TRow>
{
    public const int BatchSize = 16_384;
    private string? _sha256;

    public RowErrors Errors { get; } = new();

    public bool HasErrors => Errors.Any;

    public string Sha256 => _sha256 ?? throw new InvalidOperationException("The file has not been read to its end.");

    public async IAsyncEnumerable<IReadOnlyList<TRow>> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = RawRecordReader.For(format, stream, rows.Columns, rows.Required, Errors);
        var fields = new FieldReader(Errors, rows.Columns);
        var batch = new List<TRow>(BatchSize);
        try
        {
            while (!Errors.Full && await reader.ReadAsync(cancellationToken))
            {
                var row = rows.Parse(reader, fields);
                if (Errors.Any)
                    continue; // keep reading to report the file's other bad rows, but hand over no more
                batch.Add(row!);
                if (batch.Count == BatchSize)
                {
                    yield return batch;
                    batch.Clear();
                }
            }
            if (batch.Count > 0 && !Errors.Any)
                yield return batch;
        }
        finally
        {
            await reader.DisposeReaderAsync();
        }
        _sha256 = await reader.FinishAsync(cancellationToken);
    }
}
