using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using SlaGovernance.Data.Audit;

namespace SlaGovernance.Data.RawData;

/// <summary>The rows of one uploaded file, read in batches as the file streams in.</summary>
public interface IRawDataSource<TRow>
{
    /// <summary>Batches of valid rows; a refused row ends the writing (the batches stop or the caller sees <see cref="HasErrors"/>).</summary>
    IAsyncEnumerable<IReadOnlyList<TRow>> ReadBatchesAsync(CancellationToken cancellationToken);

    /// <summary>True once any row was refused.</summary>
    bool HasErrors { get; }

    /// <summary>The SHA-256 (lower-case hex) of every byte of the file; known once the batches are exhausted.</summary>
    string Sha256 { get; }
}

public sealed record IngestRequest(Guid AgreementId, RawDataKind Kind, string Format, string FileName, string UploadedBy, bool UploaderIsVendor,
    DateTimeOffset UploadedAt);

public enum IngestStatus
{
    /// <summary>The file's rows are stored with their new upload.</summary>
    Stored,

    /// <summary>The same file was stored before for this agreement and kind; nothing changed and the first upload is returned.</summary>
    Duplicate,

    /// <summary>A row was refused; nothing was written.</summary>
    Refused,
}

public sealed record IngestResult(IngestStatus Status, DataUploadRow? Upload);

[SqlCatalogue]
internal static class RawDataSql
{
    public const string UploadColumns = """
        SELECT id, agreement_id, kind, format, file_name, sha256, uploaded_by, uploader_is_vendor, uploaded_at, row_count
        FROM data_uploads
        """;

    public const string InsertUpload = """
        INSERT INTO data_uploads (id, agreement_id, kind, format, file_name, sha256, uploaded_by, uploader_is_vendor, uploaded_at, row_count)
        VALUES (@Id, @AgreementId, @Kind, @Format, @FileName, @Sha256, @UploadedBy, @UploaderIsVendor, @UploadedAt, @RowCount)
        """;

    public const string FinishUpload = "UPDATE data_uploads SET sha256 = @Sha256, row_count = @RowCount WHERE id = @Id";

    public const string UploadByFile = UploadColumns + "\nWHERE agreement_id = @AgreementId AND kind = @Kind AND sha256 = @Sha256";

    public const string UploadsOfAgreement = UploadColumns + "\nWHERE agreement_id = @AgreementId ORDER BY uploaded_at DESC, id {{page}}";

    public const string CountUploadsOfAgreement = "SELECT COUNT(*) FROM data_uploads WHERE agreement_id = @AgreementId";

    public const string AcceptExclusionsOfUpload = """
        UPDATE exclusion_records SET status = @Accepted, decided_by = @DecidedBy, decided_at = @DecidedAt
        WHERE upload_id = @UploadId
        """;

    public const string Exclusions = """
        SELECT e.id, e.upload_id, e.agreement_id, e.exclusion_type, e.started_at, e.ended_at, e.service, e.metric, e.reason, e.evidence,
               e.status, e.decided_by, e.decided_at, e.decision_reason, u.uploaded_by
        FROM exclusion_records e JOIN data_uploads u ON u.id = e.upload_id
        WHERE e.agreement_id = @AgreementId AND (@Status IS NULL OR e.status = @Status)
        ORDER BY e.started_at, e.id
        """;

    public const string ExclusionById = """
        SELECT e.id, e.upload_id, e.agreement_id, e.exclusion_type, e.started_at, e.ended_at, e.service, e.metric, e.reason, e.evidence,
               e.status, e.decided_by, e.decided_at, e.decision_reason, u.uploaded_by
        FROM exclusion_records e JOIN data_uploads u ON u.id = e.upload_id
        WHERE e.id = @Id AND e.agreement_id = @AgreementId
        """;

    /// <summary>Proposed exclusions of two types across agreements, with the agreement's title, oldest first.</summary>
    public const string ProposedOfTypes = """
        SELECT e.id, e.agreement_id, e.exclusion_type, e.started_at, e.ended_at, e.reason, u.uploaded_by, u.uploaded_at, a.title
        FROM exclusion_records e JOIN data_uploads u ON u.id = e.upload_id JOIN agreements a ON a.id = e.agreement_id
        WHERE e.status = @Proposed AND (e.exclusion_type = @First OR e.exclusion_type = @Second)
        ORDER BY u.uploaded_at, e.id
        """;

    public const string DecideExclusion = """
        UPDATE exclusion_records SET status = @Status, decided_by = @DecidedBy, decided_at = @DecidedAt, decision_reason = @Reason
        WHERE id = @Id AND agreement_id = @AgreementId AND status = @Proposed
        """;
}

/// <summary>Stores uploads of raw performance data, all or nothing, through the provider's bulk path, audited with their SHA-256.</summary>
public sealed class RawDataStore(Database database, AuditLog audit)
{
    /// <summary>
    /// Streams the file's rows into one transaction with its upload row. The upload is inserted first under a placeholder hash
    /// (the file's hash is known only at its end) and then given it: the unique (agreement, kind, sha256) makes a second copy of
    /// a file fail there, roll back and answer the first upload instead.
    /// </summary>
    public Task<IngestResult> IngestAsync<TRow>(IngestRequest request, IRawDataSource<TRow> source, CancellationToken cancellationToken = default) =>
        IngestAsync(request, source, null, cancellationToken);

    /// <param name="whenStored">Runs in the upload's transaction once its rows are stored (not for a duplicate): where the caller writes its domain events.</param>
    public async Task<IngestResult> IngestAsync<TRow>(IngestRequest request, IRawDataSource<TRow> source,
        Func<UnitOfWork, DataUploadRow, CancellationToken, Task>? whenStored, CancellationToken cancellationToken = default)
    {
        var upload = new DataUploadRow
        {
            Id = Guid.CreateVersion7(),
            AgreementId = request.AgreementId,
            Kind = request.Kind.Slug(),
            Format = request.Format,
            FileName = request.FileName,
            UploadedBy = request.UploadedBy,
            UploaderIsVendor = request.UploaderIsVendor,
            UploadedAt = request.UploadedAt,
        };
        upload = upload with { Sha256 = "pending:" + upload.Id.ToString("N") };
        long rows = 0;
        var duplicate = false;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(RawDataSql.InsertUpload), upload, unit.Transaction,
                cancellationToken: cancellationToken));
            await using (var writer = database.Dialect.CreateBulkWriter(unit.Transaction))
            {
                await foreach (var batch in source.ReadBatchesAsync(cancellationToken))
                {
                    if (source.HasErrors)
                        continue; // keep reading to report further bad rows, but write no more
                    await WriteAsync(writer, upload, batch, cancellationToken);
                    rows += batch.Count;
                }
            }
            if (source.HasErrors)
                return new IngestResult(IngestStatus.Refused, null);
            upload = upload with { Sha256 = source.Sha256, RowCount = rows };
            try
            {
                await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(RawDataSql.FinishUpload), upload, unit.Transaction,
                    cancellationToken: cancellationToken));
            }
            catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
            {
                duplicate = true;
            }
            if (!duplicate)
            {
                await audit.AppendAsync(unit, UploadAudit.Stored(upload), cancellationToken);
                if (request.Kind == RawDataKind.Exclusions && !request.UploaderIsVendor)
                {
                    var accepted = await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(RawDataSql.AcceptExclusionsOfUpload),
                        new { Accepted = ExclusionStatus.Accepted, DecidedBy = request.UploadedBy, DecidedAt = request.UploadedAt, UploadId = upload.Id },
                        unit.Transaction, cancellationToken: cancellationToken));
                    if (accepted > 0)
                        await audit.AppendAsync(unit, UploadAudit.ExclusionsAccepted(upload, accepted), cancellationToken);
                }
                if (whenStored is not null)
                    await whenStored(unit, upload, cancellationToken);
                await unit.CommitAsync(cancellationToken);
                SlaGovernanceMetrics.RecordRowsUploaded(rows, upload.Kind, upload.UploaderIsVendor);
                return new IngestResult(IngestStatus.Stored, upload);
            }
        }
        var existing = await FindAsync(request.AgreementId, request.Kind, source.Sha256, cancellationToken);
        return new IngestResult(IngestStatus.Duplicate, existing);
    }

    private static async Task WriteAsync<TRow>(IBulkWriter writer, DataUploadRow upload, IReadOnlyList<TRow> rows, CancellationToken cancellationToken)
    {
        var (id, agreement) = (upload.Id, upload.AgreementId);
        switch (rows)
        {
            case IReadOnlyList<ProbeSampleRow> probes:
                await writer.WriteAsync(RawTables.ProbeSamples, id, agreement, probes, cancellationToken);
                break;
            case IReadOnlyList<OutageRow> outages:
                await writer.WriteAsync(RawTables.Outages, id, agreement, outages, cancellationToken);
                break;
            case IReadOnlyList<TicketRow> tickets:
                await writer.WriteAsync(RawTables.Tickets, id, agreement, tickets, cancellationToken);
                var pauses = tickets.SelectMany(t => t.Ticket.Pauses.Select(p => new TicketPauseRow(Guid.CreateVersion7(), t.Id, p))).ToList();
                await writer.WriteAsync(RawTables.TicketPauses, id, agreement, pauses, cancellationToken);
                break;
            case IReadOnlyList<CsatResponseRow> csat:
                await writer.WriteAsync(RawTables.CsatResponses, id, agreement, csat, cancellationToken);
                break;
            case IReadOnlyList<EventCountRow> counts:
                await writer.WriteAsync(RawTables.EventCounts, id, agreement, counts, cancellationToken);
                break;
            case IReadOnlyList<ExclusionRow> exclusions:
                await writer.WriteAsync(RawTables.Exclusions, id, agreement, exclusions, cancellationToken);
                break;
            case IReadOnlyList<ReportedAttainmentRow> attainment:
                await writer.WriteAsync(RawTables.ReportedAttainment, id, agreement, attainment, cancellationToken);
                break;
            default:
                throw new NotSupportedException($"No raw-data table holds {typeof(TRow).Name}.");
        }
    }

    public async Task<DataUploadRow?> FindAsync(Guid agreementId, RawDataKind kind, string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DataUploadRow>(new CommandDefinition(database.Sql(RawDataSql.UploadByFile),
            new { AgreementId = agreementId, Kind = kind.Slug(), Sha256 = sha256 }, cancellationToken: cancellationToken));
    }

    public async Task<Page<DataUploadRow>> UploadsAsync(Guid agreementId, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new { AgreementId = agreementId, page.Offset, Limit = page.PageSize };
        var items = await connection.QueryAsync<DataUploadRow>(new CommandDefinition(database.Sql(RawDataSql.UploadsOfAgreement), args,
            cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(RawDataSql.CountUploadsOfAgreement), args,
            cancellationToken: cancellationToken));
        return new Page<DataUploadRow>(items.ToList(), page.Page, page.PageSize, total);
    }

    /// <summary>The agreement's exclusion records, all or those of one status.</summary>
    public async Task<IReadOnlyList<ExclusionRecordView>> ExclusionsAsync(Guid agreementId, string? status, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExclusionRecordView>(new CommandDefinition(database.Sql(RawDataSql.Exclusions),
            new { AgreementId = agreementId, Status = status }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<ExclusionRecordView?> ExclusionAsync(Guid agreementId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ExclusionRecordView>(new CommandDefinition(database.Sql(RawDataSql.ExclusionById),
            new { AgreementId = agreementId, Id = id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ProposedExclusionRow>> ProposedOfTypesAsync(string first, string second, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ProposedExclusionRow>(new CommandDefinition(database.Sql(RawDataSql.ProposedOfTypes),
            new { Proposed = ExclusionStatus.Proposed, First = first, Second = second }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Accepts or rejects a proposed exclusion with the reason; false when it is not (or no longer) proposed.</summary>
    public async Task<bool> DecideExclusionAsync(UnitOfWork unit, Guid agreementId, Guid id, bool accept, string reason, string decidedBy, DateTimeOffset at,
        CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(RawDataSql.DecideExclusion), new
        {
            Id = id,
            AgreementId = agreementId,
            Status = accept ? ExclusionStatus.Accepted : ExclusionStatus.Rejected,
            DecidedBy = decidedBy,
            DecidedAt = at,
            Reason = reason,
            Proposed = ExclusionStatus.Proposed,
        }, unit.Transaction, cancellationToken: cancellationToken)) == 1;
}

/// <summary>What the audit log keeps of an upload: who sent which file, its SHA-256 and how many rows it stored.</summary>
internal static class UploadAudit
{
    public static AuditRecord Stored(DataUploadRow upload) =>
        new(upload.UploadedBy, "raw-data.uploaded", "Agreement", upload.AgreementId.ToString(),
            string.Create(CultureInfo.InvariantCulture,
                $"{upload.Kind} file {upload.FileName} uploaded by {(upload.UploaderIsVendor ? "the vendor" : "staff")}: {upload.RowCount} rows, SHA-256 {upload.Sha256}"),
            After: JsonSerializer.Serialize(new
            {
                uploadId = upload.Id, kind = upload.Kind, format = upload.Format, fileName = upload.FileName, sha256 = upload.Sha256,
                rowCount = upload.RowCount, uploaderIsVendor = upload.UploaderIsVendor,
            }));

    // Staff uploading exclusions decide them by uploading; the vendor's wait for a person's decision.
    public static AuditRecord ExclusionsAccepted(DataUploadRow upload, int count) =>
        new(upload.UploadedBy, "exclusion.accepted-automatically", "Agreement", upload.AgreementId.ToString(),
            string.Create(CultureInfo.InvariantCulture,
                $"{count} exclusion(s) in {upload.FileName} (SHA-256 {upload.Sha256}) accepted automatically: staff uploaded them"),
            After: JsonSerializer.Serialize(new { uploadId = upload.Id, accepted = count }));
}
