using System.Diagnostics;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Dialects;
using SlaGovernance.Data.RawData;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Benchmarks;

/// <summary>
/// One year of per-minute probe samples (525,600) for one SLO in PostgreSQL: the whole evaluation a compliance report runs
/// (samples streamed from the database in time order through ComplianceInputs into the ProbeAccumulator, with weekly
/// maintenance exclusions) against a bare Npgsql reader loop over the same rows, and the same for a tenth of the samples
/// to show that memory does not grow with their number.
/// </summary>
public static class ComplianceDbBenchmarks
{
    private const int YearSamples = 525_600;
    private const int Runs = 9;
    private static readonly Guid AgreementId = Guid.Parse("00000000-0000-0000-0000-00000000c001");
    private static readonly Instant YearStart = Instant.FromUtc(2025, 1, 1, 0, 0);

    public static async Task RunAsync()
    {
        if (Environment.GetEnvironmentVariable(IngestBenchmarks.Variable) is not { Length: > 0 } server)
        {
            Console.WriteLine($"Compliance DB read: skipped, {IngestBenchmarks.Variable} is not set (a PostgreSQL connection string).");
            return;
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = "slagov_bench_compliance" }.ConnectionString;
        var database = new Database(new PostgresDialect(), connectionString);
        await database.Dialect.PrepareDatabaseAsync(connectionString, CancellationToken.None);
        await new DatabaseMigrator(database, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        await SeedAsync(database);
        Console.WriteLine("Compliance DB read: per-minute probe samples of one SLO from PostgreSQL (24x7, weekly 2 h maintenance excluded), " +
                          $"median of {Runs} runs, alternating");
        foreach (var (service, samples) in new[] { ("Year", YearSamples), ("Tenth", YearSamples / 10) })
        {
            var span = new Interval(YearStart, YearStart + Duration.FromMinutes(samples));
            var evaluation = new List<double>();
            var bare = new List<double>();
            long evaluationBytes = 0, bareBytes = 0;
            SloResult? result = null;
            for (var run = -2; run < Runs; run++)
            {
                var (seconds, bytes, found) = await TimedAsync(() => EvaluateAsync(database, service, span));
                var (bareSeconds, bareAllocated, rows) = await TimedAsync(() => BareReadAsync(connectionString, service, span));
                if (rows != samples)
                    throw new InvalidOperationException($"The bare read found {rows} rows of {service}, not {samples}.");
                if (run < 0)
                    continue; // warm-up: JIT, pools, the server's cache
                result = found;
                evaluation.Add(seconds);
                bare.Add(bareSeconds);
                evaluationBytes = bytes;
                bareBytes = bareAllocated;
            }
            var (e, b) = (Median(evaluation), Median(bare));
            Console.WriteLine($"  {samples,7:N0} samples  evaluation incl. DB read {e * 1e3,8:F1} ms ({samples / e / 1e6,5:F2} M/s, {evaluationBytes,11:N0} B allocated)" +
                              $"  bare Npgsql read {b * 1e3,8:F1} ms ({bareBytes,11:N0} B)  ratio {e / b:F2}x" +
                              $"  attainment {result!.AttainmentPercent:F4}% coverage {result.DataCoveragePercent:F2}%");
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task<(double Seconds, long Bytes, T Value)> TimedAsync<T>(Func<Task<T>> operation)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var value = await operation();
        clock.Stop();
        return (clock.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - before, value);
    }

    /// <summary>What a report does for a probe-measured availability SLO.</summary>
    private static async Task<SloResult> EvaluateAsync(Database database, string service, Interval span)
    {
        var zone = DateTimeZone.Utc;
        var period = CompliancePeriod.Of(span);
        var maintenance = new RecurringMaintenance(IsoDayOfWeek.Sunday, new LocalTime(2, 0), Duration.FromHours(2)).ExpandFor(span, zone);
        var slo = new AvailabilitySlo(new SloTarget(99.9m), ServiceWindow.AlwaysOn, ExclusionTreatment.CountsAsAvailable, MissingDataPolicy.ExcludedAsUnknown);
        var accumulator = slo.StartProbeEvaluation(period, maintenance, Duration.FromMinutes(1));
        await new ComplianceInputs(database).StreamProbeSamplesAsync(AgreementId, service, new Interval(span.Start - Duration.FromMinutes(1), span.End),
            accumulator);
        return accumulator.Result();
    }

    /// <summary>The floor: the same rows through a plain Npgsql reader loop, nothing evaluated.</summary>
    private static Task<long> BareReadAsync(string connectionString, string service, Interval span) =>
        BareProbeRead.RowsAsync(connectionString, AgreementId, service, new Interval(span.Start - Duration.FromMinutes(1), span.End));

    /// <summary>The agreement and its samples, written once through the real bulk path (binary COPY) and kept between runs.</summary>
    private static async Task SeedAsync(Database database)
    {
        await using (var connection = await database.OpenAsync())
        {
            var existing = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe_samples WHERE agreement_id = @Id", new { Id = AgreementId });
            if (existing == YearSamples + YearSamples / 10)
                return;
            await connection.ExecuteAsync("DELETE FROM probe_samples WHERE agreement_id = @Id; DELETE FROM data_uploads WHERE agreement_id = @Id; " +
                                          "DELETE FROM agreements WHERE id = @Id", new { Id = AgreementId });
            await connection.ExecuteAsync("""
                INSERT INTO agreements (id, vendor_id, kind, title, status, current_version, term_start, term_end, monthly_fee, currency, annual_value,
                                        time_zone, created_by, created_at, updated_at, version)
                VALUES (@Id, NULL, 'VendorSla', 'Compliance benchmark', 'Active', 1, DATE '2025-01-01', DATE '2026-12-31', 0, 'EUR', 0, 'UTC', 'benchmark',
                        now(), now(), 1)
                """, new { Id = AgreementId });
        }
        var clock = Stopwatch.StartNew();
        foreach (var (service, count) in new[] { ("Year", YearSamples), ("Tenth", YearSamples / 10) })
        {
            var result = await new RawDataStore(database, new AuditLog(database, TimeProvider.System)).IngestAsync(new IngestRequest(AgreementId, RawDataKind.ProbeSamples, "csv", $"{service}.csv",
                "benchmark", false, DateTimeOffset.UtcNow), new GeneratedProbes(service, count), CancellationToken.None);
            if (result.Status != IngestStatus.Stored)
                throw new InvalidOperationException($"Seeding {service} failed: {result.Status}.");
        }
        await using (var connection = await database.OpenAsync())
            await connection.ExecuteAsync("VACUUM ANALYZE probe_samples");
        Console.WriteLine($"Compliance DB read: inserted {YearSamples:N0} + {YearSamples / 10:N0} samples in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A sample a minute from the start of 2025, one in 500 down.</summary>
    private sealed class GeneratedProbes(string service, int count) : IRawDataSource<ProbeSampleRow>
    {
        public bool HasErrors => false;

        public string Sha256 => $"generated-{service}-{count}";

        public async IAsyncEnumerable<IReadOnlyList<ProbeSampleRow>> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            const int batch = 10_000;
            for (var start = 0; start < count; start += batch)
            {
                var rows = new List<ProbeSampleRow>(batch);
                for (var i = start; i < Math.Min(count, start + batch); i++)
                    rows.Add(new ProbeSampleRow(service, new ProbeSample(YearStart + Duration.FromMinutes(i), up: i % 500 != 0)));
                yield return rows;
                await Task.Yield();
            }
        }
    }
}
