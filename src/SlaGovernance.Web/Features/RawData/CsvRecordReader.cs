using System.Text;

namespace SlaGovernance.Web.Features.RawData;

/// <summary>
/// CSV records by column: a header row naming the columns in any order (a byte order mark before it is skipped), then one
/// record per row, blank lines skipped. Faults are reported with the data row and the file line they are on.
/// </summary>
internal sealed class CsvRecordReader : RawRecordReader
{
    private readonly IReadOnlyList<bool> _required;
    private readonly CsvTokenizer _tokens;
    private bool _headerRead;
    private int _headerFields;
    private bool _broken;
    private int[] _fieldOfColumn = [];

    public CsvRecordReader(Stream stream, IReadOnlyList<string> columns, IReadOnlyList<bool> required, RowErrors errors)
        : base(stream, columns, errors)
    {
        _required = required;
        _tokens = new CsvTokenizer(ReadBytesAsync);
    }

    public override ReadOnlySpan<byte> Field(int column)
    {
        var field = _fieldOfColumn[column];
        if (field < 0 || field >= _tokens.FieldCount)
            return default;
        return _tokens.Field(field).Trim((byte)' ');
    }

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (!_broken)
        {
            var recordLine = _tokens.Line;
            var outcome = _tokens.TryRead();
            if (outcome == CsvTokenizer.Outcome.NeedMore)
            {
                if (_tokens.EndOfFile)
                    return false;
                await _tokens.FillAsync(cancellationToken);
                continue;
            }
            if (outcome == CsvTokenizer.Outcome.Broken)
            {
                Errors.Add(Row + 1, "", $"Line {recordLine}: {_tokens.Fault}");
                _broken = true;
                return false;
            }
            if (_tokens.IsBlankLine)
                continue;
            if (!_headerRead)
            {
                ReadHeader();
                continue;
            }
            Row++;
            if (_tokens.FieldCount != _headerFields)
                Errors.Add(Row, "", $"Line {recordLine} has {_tokens.FieldCount} fields but the header has {_headerFields}; quote values that contain commas.");
            return true;
        }
        return false;
    }

    private void ReadHeader()
    {
        _headerRead = true;
        _headerFields = _tokens.FieldCount;
        _fieldOfColumn = Enumerable.Repeat(-1, Columns.Count).ToArray();
        for (var f = 0; f < _tokens.FieldCount; f++)
        {
            var span = _tokens.Field(f);
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
            if (_required[c] && _fieldOfColumn[c] < 0)
                Errors.Add(0, Columns[c], $"The header has no column '{Columns[c]}', which is required; the columns are {string.Join(", ", Columns)}.");
        }
        if (Errors.Any)
            _broken = true;
    }
}
