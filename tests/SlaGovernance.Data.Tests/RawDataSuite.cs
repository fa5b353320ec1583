using Dapper;
using NodaTime;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.RawData;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Tests;
using SlaGovernance.Tests.Providers;

namespace SlaGovernance.Data.Tests;

/// <summary>Raw-data uploads through each provider's bulk path: all or nothing, once per file, values unchanged.</summary>
public abstract class RawDataSuite<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ProviderFixture
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private Database Db => fixture.Database!;

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Hands over fixed batches, optionally refusing a row after them, as a file reader would.</summary>
    private sealed class Batches<TRow>(string sha256, bool refuseAtEnd, params IReadOnlyList<TRow>[] batches) : IRawDataSource<TRow>
    {
        public bool HasErrors { get; private set; }
        public string Sha256 { get; } = sha256;

        public async IAsyncEnumerable<IReadOnlyList<TRow>> ReadBatchesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var batch in batches)
            {
                await Task.Yield();
                yield return batch;
            }
            HasErrors = refuseAtEnd;
        }
    }

    private async Task<Guid> AgreementAsync()
    {
        var id = Guid.NewGuid();
        await using var unit = await Db.BeginAsync();
        await new AgreementStore(Db).InsertAsync(unit, AgreementRow.From(id, AgreementSamples.Hosting(), SlaGovernance.Domain.Agreements.AgreementStatus.Active, 1, "ada", Now, Now, 1), CancellationToken.None);
        await unit.CommitAsync();
        return id;
    }

    private static IngestRequest Request(Guid agreementId, RawDataKind kind, bool vendor = false) =>
        new(agreementId, kind, "csv", "file.csv", vendor ? "Hostly (token feed)" : "ada", vendor, Now);

    private static ProbeSampleRow[] Probes(int count, int from = 0) => Enumerable.Range(from, count)
        .Select(i => new ProbeSampleRow("Customer portal", new ProbeSample(Instant.FromUtc(2026, 3, 1, 0, 0).Plus(Duration.FromMinutes(i)), i % 7 != 0,
            i % 3 == 0 ? null : 100 + i))).ToArray();

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    [SkippableFact]
    public async Task Probe_samples_are_bulk_written_in_batches_with_their_upload_and_read_back_unchanged()
    {
        var agreementId = await AgreementAsync();
        var result = await new RawDataStore(Db, new AuditLog(Db, TimeProvider.System)).IngestAsync(Request(agreementId, RawDataKind.ProbeSamples),
            new Batches<ProbeSampleRow>("aa11", false, Probes(5000), Probes(2345, 5000)));
        Assert.Equal(IngestStatus.Stored, result.Status);
        Assert.Equal(7345, result.Upload!.RowCount);
        Assert.Equal("aa11", result.Upload.Sha256);
        await using var connection = await Db.OpenAsync();
        var rows = (await connection.QueryAsync<(Guid UploadId, DateTimeOffset ObservedAt, bool Up, int? LatencyMs)>(
            "SELECT upload_id, observed_at, up, latency_ms FROM probe_samples WHERE agreement_id = @Id AND service = @Service ORDER BY observed_at",
            new { Id = agreementId, Service = "Customer portal" })).ToList();
        Assert.Equal(7345, rows.Count);
        Assert.All(rows, r => Assert.Equal(result.Upload.Id, r.UploadId));
        Assert.Equal((new DateTimeOffset(2026, 3, 1, 0, 1, 0, TimeSpan.Zero), true, 101), (rows[1].ObservedAt.ToUniversalTime(), rows[1].Up, rows[1].LatencyMs));
        Assert.Equal((false, (int?)7100), (rows[7000].Up, rows[7000].LatencyMs));
        Assert.Equal((true, (int?)null), (rows[7002].Up, rows[7002].LatencyMs));
    }

    [SkippableFact]
    public async Task A_refused_row_after_written_batches_leaves_no_row_and_no_upload()
    {
        var agreementId = await AgreementAsync();
        var result = await new RawDataStore(Db, new AuditLog(Db, TimeProvider.System)).IngestAsync(Request(agreementId, RawDataKind.ProbeSamples),
            new Batches<ProbeSampleRow>("bb22", true, Probes(3000)));
        Assert.Equal(IngestStatus.Refused, result.Status);
        Assert.Equal(0, await CountAsync("probe_samples"));
        Assert.Equal(0, await CountAsync("data_uploads"));
    }

    [SkippableFact]
    public async Task The_same_file_again_returns_the_first_upload_and_adds_no_rows()
    {
        var agreementId = await AgreementAsync();
        var store = new RawDataStore(Db, new AuditLog(Db, TimeProvider.System));
        var outage = new OutageRow(Guid.NewGuid(), "Customer portal", new Interval(Instant.FromUtc(2026, 3, 5, 10, 0), Instant.FromUtc(2026, 3, 5, 11, 0)), "power");
        var first = await store.IngestAsync(Request(agreementId, RawDataKind.Outages), new Batches<OutageRow>("cc33", false, [outage]));
        var again = await store.IngestAsync(Request(agreementId, RawDataKind.Outages), new Batches<OutageRow>("cc33", false, [outage with { Id = Guid.NewGuid() }]));
        Assert.Equal(IngestStatus.Stored, first.Status);
        Assert.Equal(IngestStatus.Duplicate, again.Status);
        Assert.Equal(first.Upload!.Id, again.Upload!.Id);
        Assert.Equal(1, await CountAsync("outages"));
        Assert.Equal(1, await CountAsync("data_uploads"));
    }

    [SkippableFact]
    public async Task Tickets_with_pauses_attainment_and_vendor_exclusions_are_stored_and_a_proposal_is_decided_once()
    {
        var agreementId = await AgreementAsync();
        var store = new RawDataStore(Db, new AuditLog(Db, TimeProvider.System));
        var pause = new TicketPause(new Interval(Instant.FromUtc(2026, 3, 2, 10, 0), Instant.FromUtc(2026, 3, 2, 11, 0)), "awaiting customer");
        var ticket = new TicketRow(Guid.NewGuid(), "Service desk", new Ticket("T-1", "P1", Instant.FromUtc(2026, 3, 2, 9, 0)) { Pauses = [pause] });
        Assert.Equal(IngestStatus.Stored, (await store.IngestAsync(Request(agreementId, RawDataKind.Tickets), new Batches<TicketRow>("t1", false, [ticket]))).Status);
        var attainment = new ReportedAttainmentRow(Guid.NewGuid(), "Customer portal", "Availability", new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1), 99.954321m);
        Assert.Equal(IngestStatus.Stored, (await store.IngestAsync(Request(agreementId, RawDataKind.ReportedAttainment),
            new Batches<ReportedAttainmentRow>("r1", false, [attainment]))).Status);
        var exclusion = new ExclusionRow(Guid.NewGuid(), new Exclusion(ExclusionType.ThirdParty,
            new Interval(Instant.FromUtc(2026, 3, 9, 8, 0), Instant.FromUtc(2026, 3, 9, 9, 0))), "Customer portal", null, "DNS provider", null);
        Assert.Equal(IngestStatus.Stored, (await store.IngestAsync(Request(agreementId, RawDataKind.Exclusions, vendor: true),
            new Batches<ExclusionRow>("e1", false, [exclusion]))).Status);

        await using (var connection = await Db.OpenAsync())
        {
            Assert.Equal("awaiting customer", await connection.ExecuteScalarAsync<string>("SELECT reason FROM ticket_pauses WHERE ticket_id = @Id", new { ticket.Id }));
            Assert.Equal(99.954321m, await connection.ExecuteScalarAsync<decimal>("SELECT attainment_percent FROM reported_attainment"));
            Assert.Equal(new DateOnly(2026, 3, 1), await connection.QuerySingleAsync<DateOnly>("SELECT period_start FROM reported_attainment"));
        }
        var proposed = Assert.Single(await store.ExclusionsAsync(agreementId, ExclusionStatus.Proposed));
        Assert.Equal(("ThirdParty", "Hostly (token feed)"), (proposed.ExclusionType, proposed.UploadedBy));
        Assert.Contains(await store.ProposedOfTypesAsync("ForceMajeure", "ThirdParty"), e => e.Id == exclusion.Id && e.AgreementId == agreementId);
        await using (var unit = await Db.BeginAsync())
        {
            Assert.True(await store.DecideExclusionAsync(unit, agreementId, exclusion.Id, accept: false, "The contract has no third-party exclusion.", "ada", Now));
            Assert.False(await store.DecideExclusionAsync(unit, agreementId, exclusion.Id, accept: true, "Changed", "bob", Now));
            await unit.CommitAsync();
        }
        var decided = await store.ExclusionAsync(agreementId, exclusion.Id);
        Assert.Equal((ExclusionStatus.Rejected, "ada", "The contract has no third-party exclusion."), (decided!.Status, decided.DecidedBy, decided.DecisionReason));
        Assert.DoesNotContain(await store.ProposedOfTypesAsync("ForceMajeure", "ThirdParty"), e => e.Id == exclusion.Id);
        Assert.Equal(3, (await store.UploadsAsync(agreementId, new PageRequest(1, 10))).Total);
    }
}

public sealed class SqliteRawDataTests(SqliteFixture fixture) : RawDataSuite<SqliteFixture>(fixture);

public sealed class PostgresRawDataTests(PostgresFixture fixture) : RawDataSuite<PostgresFixture>(fixture);
