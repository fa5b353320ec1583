using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SlaGovernance.Data;
using SlaGovernance.Data.Dialects;
using SlaGovernance.Data.RawData;
using SlaGovernance.Web.Features.RawData;

namespace SlaGovernance.Benchmarks;

/// <summary>
/// One million probe rows from CSV into PostgreSQL: the real parser and bulk path (RawFileSource into RawDataStore, binary COPY)
/// against psql's \copy of the same file into the same table with the same index, alternating, in one run.
/// </summary>
public static class IngestBenchmarks
{
    public const string Variable = "SLAGOV_BENCH_POSTGRES";
    private const int Rows = 1_000_000;
    private const int Runs = 3;

    public static async Task RunAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } server)
        {
            Console.WriteLine($"Ingest: skipped, {Variable} is not set (a PostgreSQL connection string).");
            return;
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = "slagov_bench_ingest" }.ConnectionString;
        var database = new Database(new PostgresDialect(), connectionString);
        await database.Dialect.PrepareDatabaseAsync(connectionString, CancellationToken.None);
        await new DatabaseMigrator(database, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        var agreementId = await AgreementAsync(database);
        var file = Path.Combine(Path.GetTempPath(), "slagov-bench-probes.csv");
        var size = WriteFile(file);
        Console.WriteLine($"Ingest: {Rows:N0} probe rows, CSV of {size / 1e6:F1} MB, into PostgreSQL probe_samples (index on agreement, service, time)");

        var psql = File.Exists("/usr/lib/postgresql/15/bin/psql") ? "/usr/lib/postgresql/15/bin/psql" : "psql";
        var ours = new List<double>();
        var theirs = new List<double>();
        long allocated = 0;
        for (var run = 0; run < Runs; run++)
        {
            await ResetAsync(database);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                var source = new RawFileSource<ProbeSampleRow>(RawFileFormat.Csv, stream, new ProbeSampleFormat());
                var result = await new RawDataStore(database).IngestAsync(new IngestRequest(agreementId, RawDataKind.ProbeSamples, "csv",
                    "bench.csv", "benchmark", false, DateTimeOffset.UtcNow), source, CancellationToken.None);
                if (result.Status != IngestStatus.Stored || result.Upload!.RowCount != Rows)
                    throw new InvalidOperationException($"Ingest did not store {Rows} rows: {result.Status} {string.Join("; ", source.Errors.All)}");
            }
            clock.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            ours.Add(clock.Elapsed.TotalSeconds);

            await ResetAsync(database);
            await PsqlDefaultsAsync(database, agreementId, set: true);
            clock.Restart();
            Psql(psql, server, $"\\copy probe_samples (service, observed_at, up, latency_ms) FROM '{file}' WITH (FORMAT csv, HEADER true)");
            clock.Stop();
            theirs.Add(clock.Elapsed.TotalSeconds);
            await PsqlDefaultsAsync(database, agreementId, set: false);
            await using var connection = await database.OpenAsync();
            var copied = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe_samples");
            if (copied != Rows)
                throw new InvalidOperationException($"psql copied {copied} rows, not {Rows}.");
            Console.WriteLine($"  run {run + 1}: ours {ours[^1]:F2} s, psql \\copy {theirs[^1]:F2} s");
        }
        var oursMedian = ours.Order().ElementAt(Runs / 2);
        var theirsMedian = theirs.Order().ElementAt(Runs / 2);
        Console.WriteLine($"  ours (parse + validate + binary COPY)  median {oursMedian:F2} s  {Rows / oursMedian,10:N0} rows/s");
        Console.WriteLine($"  psql \\copy                             median {theirsMedian:F2} s  {Rows / theirsMedian,10:N0} rows/s");
        Console.WriteLine($"  ratio ours/psql {theirsMedian / oursMedian:P0} (target at least 50%)");
        Console.WriteLine($"  memory: {allocated / 1e6:F1} MB allocated in one ingest of a {size / 1e6:F1} MB file; " +
                          $"process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
        await ResetAsync(database);
        File.Delete(file);
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
