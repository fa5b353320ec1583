using Dapper;

namespace SlaGovernance.Data.Vendors;

/// <summary>One evidence file as listed: everything but its content.</summary>
public sealed record EvidenceFileRow
{
    public Guid Id { get; init; }
    public Guid VendorId { get; init; }
    public string FileName { get; init; } = "";

    /// <summary>The type its content showed it to be (pdf, docx, xlsx, csv, png, jpeg), whatever its name says.</summary>
    public string FileType { get; init; } = "";
    public string ContentType { get; init; } = "";
    public string Sha256 { get; init; } = "";
    public long SizeBytes { get; init; }
    public string UploadedBy { get; init; } = "";
    public bool UploaderIsVendor { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
}

[SqlCatalogue]
internal static class EvidenceFileSql
{
    public const string Columns = """
        SELECT id, vendor_id, file_name, file_type, content_type, sha256, size_bytes, uploaded_by, uploader_is_vendor, uploaded_at
        FROM evidence_files
        """;

    public const string ById = Columns + "\nWHERE id = @Id";

    public const string Content = "SELECT content FROM evidence_files WHERE id = @Id";

    public const string OfRequest = """
        SELECT f.id, f.vendor_id, f.file_name, f.file_type, f.content_type, f.sha256, f.size_bytes, f.uploaded_by, f.uploader_is_vendor, f.uploaded_at
        FROM evidence_files f JOIN vendor_request_evidence e ON e.evidence_id = f.id
        WHERE e.request_id = @RequestId
        ORDER BY f.uploaded_at, f.id
        """;

    public const string Insert = """
        INSERT INTO evidence_files (id, vendor_id, file_name, file_type, content_type, content, sha256, size_bytes, uploaded_by, uploader_is_vendor, uploaded_at)
        VALUES (@Id, @VendorId, @FileName, @FileType, @ContentType, @Content, @Sha256, @SizeBytes, @UploadedBy, @UploaderIsVendor, @UploadedAt)
        """;
}

/// <summary>The evidence store: files are inserted with their hash and read back, never changed.</summary>
public sealed class EvidenceFileStore(Database database)
{
    public Task InsertAsync(UnitOfWork unit, EvidenceFileRow row, byte[] content, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(EvidenceFileSql.Insert), new
        {
            row.Id, row.VendorId, row.FileName, row.FileType, row.ContentType, Content = content, row.Sha256, row.SizeBytes, row.UploadedBy,
            row.UploaderIsVendor, row.UploadedAt,
        }, unit.Transaction, cancellationToken: cancellationToken));

    public async Task<EvidenceFileRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EvidenceFileRow>(new CommandDefinition(database.Sql(EvidenceFileSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public async Task<byte[]?> ContentAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(database.Sql(EvidenceFileSql.Content), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<EvidenceFileRow>> OfRequestAsync(Guid requestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<EvidenceFileRow>(new CommandDefinition(database.Sql(EvidenceFileSql.OfRequest), new { RequestId = requestId },
            cancellationToken: cancellationToken))).ToList();
    }
}
