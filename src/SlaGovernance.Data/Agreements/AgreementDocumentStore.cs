using Dapper;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Data.Agreements;

public sealed class AgreementDocumentRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public int VersionNumber { get; init; }
    public string Kind { get; init; } = "";
    public string FileName { get; init; } = "";
    public string ContentType { get; init; } = "";
    public byte[] Content { get; init; } = [];
    public string Sha256 { get; init; } = "";
    public int SizeBytes { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class AgreementSignatureRow
{
    public Guid AgreementId { get; init; }
    public int VersionNumber { get; init; }
    public DateOnly SignedOn { get; init; }
    public string Signatories { get; init; } = "";
    public Guid DocumentId { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

[SqlCatalogue]
internal static class AgreementDocumentSql
{
    public const string Insert = """
        INSERT INTO agreement_documents (id, agreement_id, version_number, kind, file_name, content_type, content, sha256, size_bytes, created_by, created_at)
        VALUES (@Id, @AgreementId, @VersionNumber, @Kind, @FileName, @ContentType, @Content, @Sha256, @SizeBytes, @CreatedBy, @CreatedAt)
        """;

    public const string ById = """
        SELECT id, agreement_id, version_number, kind, file_name, content_type, content, sha256, size_bytes, created_by, created_at
        FROM agreement_documents WHERE id = @Id AND agreement_id = @AgreementId
        """;

    /// <summary>Without the content, for listing.</summary>
    public const string OfAgreement = """
        SELECT id, agreement_id, version_number, kind, file_name, content_type, sha256, size_bytes, created_by, created_at
        FROM agreement_documents WHERE agreement_id = @AgreementId ORDER BY version_number DESC, created_at DESC
        """;

    /// <summary>Without the content: whether a version has its document of a kind, and which.</summary>
    public const string OfVersion = """
        SELECT id, agreement_id, version_number, kind, file_name, content_type, sha256, size_bytes, created_by, created_at
        FROM agreement_documents WHERE agreement_id = @AgreementId AND version_number = @VersionNumber AND kind = @Kind
        ORDER BY created_at DESC
        """;

    public const string InsertSignature = """
        INSERT INTO agreement_signatures (agreement_id, version_number, signed_on, signatories, document_id, recorded_by, recorded_at)
        VALUES (@AgreementId, @VersionNumber, @SignedOn, @Signatories, @DocumentId, @RecordedBy, @RecordedAt)
        """;

    public const string SignatureOf = """
        SELECT agreement_id, version_number, signed_on, signatories, document_id, recorded_by, recorded_at
        FROM agreement_signatures WHERE agreement_id = @AgreementId AND version_number = @VersionNumber
        """;
}

/// <summary>Files kept with agreement versions, and the record of who signed which version when.</summary>
public sealed class AgreementDocumentStore(Database database)
{
    public async Task InsertAsync(UnitOfWork unit, AgreementDocumentRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementDocumentSql.Insert), row, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Inserts a document a version holds at most one of (the contract, by a unique index); false when the version
    /// already has it, and the unit is then spent: roll it back.
    /// </summary>
    public async Task<bool> InsertOnceAsync(UnitOfWork unit, AgreementDocumentRow row, CancellationToken cancellationToken)
    {
        try
        {
            await InsertAsync(unit, row, cancellationToken);
            return true;
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    /// <summary>The latest document of a kind kept with one version, without its content.</summary>
    public async Task<AgreementDocumentRow?> OfVersionAsync(Guid agreementId, int versionNumber, string kind, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgreementDocumentRow>(new CommandDefinition(database.Sql(AgreementDocumentSql.OfVersion),
            new { AgreementId = agreementId, VersionNumber = versionNumber, Kind = kind }, cancellationToken: cancellationToken))).FirstOrDefault();
    }

    public async Task<AgreementDocumentRow?> GetAsync(Guid agreementId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AgreementDocumentRow>(new CommandDefinition(database.Sql(AgreementDocumentSql.ById),
            new { Id = id, AgreementId = agreementId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AgreementDocumentRow>> OfAgreementAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgreementDocumentRow>(new CommandDefinition(database.Sql(AgreementDocumentSql.OfAgreement),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Records the signature; false if this version was already signed (a unique key, so two clicks record one).</summary>
    public async Task<bool> InsertSignatureAsync(UnitOfWork unit, AgreementSignatureRow row, CancellationToken cancellationToken)
    {
        try
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementDocumentSql.InsertSignature), row, unit.Transaction,
                cancellationToken: cancellationToken));
            return true;
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<AgreementSignatureRow?> SignatureAsync(Guid agreementId, int versionNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AgreementSignatureRow>(new CommandDefinition(database.Sql(AgreementDocumentSql.SignatureOf),
            new { AgreementId = agreementId, VersionNumber = versionNumber }, cancellationToken: cancellationToken));
    }
}
