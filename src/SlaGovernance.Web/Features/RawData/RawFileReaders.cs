using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

/// <summary>
/// RFC 4180 CSV over UTF-8 bytes: a header row naming the columns in any order, fields quoted when they hold commas, quotes or
/// line breaks, CRLF or LF line ends. Values stay in the read buffer until the next record.
/// </summary>
internal sealed class CsvRecordReader(Stream stream, IReadOnlyList<string> columns, IReadOnlyList<bool> required, RowErrors errors)
    : RawRecordReader(stream, columns, errors)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _position;
    private int _end;
    private bool _endOfFile;
    private bool _headerRead;
    private bool _broken;
    private long _line = 1;

    // The record's fields in file order: where each starts and how long it is, in _buffer or (unescaped) in _scratch.
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private bool[] _inScratch = new bool[16];
    private int _fieldCount;
    private byte[] _scratch = new byte[256];
    private int _scratchUsed;
    private int[] _fieldOfColumn = [];

    public override ReadOnlySpan<byte> Field(int column)
    {
        var field = _fieldOfColumn[column];
        if (field < 0 || field >= _fieldCount)
            return default;
        var span = (_inScratch[field] ? _scratch : _buffer).AsSpan(_starts[field], _lengths[field]);
        return span.Trim((byte)' ');
    }

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (!_broken)
        {
            var recordLine = _line;
            var outcome = TryParseRecord(_endOfFile);
            if (outcome == Parse.NeedMore)
            {
                if (_endOfFile)
                    return false;
                await FillAsync(cancellationToken);
                continue;
            }
            if (outcome == Parse.Broken)
                return false;
            if (_fieldCount == 1 && _lengths[0] == 0 && !_inScratch[0])
                continue; // a blank line
            if (!_headerRead)
            {
                ReadHeader();
                continue;
            }
            Row++;
            if (_fieldCount != _headerFields)
                Errors.Add(Row, "", $"Line {recordLine} has {_fieldCount} fields but the header has {_headerFields}; quote values that contain commas.");
            return true;
        }
        return false;
    }

    private int _headerFields;

    private void ReadHeader()
    {
        _headerRead = true;
        _headerFields = _fieldCount;
        _fieldOfColumn = Enumerable.Repeat(-1, Columns.Count).ToArray();
        for (var f = 0; f < _fieldCount; f++)
        {
            var span = (_inScratch[f] ? _scratch : _buffer).AsSpan(_starts[f], _lengths[f]);
            if (f == 0 && span.StartsWith("\uFEFF"u8))
                span = span[3..];
            var name = Encoding.UTF8.GetString(span).Trim();
            var column = ColumnOf(name);
            if (column < 0)
                Errors.Add(0, name, $"The header names an unknown column '{name}'; the columns are {string.Join(", ", Columns)}.");
            else if (_fieldOfColumn[column] >= 0)
                Errors.Add(0, name, $"The header names the column '{name}' twice.");
            else
                _fieldOfColumn[column] = f;
        }
        for (var c = 0; c < Columns.Count; c++)
        {
            if (required[c] && _fieldOfColumn[c] < 0)
                Errors.Add(0, Columns[c], $"The header has no column '{Columns[c]}', which is required; the columns are {string.Join(", ", Columns)}.");
        }
        if (Errors.Any)
            _broken = true;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_position > 0)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, _end - _position);
            _end -= _position;
            _position = 0;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2); // one record longer than the buffer
        var read = await ReadBytesAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
            _endOfFile = true;
        _end += read;
    }

    private enum Parse
    {
        Record,
        NeedMore,
        Broken,
    }

    private Parse TryParseRecord(bool final)
    {
        if (_position == _end)
            return Parse.NeedMore;
        _fieldCount = 0;
        _scratchUsed = 0;
        var i = _position;
        var lines = 0;
        while (true)
        {
            if (i < _end && _buffer[i] == (byte)'"')
            {
                // Quoted: runs to a quote not followed by another; "" stands for one quote.
                var start = i + 1;
                var j = start;
                var escaped = false;
                while (true)
                {
                    var quote = _buffer.AsSpan(j, _end - j).IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        if (final)
                            return Refuse("A quoted value is not closed before the end of the file.");
                        return Parse.NeedMore;
                    }
                    j += quote;
                    if (j + 1 < _end && _buffer[j + 1] == (byte)'"')
                    {
                        escaped = true;
                        j += 2;
                        continue;
                    }
                    if (j + 1 == _end && !final)
                        return Parse.NeedMore;
                    break;
                }
                lines += _buffer.AsSpan(start, j - start).Count((byte)'\n');
                AddField(start, j - start, escaped);
                i = j + 1;
                if (i == _end)
                    return Finish(i, lines, final);
                var next = _buffer[i];
                if (next == (byte)',')
                {
                    i++;
                    continue;
                }
                if (next == (byte)'\n' || next == (byte)'\r')
                    return EndOfLine(i, lines, final);
                return Refuse("A quoted value is followed by other text before the next comma; quote the whole value.");
            }
            var stop = _buffer.AsSpan(i, _end - i).IndexOfAny((byte)',', (byte)'\n', (byte)'"');
            if (stop < 0)
            {
                if (!final)
                    return Parse.NeedMore;
                AddField(i, TrimReturn(i, _end), false);
                return Finish(_end, lines, final);
            }
            var at = i + stop;
            switch (_buffer[at])
            {
                case (byte)'"':
                    return Refuse("A quote appears inside an unquoted value; quote the whole value and double the quotes inside it.");
                case (byte)',':
                    AddField(i, at - i, false);
                    i = at + 1;
                    continue;
                default:
                    AddField(i, TrimReturn(i, at), false);
                    _position = at + 1;
                    _line += lines + 1;
                    return Parse.Record;
            }
        }
    }

    private int TrimReturn(int start, int end) => end > start && _buffer[end - 1] == (byte)'\r' ? end - 1 - start : end - start;

    private Parse EndOfLine(int i, int lines, bool final)
    {
        if (_buffer[i] == (byte)'\r')
        {
            if (i + 1 == _end && !final)
                return Parse.NeedMore;
            if (i + 1 < _end && _buffer[i + 1] == (byte)'\n')
                i++;
        }
        _position = i + 1;
        _line += lines + 1;
        return Parse.Record;
    }

    private Parse Finish(int i, int lines, bool final)
    {
        if (!final)
            return Parse.NeedMore;
        _position = i;
        _line += lines;
        return Parse.Record;
    }

    private Parse Refuse(string reason)
    {
        Errors.Add(Row + 1, "", $"Line {_line}: {reason}");
        _broken = true;
        return Parse.Broken;
    }

    private void AddField(int start, int length, bool escaped)
    {
        if (_fieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, _fieldCount * 2);
            Array.Resize(ref _lengths, _fieldCount * 2);
            Array.Resize(ref _inScratch, _fieldCount * 2);
        }
        if (escaped)
        {
            if (_scratch.Length < _scratchUsed + length)
                Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + length));
            var written = 0;
            for (var k = start; k < start + length; k++)
            {
                _scratch[_scratchUsed + written++] = _buffer[k];
                if (_buffer[k] == (byte)'"')
                    k++;
            }
            _starts[_fieldCount] = _scratchUsed;
            _lengths[_fieldCount] = written;
            _inScratch[_fieldCount] = true;
            _scratchUsed += written;
        }
        else
        {
            _starts[_fieldCount] = start;
            _lengths[_fieldCount] = length;
            _inScratch[_fieldCount] = false;
        }
        _fieldCount++;
    }
}

/// <summary>A JSON array of objects, one per row, read one element at a time; property names as the CSV columns (or camelCase).</summary>
internal sealed class JsonRecordReader(Stream stream, IReadOnlyList<string> columns, RowErrors errors) : RawRecordReader(stream, columns, errors)
{
    private readonly byte[]?[] _values = new byte[columns.Count][];
    private List<PauseFields>? _pauses;
    private IAsyncEnumerator<JsonElement>? _elements;

    public override ReadOnlySpan<byte> Field(int column) => _values[column] is { } value ? value.AsSpan().Trim((byte)' ') : default;

    public override IReadOnlyList<PauseFields>? StructuredPauses => _pauses;

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        _elements ??= JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(new HashedStream(this), cancellationToken: cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            if (!await _elements.MoveNextAsync())
                return false;
        }
        catch (JsonException e)
        {
            Errors.Add(Row + 1, "", $"The file is not a JSON array of row objects{(e.LineNumber is { } line ? $" (line {line + 1})" : "")}: " +
                                    e.Message.Split(" Path:", StringSplitOptions.None)[0]);
            return false;
        }
        Row++;
        Array.Clear(_values);
        _pauses = null;
        var element = _elements.Current;
        if (element.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(Row, "", $"Each element of the array must be an object of columns ({string.Join(", ", Columns)}); this one is {element.ValueKind}.");
            return true;
        }
        foreach (var property in element.EnumerateObject())
        {
            var column = ColumnOf(property.Name);
            if (column < 0)
            {
                Errors.Add(Row, property.Name, $"'{property.Name}' is not a column; the columns are {string.Join(", ", Columns)}.");
                continue;
            }
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    break;
                case JsonValueKind.String:
                    _values[column] = Encoding.UTF8.GetBytes(value.GetString()!);
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    _values[column] = Encoding.UTF8.GetBytes(value.GetRawText());
                    break;
                case JsonValueKind.Array when Columns[column] == "pauses":
                    _pauses = value.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.Object
                        ? new PauseFields(Text(p, "start"), Text(p, "end"), Text(p, "reason"))
                        : new PauseFields(null, null, null)).ToList();
                    _values[column] = _pauses.Count > 0 ? "structured"u8.ToArray() : null;
                    break;
                default:
                    Errors.Add(Row, Columns[column], $"'{Columns[column]}' must be a string, number or true/false, not {value.ValueKind}.");
                    break;
            }
        }
        return true;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The serializer reads through the reader, so its bytes are hashed too.</summary>
    private ValueTask<int> ReadForJsonAsync(Memory<byte> buffer, CancellationToken cancellationToken) => ReadBytesAsync(buffer, cancellationToken);

    private sealed class HashedStream(JsonRecordReader reader) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            reader.ReadForJsonAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    public override ValueTask DisposeReaderAsync() => _elements?.DisposeAsync() ?? ValueTask.CompletedTask;
}

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
