using System.Security.Cryptography;
using System.Text;
using SlaGovernance.Data.RawData;
using SlaGovernance.Web.Features.RawData;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// What the CSV reader promises an uploader, read through <see cref="RawFileSource{TRow}"/> whole and in small chunks, so a
/// record or a quote split across reads of the upload stream is read the same.
/// </summary>
public sealed class CsvReadingTests
{
    public static TheoryData<int> Chunks() => [int.MaxValue, 1, 7];

    private sealed record Read<TRow>(List<TRow> Rows, List<RowError> Errors, string Sha256);

    private static async Task<Read<TRow>> ReadAsync<TRow>(RawRowFormat<TRow> format, string body, int chunk)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var source = new RawFileSource<TRow>(RawFileFormat.Csv, new ChunkedStream(bytes, chunk), format);
        var rows = new List<TRow>();
        await foreach (var batch in source.ReadBatchesAsync(CancellationToken.None))
            rows.AddRange(batch);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), source.Sha256);
        return new Read<TRow>(rows, source.Errors.All.ToList(), source.Sha256);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task A_byte_order_mark_CRLF_blank_lines_quotes_and_header_names_in_any_spelling_read_as_written(int chunk)
    {
        var body = "\uFEFFService, START ,End,Cause\r\n" +
                   "\"Customer portal\",2026-03-05T10:00:00Z,2026-03-05T10:50:00Z,\"Disk full, then \"\"failover\"\"\"\r\n" +
                   "\r\n" +
                   "  Portal  ,2026-03-06T10:00:00Z,2026-03-06T11:00:00Z,\r\n" +
                   "API,2026-03-07T10:00:00Z,2026-03-07T11:00:00Z,\"two\r\nlines\"";

        var read = await ReadAsync(new OutageFormat(), body, chunk);

        Assert.Empty(read.Errors);
        Assert.Equal(["Customer portal", "Portal", "API"], read.Rows.Select(r => r.Service));
        Assert.Equal(["Disk full, then \"failover\"", null, "two\r\nlines"], read.Rows.Select(r => r.Cause));
        Assert.Equal(NodaTime.Instant.FromUtc(2026, 3, 6, 11, 0), read.Rows[1].Interval.End);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task Errors_name_the_data_row_and_the_file_line_after_a_quoted_line_break(int chunk)
    {
        var body = "service,timestamp,up,latency_ms\n" +
                   "\"Customer\nportal\",2026-03-01T00:00:00Z,true,1\n" +
                   "Portal,2026-03-01T00:01:00Z,true\n" +
                   "Portal,2026-03-01T00:02:00Z,maybe,1\n";

        var read = await ReadAsync(new ProbeSampleFormat(), body, chunk);

        Assert.Empty(read.Rows);
        Assert.Equal([
            new RowError(2, "", "Line 4 has 3 fields but the header has 4; quote values that contain commas."),
            new RowError(3, "up", "'maybe' is not up or down; write true or false (also accepted: 1/0, up/down, yes/no)."),
        ], read.Errors);
    }

    public static TheoryData<string, RowError> BrokenQuoting() => new()
    {
        { "service,timestamp,up\nPortal,2026-03-01T00:00:00Z,true\n\"Portal,2026-03-01T00:01:00Z,true\n",
            new RowError(2, "", "Line 3: A quoted value is not closed before the end of the file.") },
        { "service,timestamp,up\nPor\"tal,2026-03-01T00:00:00Z,true\n",
            new RowError(1, "", "Line 2: A quote appears inside an unquoted value; quote the whole value and double the quotes inside it.") },
        { "service,timestamp,up\r\n\"Portal\" x,2026-03-01T00:00:00Z,true\r\n",
            new RowError(1, "", "Line 2: A quoted value is followed by other text before the next comma; quote the whole value.") },
    };

    [Theory]
    [MemberData(nameof(BrokenQuoting))]
    public async Task Broken_quoting_stops_reading_with_the_line_and_what_to_do(string body, RowError expected)
    {
        foreach (var chunk in Chunks())
            Assert.Equal([expected], (await ReadAsync(new ProbeSampleFormat(), body, chunk)).Errors);
    }

    [Fact]
    public async Task Header_faults_are_reported_as_row_0_by_column()
    {
        var read = await ReadAsync(new ProbeSampleFormat(), "service,Service,when,up\nPortal,Portal,2026-03-01T00:00:00Z,true\n", int.MaxValue);

        Assert.Equal([
            new RowError(0, "Service", "The header names the column 'Service' twice."),
            new RowError(0, "when", "The header names an unknown column 'when'; the columns are service, timestamp, up, latency_ms."),
            new RowError(0, "timestamp", "The header has no column 'timestamp', which is required; the columns are service, timestamp, up, latency_ms."),
        ], read.Errors);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public async Task A_record_longer_than_the_read_buffer_is_read_whole_and_the_rows_after_it_keep_their_numbers(int chunk)
    {
        var cause = string.Concat(Enumerable.Repeat("Disk \"\"full\"\"\n", 6_000));
        var body = "service,start,end,cause\n" +
                   "Portal,2026-03-05T10:00:00Z,2026-03-05T10:50:00Z,\n" +
                   $"Portal,2026-03-05T11:00:00Z,2026-03-05T11:50:00Z,\"{cause}\"\n" +
                   "Portal,2026-03-05T12:00:00Z,2026-03-05T12:00:00,\n";

        var read = await ReadAsync(new OutageFormat(), body, chunk == int.MaxValue ? chunk : 4096 + chunk);

        Assert.Equal(2, read.Errors.Count);
        Assert.Equal(new RowError(2, "cause", "'cause' may be at most 1000 characters; this one has 71999."), read.Errors[0]);
        Assert.Equal((3L, "end"), (read.Errors[1].Row, read.Errors[1].Column));
        Assert.StartsWith("'2026-03-05T12:00:00' has no UTC offset", read.Errors[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_stops_at_the_error_limit_and_still_hashes_the_whole_file()
    {
        var body = "service,timestamp,up\n" + string.Concat(Enumerable.Range(1, 80).Select(i => $"Portal,2026-03-01T00:{i % 60:00}:00Z,maybe\n"));

        var read = await ReadAsync(new ProbeSampleFormat(), body, 7);

        Assert.Equal(RowErrors.Limit, read.Errors.Count);
        Assert.Equal(RowErrors.Limit, read.Errors[^1].Row);
    }

    /// <summary>An upload arriving a few bytes at a time.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
