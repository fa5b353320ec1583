using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using nietras.SeparatedValues;
using SlaGovernance.Data.RawData;
using SlaGovernance.Web.Features.RawData;

namespace SlaGovernance.Benchmarks;

/// <summary>
/// RawFileSource's CSV path on Sep, for comparison: the same header mapping, RawRowFormat and FieldReader, so the same records
/// and row errors from a valid file, with every byte hashed. Sep reads UTF-16 text, so each field a format reads is encoded back
/// to the UTF-8 that FieldReader parses. It reports what the benchmark's files can hold, not every fault RawFileSource names.
/// </summary>
public sealed class SepCsvSource<TRow>(Stream stream, RawRowFormat<TRow> rows) : IRawDataSource<TRow>
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _sha256;

    public RowErrors Errors { get; } = new();

    public bool HasErrors => Errors.Any;

    public string Sha256 => _sha256 ?? throw new InvalidOperationException("The file has not been read to its end.");

    public async IAsyncEnumerable<IReadOnlyList<TRow>> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var hashed = new HashedStream(stream, _hash);
        using (var reader = await Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromAsync(hashed, cancellationToken))
        {
            var record = new SepRecord(rows.Columns, reader.Header.ColNames, Errors);
            var fields = new FieldReader(Errors, rows.Columns);
            var batch = new List<TRow>(RawFileSource<TRow>.BatchSize);
            var rowsOfFile = reader.GetAsyncEnumerator(cancellationToken);
            while (!Errors.Full && await rowsOfFile.MoveNextAsync())
            {
                if (!record.Load(rowsOfFile.Current))
                    continue;
                var row = rows.Parse(record, fields);
                if (Errors.Any)
                    continue;
                batch.Add(row!);
                if (batch.Count == RawFileSource<TRow>.BatchSize)
                {
                    yield return batch;
                    batch.Clear();
                }
            }
            if (batch.Count > 0 && !Errors.Any)
                yield return batch;
        }
        var rest = new byte[81920];
        while (await hashed.ReadAsync(rest, cancellationToken) > 0)
        {
        }
        _sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    /// <summary>One Sep row as RawRecord: the fields the columns map to, encoded as UTF-8 one after another.</summary>
    private sealed class SepRecord : RawRecord
    {
        private readonly int[] _fieldOfColumn;
        private readonly int _headerFields;
        private readonly RowErrors _errors;
        private readonly int[] _starts;
        private readonly int[] _lengths;
        private byte[] _utf8 = new byte[1024];

        public SepRecord(IReadOnlyList<string> columns, IReadOnlyList<string> header, RowErrors errors)
        {
            _errors = errors;
            _headerFields = header.Count;
            _starts = new int[columns.Count];
            _lengths = new int[columns.Count];
            var names = header.Select(Normalize).ToList();
            _fieldOfColumn = columns.Select(c => names.IndexOf(Normalize(c))).ToArray();
            for (var c = 0; c < columns.Count; c++)
            {
                if (_fieldOfColumn[c] < 0)
                    errors.Add(0, columns[c], $"The header has no column '{columns[c]}'.");
            }
        }

        private static string Normalize(string name) => new(name.Trim().Where(c => c is not ('_' or ' ' or '-')).Select(char.ToLowerInvariant).ToArray());

        /// <summary>Takes the row's fields; false for a blank line, which is no row.</summary>
        public bool Load(SepReader.Row row)
        {
            if (row.Span.IsEmpty)
                return false;
            Row++;
            if (row.ColCount != _headerFields)
                _errors.Add(Row, "", $"Line {row.LineNumberFrom} has {row.ColCount} fields but the header has {_headerFields}; quote values that contain commas.");
            var used = 0;
            for (var c = 0; c < _fieldOfColumn.Length; c++)
            {
                var field = _fieldOfColumn[c];
                var text = field >= 0 && field < row.ColCount ? row[field].Span : default;
                var most = Encoding.UTF8.GetMaxByteCount(text.Length);
                if (_utf8.Length < used + most)
                    Array.Resize(ref _utf8, Math.Max(_utf8.Length * 2, used + most));
                _starts[c] = used;
                _lengths[c] = Encoding.UTF8.GetBytes(text, _utf8.AsSpan(used));
                used += _lengths[c];
            }
            return true;
        }

        public override ReadOnlySpan<byte> Field(int column) => _utf8.AsSpan(_starts[column], _lengths[column]).Trim((byte)' ');
    }

    /// <summary>Hashes the bytes Sep reads on their way through.</summary>
    private sealed class HashedStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            hash.AppendData(buffer[..read]);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            hash.AppendData(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
