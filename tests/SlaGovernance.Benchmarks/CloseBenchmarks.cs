using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using SlaGovernance.Benchmarks.Workflow;
using SlaGovernance.Data;
using SlaGovernance.Data.Dialects;
using SlaGovernance.Data.Events;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Claims;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Benchmarks;

/// <summary>
/// The month-end close of 1,000 agreements, each with 5 availability objectives measured by a probe every 5 minutes, over
/// October 2026 in Europe/Berlin (745 hours: the clocks go back on the 25th), about 45 M samples in PostgreSQL. The agreements are
/// imported through the application; the samples are generated in PostgreSQL with SQL (not through the app) and kept between runs.
/// Each close runs the two steps of workflows/compliance-close.json that touch the data, as the workflow runs them: the completeness
/// check and the report computed and archived (revision 1 each run: the previous run's reports are deleted first); then the error
/// budgets that follow each stored report. Against it, in the same run, a bare Npgsql read of the same rows in the same order.
/// Reported: total, per-agreement median and p99, peak managed memory over the first 100 agreements and over all of them.
/// </summary>
public static class CloseBenchmarks
{
    private const int Objectives = 5;
    private const string Zone = "Europe/Berlin";
    private const string Period = "2026-10";
    private const string TitlePrefix = "Close benchmark ";

    /// <summary>SLAGOV_BENCH_CLOSE_AGREEMENTS: fewer agreements for a quick look (default 1,000).</summary>
    private static int Agreements => int.TryParse(Environment.GetEnvironmentVariable("SLAGOV_BENCH_CLOSE_AGREEMENTS"), out var n) && n > 0 ? n : 1000;

    /// <summary>SLAGOV_BENCH_CLOSE_RUNS: measured runs after one warm-up (default 3).</summary>
    private static int Runs => int.TryParse(Environment.GetEnvironmentVariable("SLAGOV_BENCH_CLOSE_RUNS"), out var n) && n > 0 ? n : 3;

    private static readonly Interval Span = CompliancePeriod.Month(new YearMonth(2026, 10), DateTimeZoneProviders.Tzdb[Zone]).Interval;
    private static long SamplesPerObjective => (long)(Span.Duration.TotalMinutes / 5);

    public static async Task RunAsync()
    {
        if (Environment.GetEnvironmentVariable(IngestBenchmarks.Variable) is not { Length: > 0 } server)
        {
            Console.WriteLine($"Close: skipped, {IngestBenchmarks.Variable} is not set (a PostgreSQL connection string).");
            return;
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = "slagov_bench_close", CommandTimeout = 3600 }.ConnectionString;
        var database = new Database(new PostgresDialect(), connectionString);
        await database.Dialect.PrepareDatabaseAsync(connectionString, CancellationToken.None);
        await new DatabaseMigrator(database, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();

        var mail = Directory.CreateTempSubdirectory("slagov-close-mail-");
        await using var host = await BenchmarkHost.StartAsync("PostgreSql", connectionString, Path.Combine(AppContext.BaseDirectory, "workflows"), null,
            new Dictionary<string, string?> { ["Agreements:ImportNeedsConfirmation"] = "false", ["Email:PickupDirectory"] = mail.FullName },
            // The sweeps would start renewals and closes of their own on the imported agreements; the benchmark runs the closes itself.
            services =>
            {
                foreach (var sweep in services.Where(d => d.ServiceType == typeof(IHostedService)
                             && d.ImplementationType?.Name.EndsWith("Sweep", StringComparison.Ordinal) == true).ToList())
                    services.Remove(sweep);
            });
        var ids = await SeedAgreementsAsync(host, database);
        await SeedSamplesAsync(database, ids);

        var rowsPerAgreement = Objectives * SamplesPerObjective;
        Console.WriteLine($"Close: {ids.Count:N0} agreements x {Objectives} objectives x {SamplesPerObjective:N0} samples ({Period}, {Zone}) = " +
                          $"{ids.Count * rowsPerAgreement:N0} rows; {Runs} runs after a warm-up, alternating with a bare read of the same rows");
        var closes = new List<double>();
        var budgets = new List<double>();
        var bares = new List<double>();
        var perAgreement = new List<double>();
        long firstHundredPeak = 0, allPeak = 0, retainedAtHundred = 0, retainedAtEnd = 0;
        for (var run = -1; run < Runs; run++)
        {
            var measured = run >= 0;
            // Bare read first on even runs, the closes first on odd ones, so neither always has the warmer cache.
            async Task<double> Bare() => await BareReadAsync(connectionString, ids, rowsPerAgreement);
            var bareFirst = run % 2 == 0;
            double bare = bareFirst ? await Bare() : 0;
            var result = await ClosesAsync(host, database, ids);
            if (!bareFirst)
                bare = await Bare();
            if (!measured)
            {
                Console.WriteLine($"  warm-up: closes {result.Total:F1} s, bare read {bare:F1} s; {result.Missed:N0} agreements missed an objective, " +
                                  $"{result.Credits} credit due in all");
                continue;
            }
            closes.Add(result.Total);
            budgets.Add(result.Budgets);
            bares.Add(bare);
            perAgreement.AddRange(result.PerAgreement);
            (firstHundredPeak, allPeak) = (Math.Max(firstHundredPeak, result.FirstHundredPeak), Math.Max(allPeak, result.AllPeak));
            (retainedAtHundred, retainedAtEnd) = (result.RetainedAtHundred, result.RetainedAtEnd);
            Console.WriteLine($"  run {run + 1}: closes {result.Total:F1} s (of which the completeness checks {result.Checks:F1} s, error budgets after the reports {result.Budgets:F1} s), " +
                              $"bare read {bare:F1} s, ratio {result.Total / bare:F2}x");
        }
        perAgreement.Sort();
        var (close, bareMedian) = (Median(closes), Median(bares));
        Console.WriteLine($"  median: closes {close:F1} s ({ids.Count * rowsPerAgreement / close / 1e6:F2} M rows/s), bare read {bareMedian:F1} s " +
                          $"({ids.Count * rowsPerAgreement / bareMedian / 1e6:F2} M rows/s), ratio {close / bareMedian:F2}x (target within 2x); " +
                          $"error budgets {Median(budgets):F1} s of it");
        Console.WriteLine($"  per agreement (check + report + archive, {perAgreement.Count:N0} closes): median {Percentile(perAgreement, 0.5) * 1e3:F0} ms, " +
                          $"p99 {Percentile(perAgreement, 0.99) * 1e3:F0} ms, slowest {perAgreement[^1] * 1e3:F0} ms");
        Console.WriteLine($"  managed heap: peak {firstHundredPeak / 1048576.0:F0} MiB over the first 100 agreements, {allPeak / 1048576.0:F0} MiB over all " +
                          $"{ids.Count:N0}; live after a full collection {retainedAtHundred / 1048576.0:F0} MiB at 100, {retainedAtEnd / 1048576.0:F0} MiB at " +
                          $"{ids.Count:N0}; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
        mail.Delete(recursive: true);
    }

    private sealed record CloseRun(double Total, double Budgets, double Checks, List<double> PerAgreement, long FirstHundredPeak, long AllPeak, long RetainedAtHundred,
        long RetainedAtEnd, int Missed, string Credits);

    /// <summary>Each agreement's close, one after another, as the workflow's steps run it; then the error budgets the reports feed.</summary>
    private static async Task<CloseRun> ClosesAsync(BenchmarkHost host, Database database, IReadOnlyList<Guid> ids)
    {
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM compliance_reports WHERE period = @Period", new { Period });
            await connection.ExecuteAsync("VACUUM ANALYZE compliance_reports");
        }
        await DrainAsync(host);
        using var scope = host.Services.CreateScope();
        var actions = scope.ServiceProvider.GetServices<IWorkflowAction>().ToList();
        var check = actions.Single(a => a.Name == "compliance-close-check");
        var compute = actions.Single(a => a.Name == "compliance-close-compute");
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var sampler = new HeapSampler();
        var perAgreement = new List<double>(ids.Count);
        long firstHundredPeak = 0, retainedAtHundred = 0;
        var missed = 0;
        var checks = 0.0;
        var credits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < ids.Count; i++)
        {
            var subject = new WorkflowSubject
            {
                Type = ComplianceCloses.SubjectType, Id = ComplianceCloses.SubjectId(ids[i], Period), RequestedBy = "benchmark",
                Fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal),
            };
            var workflowId = Guid.Empty.ToString();
            var clock = Stopwatch.StartNew();
            await check.RunAsync(new WorkflowActionContext(subject, workflowId, ComplianceCloses.Definition, "check", $"bench/{i}/check"), CancellationToken.None);
            checks += clock.Elapsed.TotalSeconds;
            await compute.RunAsync(new WorkflowActionContext(subject, workflowId, ComplianceCloses.Definition, "compute", $"bench/{i}/compute"), CancellationToken.None);
            perAgreement.Add(clock.Elapsed.TotalSeconds);
            if (subject.Fields["dataMissing"].GetBoolean())
                throw new InvalidOperationException($"The close of agreement {ids[i]} found data missing: {subject.Fields["missingSummary"]}.");
            if (subject.Fields["needsReview"].GetBoolean())
                missed++;
            var amount = subject.Fields["creditAmount"].GetDecimal();
            credits["EUR"] = credits.GetValueOrDefault("EUR") + amount;
            if (i == 99)
            {
                firstHundredPeak = sampler.Peak;
                retainedAtHundred = GC.GetTotalMemory(forceFullCollection: true);
            }
        }
        var reports = total.Elapsed.TotalSeconds;
        await DrainAsync(host);
        var all = total.Elapsed.TotalSeconds;
        var allPeak = sampler.Peak;
        var retainedAtEnd = GC.GetTotalMemory(forceFullCollection: true);
        return new CloseRun(all, all - reports, checks, perAgreement, firstHundredPeak, allPeak, retainedAtHundred, retainedAtEnd, missed,
            string.Join(", ", credits.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value:N2} {c.Key}"))));
    }

    /// <summary>The floor: the same rows, objective by objective and agreement by agreement, through a plain Npgsql reader loop.</summary>
    private static async Task<double> BareReadAsync(string connectionString, IReadOnlyList<Guid> ids, long rowsPerAgreement)
    {
        var clock = Stopwatch.StartNew();
        long rows = 0;
        foreach (var id in ids)
            for (var s = 1; s <= Objectives; s++)
                rows += await BareProbeRead.RowsAsync(connectionString, id, $"Service {s}", Span);
        if (rows != ids.Count * rowsPerAgreement)
            throw new InvalidOperationException($"The bare read found {rows:N0} rows, not {ids.Count * rowsPerAgreement:N0}.");
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The agreements, imported as signed through the application once and kept between runs.</summary>
    private static async Task<List<Guid>> SeedAgreementsAsync(BenchmarkHost host, Database database)
    {
        List<Guid> Existing(IEnumerable<(Guid Id, string Title)> rows) => rows.OrderBy(r => r.Title, StringComparer.Ordinal).Select(r => r.Id).ToList();
        await using var connection = await database.OpenAsync();
        var existing = Existing(await connection.QueryAsync<(Guid, string)>(
            "SELECT id, title FROM agreements WHERE title LIKE @Prefix AND status = 'Active'", new { Prefix = TitlePrefix + "%" }));
        if (existing.Count >= Agreements)
            return existing.Take(Agreements).ToList();
        var clock = Stopwatch.StartNew();
        var vendorId = await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM vendors WHERE name = 'Close benchmark vendor'");
        if (vendorId is null)
        {
            using var admin = await host.ApiClientAsync($"close-admin-{Guid.NewGuid():N}"[..20], Roles.Admin);
            var created = await admin.PostAsJsonAsync("/api/v1/vendors", new { name = "Close benchmark vendor", riskTier = "Medium", contactEmail = "noc@vendor.test" });
            if (!created.IsSuccessStatusCode)
                throw new InvalidOperationException($"The vendor could not be created: {await created.Content.ReadAsStringAsync()}");
            vendorId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        var import = host.Services.GetRequiredService<ImportSignedAgreement>();
        var template = AgreementSamples.Hosting(vendorId) with
        {
            TermStart = new DateOnly(2026, 1, 1), TermEnd = new DateOnly(2027, 12, 31), TimeZone = Zone,
            Slos = [.. Enumerable.Range(1, Objectives).Select(s => new ServiceLevelObjective($"Service {s}", MetricKind.Availability, 99.9m,
                WindowKind.CalendarMonth, null, false, null, new Measurement("Synthetic probes", MeasurementMode.Active, "5 minutes", 300),
                SlaGovernance.Domain.Agreements.MissingDataPolicy.ExcludedAsUnknown))],
        };
        for (var i = existing.Count; i < Agreements; i++)
        {
            var result = await import.RunAsync("benchmark", new ImportInput(template with { Title = $"{TitlePrefix}{i:D4}" }, null,
                new SignatureInput(new DateOnly(2025, 12, 15), "Bea Buyer (buyer); Vic Vendor (vendor)", "signed.pdf", "application/pdf",
                    Encoding.ASCII.GetBytes("%PDF-1.7 signed"))));
            if (result.Value is null)
                throw new InvalidOperationException($"Import {i} failed: {result.Message} {string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? [])}");
        }
        await DrainAsync(host);
        existing = Existing(await connection.QueryAsync<(Guid, string)>(
            "SELECT id, title FROM agreements WHERE title LIKE @Prefix AND status = 'Active'", new { Prefix = TitlePrefix + "%" }));
        Console.WriteLine($"Close: imported {Agreements:N0} signed agreements through the application in {clock.Elapsed.TotalSeconds:F0} s");
        return existing.Take(Agreements).ToList();
    }

    /// <summary>
    /// One upload per agreement and its samples, generated in PostgreSQL: every 5 minutes over the period for each objective, down
    /// once in every 500 to 2,499 samples by agreement (an attainment of 99.8 % to 99.96 %, so some miss 99.9 % and some meet it).
    /// </summary>
    private static async Task SeedSamplesAsync(Database database, IReadOnlyList<Guid> ids)
    {
        await using var connection = await database.OpenAsync();
        var expected = ids.Count * Objectives * SamplesPerObjective;
        var present = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe_samples WHERE agreement_id = ANY(@Ids)", new { Ids = ids.ToArray() }, commandTimeout: 3600);
        if (present == expected)
            return;
        var clock = Stopwatch.StartNew();
        await connection.ExecuteAsync("""
            DELETE FROM probe_samples WHERE agreement_id = ANY(@Ids);
            DELETE FROM data_uploads WHERE agreement_id = ANY(@Ids);
            DROP INDEX IF EXISTS ix_probe_samples_read;
            INSERT INTO data_uploads (id, agreement_id, kind, format, file_name, sha256, uploaded_by, uploader_is_vendor, uploaded_at, row_count)
            SELECT gen_random_uuid(), a, 'probe-samples', 'csv', 'probes-2026-10.csv', md5(a::text) || md5(reverse(a::text)), 'benchmark', FALSE,
                   TIMESTAMPTZ '2026-11-02 08:00:00+00', @PerAgreement
            FROM unnest(@Ids) AS a;
            INSERT INTO probe_samples (upload_id, agreement_id, service, observed_at, up, latency_ms)
            SELECT u.id, u.agreement_id, 'Service ' || s, t,
                   ((EXTRACT(EPOCH FROM t)::BIGINT / 300 + s * 7) % (500 + abs(hashtext(u.agreement_id::text)) % 2000)) <> 0, NULL
            FROM data_uploads u
            CROSS JOIN generate_series(1, 5) AS s
            CROSS JOIN generate_series(@From, @Last, INTERVAL '5 minutes') AS t
            WHERE u.agreement_id = ANY(@Ids)
            ORDER BY u.agreement_id, s, t;
            CREATE INDEX ix_probe_samples_read ON probe_samples (agreement_id, service, observed_at);
            """, new
        {
            Ids = ids.ToArray(), PerAgreement = Objectives * SamplesPerObjective, From = Span.Start.ToDateTimeOffset(),
            Last = (Span.End - Duration.FromMinutes(5)).ToDateTimeOffset(),
        }, commandTimeout: 7200);
        await connection.ExecuteAsync("VACUUM ANALYZE probe_samples", commandTimeout: 3600);
        await connection.ExecuteAsync("VACUUM ANALYZE data_uploads", commandTimeout: 3600);
        Console.WriteLine($"Close: generated {expected:N0} probe samples in PostgreSQL with SQL in {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Every domain event handled (the dispatcher's own drain gives up after a minute; 1,000 imports take longer).</summary>
    private static async Task DrainAsync(BenchmarkHost host)
    {
        for (var attempt = 0; ; attempt++)
            try
            {
                await host.Services.GetRequiredService<DomainEventDispatcher>().DrainAsync();
                return;
            }
            catch (OperationCanceledException) when (attempt < 30)
            {
            }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The largest managed heap seen, sampled every 10 ms on a thread of its own.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private long _peak;

        public HeapSampler()
        {
            _thread = new Thread(() =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var now = GC.GetTotalMemory(forceFullCollection: false);
                    if (now > Interlocked.Read(ref _peak))
                        Interlocked.Exchange(ref _peak, now);
                    Thread.Sleep(10);
                }
            }) { IsBackground = true, Name = "heap sampler" };
            _thread.Start();
        }

        public long Peak => Interlocked.Read(ref _peak);

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
        }
    }
}
