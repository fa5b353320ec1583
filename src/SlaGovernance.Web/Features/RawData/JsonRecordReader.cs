using System.Text;
using System.Text.Json;

namespace SlaGovernance.Web.Features.RawData;

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
