namespace SlaGovernance.Web.Features.RawData;

/// <summary>
/// RFC 4180 CSV over UTF-8 bytes, one record at a time: fields quoted when they hold commas, quotes or line breaks ("" stands
/// for one quote), CRLF or LF line ends. A record's fields stay in the read buffer (or, unescaped, in a scratch buffer) until
/// the next record is read; the buffer grows when one record is longer than it.
/// </summary>
internal sealed class CsvTokenizer(Func<Memory<byte>, CancellationToken, ValueTask<int>> read)
{
    public enum Outcome
    {
        Record,
        NeedMore,
        Broken,
    }

    private byte[] _buffer = new byte[64 * 1024];
    private int _position;
    private int _end;

    // The record's fields in file order: where each starts and how long it is, in _buffer or (unescaped) in _scratch.
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private bool[] _inScratch = new bool[16];
    private byte[] _scratch = new byte[256];
    private int _scratchUsed;

    public bool EndOfFile { get; private set; }

    /// <summary>The file line the next record starts on, from 1; a quoted line break makes a record span several lines.</summary>
    public long Line { get; private set; } = 1;

    public int FieldCount { get; private set; }

    /// <summary>Why the rest of the file cannot be read, once <see cref="TryRead"/> answered <see cref="Outcome.Broken"/>.</summary>
    public string Fault { get; private set; } = "";

    public ReadOnlySpan<byte> Field(int field) => (_inScratch[field] ? _scratch : _buffer).AsSpan(_starts[field], _lengths[field]);

    public bool IsBlankLine => FieldCount == 1 && _lengths[0] == 0 && !_inScratch[0];

    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_position > 0)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, _end - _position);
            _end -= _position;
            _position = 0;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2); // one record longer than the buffer
        var count = await read(_buffer.AsMemory(_end), cancellationToken);
        if (count == 0)
            EndOfFile = true;
        _end += count;
    }

    /// <summary>The next record from what is buffered; NeedMore until the buffer holds a whole one (or the file has ended).</summary>
    public Outcome TryRead()
    {
        var final = EndOfFile;
        if (_position == _end)
            return Outcome.NeedMore;
        FieldCount = 0;
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
                        return Outcome.NeedMore;
                    }
                    j += quote;
                    if (j + 1 < _end && _buffer[j + 1] == (byte)'"')
                    {
                        escaped = true;
                        j += 2;
                        continue;
                    }
                    if (j + 1 == _end && !final)
                        return Outcome.NeedMore;
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
                    return Outcome.NeedMore;
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
                    Line += lines + 1;
                    return Outcome.Record;
            }
        }
    }

    private int TrimReturn(int start, int end) => end > start && _buffer[end - 1] == (byte)'\r' ? end - 1 - start : end - start;

    private Outcome EndOfLine(int i, int lines, bool final)
    {
        if (_buffer[i] == (byte)'\r')
        {
            if (i + 1 == _end && !final)
                return Outcome.NeedMore;
            if (i + 1 < _end && _buffer[i + 1] == (byte)'\n')
                i++;
        }
        _position = i + 1;
        Line += lines + 1;
        return Outcome.Record;
    }

    private Outcome Finish(int i, int lines, bool final)
    {
        if (!final)
            return Outcome.NeedMore;
        _position = i;
        Line += lines;
        return Outcome.Record;
    }

    private Outcome Refuse(string reason)
    {
        Fault = reason;
        return Outcome.Broken;
    }

    private void AddField(int start, int length, bool escaped)
    {
        var field = FieldCount;
        if (field == _starts.Length)
        {
            Array.Resize(ref _starts, field * 2);
            Array.Resize(ref _lengths, field * 2);
            Array.Resize(ref _inScratch, field * 2);
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
            _starts[field] = _scratchUsed;
            _lengths[field] = written;
            _inScratch[field] = true;
            _scratchUsed += written;
        }
        else
        {
            _starts[field] = start;
            _lengths[field] = length;
            _inScratch[field] = false;
        }
        FieldCount = field + 1;
    }
}
