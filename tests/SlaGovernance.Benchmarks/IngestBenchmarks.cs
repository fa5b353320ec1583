using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Dialects;
using SlaGovernance.Data.RawData;
using SlaGovernance.Web.Features.RawData;

namespace SlaGovernance.Benchmarks;

/// <summary>
/// One million probe rows from CSV. Reading alone (parse, validate into rows, SHA-256 of the file): our reader (RawFileSource)
/// against the same path on Sep (SepCsvSource), alternating, after both have warmed up. Then, when a PostgreSQL server is given,
/// the whole ingest into PostgreSQL (binary COPY) with each reader against psql's \copy of the same file into the same table
/// with the same index, alternating, in one run.
/// </summary>
public static class IngestBenchmarks
{
    public const string Variable = "SLAGOV_BENCH_POSTGRES";
    private const int Rows = 1_000_000;
    private const int Runs = 3;
    private const int ReadRuns = 7;

    private delegate IRawDataSource<ProbeSampleRow> Reader(Stream stream);

    private static readonly Reader Ours = stream => new RawFileSource<ProbeSampleRow>(RawFileFormat.Csv, stream, new ProbeSampleFormat());
    private static readonly Reader OnSep = stream => new SepCsvSource<ProbeSampleRow>(stream, new ProbeSampleFormat());

    public static async Task RunAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), "slagov-bench-probes.csv");
        var size = WriteFile(file);
        try
        {
            Console.WriteLine($"Ingest: {Rows:N0} probe rows, CSV of {size / 1e6:F1} MB");
            await CompareReadersAsync(file, size);
            if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } server)
                Console.WriteLine($"  into PostgreSQL: skipped, {Variable} is not set (a PostgreSQL connection string).");
            else
                await IngestAsync(server, file, size);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Each reader is timed in turn, the order swapped every run, once both give the same rows and have warmed up.</summary>
    private static async Task CompareReadersAsync(string file, long size)
    {
        await SameRowsAsync(file);
        var warmup = Stopwatch.StartNew();
        var oursSettling = new Measure.Settling();
        var sepSettling = new Measure.Settling();
        while (warmup.Elapsed < TimeSpan.FromSeconds(10) || (!oursSettling.IsSettled || !sepSettling.IsSettled) && warmup.Elapsed < TimeSpan.FromSeconds(90))
        {
            oursSettling.Add((await ReadAsync(Ours, file)).Seconds);
            sepSettling.Add((await ReadAsync(OnSep, file)).Seconds);
        }
        Console.WriteLine($"  reading alone (parse, validate, SHA-256; no database), {ReadRuns} runs each, alternating, after {warmup.Elapsed.TotalSeconds:F0} s warm-up:");
        var oursRuns = new List<Read>();
        var sepRuns = new List<Read>();
        for (var run = 0; run < ReadRuns; run++)
        {
            if (run % 2 == 0)
            {
                oursRuns.Add(await ReadAsync(Ours, file));
                sepRuns.Add(await ReadAsync(OnSep, file));
            }
            else
            {
                sepRuns.Add(await ReadAsync(OnSep, file));
                oursRuns.Add(await ReadAsync(Ours, file));
            }
            Console.WriteLine($"    run {run + 1}: ours {oursRuns[^1].Seconds:F3} s, Sep {sepRuns[^1].Seconds:F3} s");
        }
        var oursMedian = oursRuns.Select(r => r.Seconds).Order().ElementAt(ReadRuns / 2);
        var sepMedian = sepRuns.Select(r => r.Seconds).Order().ElementAt(ReadRuns / 2);
        Console.WriteLine($"    ours (RawFileSource)   median {oursMedian:F3} s  {Rows / oursMedian,10:N0} rows/s  {size / oursMedian / 1e6,6:F0} MB/s  " +
                          $"{oursRuns.Select(r => r.Allocated).Order().ElementAt(ReadRuns / 2) / 1e6,7:F1} MB allocated a read");
        Console.WriteLine($"    Sep (SepCsvSource)     median {sepMedian:F3} s  {Rows / sepMedian,10:N0} rows/s  {size / sepMedian / 1e6,6:F0} MB/s  " +
                          $"{sepRuns.Select(r => r.Allocated).Order().ElementAt(ReadRuns / 2) / 1e6,7:F1} MB allocated a read");
        Console.WriteLine($"    ratio Sep/ours {sepMedian / oursMedian:F2} (time; above 1 means Sep is slower)");
    }

    private static async Task SameRowsAsync(string file)
    {
        var ours = new List<ProbeSampleRow>(Rows);
        var sep = new List<ProbeSampleRow>(Rows);
        var oursHash = (await ReadAsync(Ours, file, ours)).Sha256;
        var sepHash = (await ReadAsync(OnSep, file, sep)).Sha256;
        if (!ours.SequenceEqual(sep) || oursHash != sepHash)
            throw new InvalidOperationException($"The readers disagree: ours {ours.Count:N0} rows, Sep {sep.Count:N0}; hashes {oursHash} and {sepHash}.");
    }

    private sealed record Read(double Seconds, long Allocated, string Sha256);

    private static async Task<Read> ReadAsync(Reader reader, string file, List<ProbeSampleRow>? keep = null)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        long count = 0;
        await using var stream = Open(file);
        var source = reader(stream);
        await foreach (var batch in source.ReadBatchesAsync(CancellationToken.None))
        {
            count += batch.Count;
            keep?.AddRange(batch);
        }
        clock.Stop();
        if (source.HasErrors || count != Rows)
            throw new InvalidOperationException($"A reader did not read {Rows} rows: {count}.");
        return new Read(clock.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - before, source.Sha256);
    }

    private static FileStream Open(string file) =>
        new(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static async Task IngestAsync(string server, string file, long size)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = "slagov_bench_ingest" }.ConnectionString;
        var database = new Database(new PostgresDialect(), connectionString);
        await database.Dialect.PrepareDatabaseAsync(connectionString, CancellationToken.None);
        await new DatabaseMigrator(database, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        var agreementId = await AgreementAsync(database);
        Console.WriteLine("  into PostgreSQL probe_samples (index on agreement, service, time):");

        var psql = File.Exists("/usr/lib/postgresql/15/bin/psql") ? "/usr/lib/postgresql/15/bin/psql" : "psql";
        var ours = new List<double>();
        var sep = new List<double>();
        var theirs = new List<double>();
        long allocated = 0;
        // One untimed ingest with each reader first: the first after creating the table ran 40% slower.
        await IngestWithAsync(Ours, database, agreementId, file);
        await IngestWithAsync(OnSep, database, agreementId, file);
        for (var run = 0; run < Runs; run++)
        {
            if (run % 2 == 1)
                sep.Add(await IngestWithAsync(OnSep, database, agreementId, file));
            var before = GC.GetTotalAllocatedBytes(precise: true);
            ours.Add(await IngestWithAsync(Ours, database, agreementId, file));
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            if (run % 2 == 0)
                sep.Add(await IngestWithAsync(OnSep, database, agreementId, file));

            await ResetAsync(database);
            await PsqlDefaultsAsync(database, agreementId, set: true);
            var clock = Stopwatch.StartNew();
            Psql(psql, server, $"\\copy probe_samples (service, observed_at, up, latency_ms) FROM '{file}' WITH (FORMAT csv, HEADER true)");
            clock.Stop();
            theirs.Add(clock.Elapsed.TotalSeconds);
            await PsqlDefaultsAsync(database, agreementId, set: false);
            await using var connection = await database.OpenAsync();
            var copied = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe_samples");
            if (copied != Rows)
                throw new InvalidOperationException($"psql copied {copied} rows, not {Rows}.");
            Console.WriteLine($"    run {run + 1}: ours {ours[^1]:F2} s, Sep {sep[^1]:F2} s, psql \\copy {theirs[^1]:F2} s");
        }
        var oursMedian = ours.Order().ElementAt(Runs / 2);
        var sepMedian = sep.Order().ElementAt(Runs / 2);
        var theirsMedian = theirs.Order().ElementAt(Runs / 2);
        Console.WriteLine($"    ours (parse + validate + binary COPY)  median {oursMedian:F2} s  {Rows / oursMedian,10:N0} rows/s");
        Console.WriteLine($"    Sep  (parse + validate + binary COPY)  median {sepMedian:F2} s  {Rows / sepMedian,10:N0} rows/s");
        Console.WriteLine($"    psql \\copy                             median {theirsMedian:F2} s  {Rows / theirsMedian,10:N0} rows/s");
        Console.WriteLine($"    ratio ours/psql {theirsMedian / oursMedian:P0} (target at least 50%)");
        Console.WriteLine($"    memory: {allocated / 1e6:F1} MB allocated in one ingest of a {size / 1e6:F1} MB file with ours; " +
                          $"process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
        await ResetAsync(database);
    }

    private static async Task<double> IngestWithAsync(Reader reader, Database database, Guid agreementId, string file)
    {
        await ResetAsync(database);
        var clock = Stopwatch.StartNew();
        await using (var stream = Open(file))
        {
            var source = reader(stream);
            var result = await new RawDataStore(database, new AuditLog(database, TimeProvider.System)).IngestAsync(new IngestRequest(agreementId, RawDataKind.ProbeSamples, "csv",
                "bench.csv", "benchmark", false, DateTimeOffset.UtcNow), source, CancellationToken.None);
            if (result.Status != IngestStatus.Stored || result.Upload!.RowCount != Rows)
                throw new InvalidOperationException($"Ingest did not store {Rows} rows: {result.Status}.");
        }
        clock.Stop();
        return clock.Elapsed.TotalSeconds;
    }

    private static long WriteFile(string path)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            writer.Write("service,timestamp,up,latency_ms\n");
            for (var i = 0; i < Rows; i++)
            {
                writer.Write("Customer portal,");
                writer.Write(start.AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                writer.Write(i % 97 == 0 ? ",false," : ",true,");
                if (i % 10 != 0)
                    writer.Write((80 + i % 200).ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }
        return new FileInfo(path).Length;
    }

    private static async Task<Guid> AgreementAsync(Database database)
    {
        var id = Guid.Parse("00000000-0000-0000-0000-00000000b001");
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO agreements (id, vendor_id, kind, title, status, current_version, term_start, term_end, monthly_fee, currency, annual_value,
                                    time_zone, created_by, created_at, updated_at, version)
            VALUES (@Id, NULL, 'VendorSla', 'Ingest benchmark', 'Active', 1, DATE '2026-01-01', DATE '2027-12-31', 0, 'EUR', 0, 'UTC', 'benchmark',
                    now(), now(), 1)
            ON CONFLICT (id) DO NOTHING
            """, new { Id = id });
        return id;
    }

    private static async Task ResetAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("TRUNCATE probe_samples; DELETE FROM data_uploads;");
        await connection.ExecuteAsync("VACUUM ANALYZE probe_samples");
    }

    /// <summary>psql copies the file's four columns; the upload and agreement ids come from defaults, as ours writes them per row.</summary>
    private static async Task PsqlDefaultsAsync(Database database, Guid agreementId, bool set)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(set
            ? $"ALTER TABLE probe_samples ALTER COLUMN upload_id SET DEFAULT '{Guid.NewGuid()}', ALTER COLUMN agreement_id SET DEFAULT '{agreementId}'"
            : "ALTER TABLE probe_samples ALTER COLUMN upload_id DROP DEFAULT, ALTER COLUMN agreement_id DROP DEFAULT");
    }

    private static void Psql(string psql, string server, string command)
    {
        var builder = new NpgsqlConnectionStringBuilder(server);
        var start = new ProcessStartInfo(psql) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username ?? "postgres",
                     "-d", "slagov_bench_ingest", "-v", "ON_ERROR_STOP=1", "-c", command })
            start.ArgumentList.Add(argument);
        if (builder.Password is { } password)
            start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"psql failed: {error.Result}");
    }
}
