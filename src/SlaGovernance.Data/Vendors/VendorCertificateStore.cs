using Dapper;

namespace SlaGovernance.Data.Vendors;

public sealed record VendorCertificateRow
{
    public Guid Id { get; init; }
    public Guid VendorId { get; init; }
    public string Kind { get; init; } = "";
    public string Issuer { get; init; } = "";
    public string Scope { get; init; } = "";
    public DateOnly ValidFrom { get; init; }
    public DateOnly ValidUntil { get; init; }
    public Guid? EvidenceId { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

[SqlCatalogue]
internal static class VendorCertificateSql
{
    public const string Columns = """
        SELECT id, vendor_id, kind, issuer, scope, valid_from, valid_until, evidence_id, recorded_by, recorded_at FROM vendor_certificates
        """;

    public const string OfVendor = Columns + "\nWHERE vendor_id = @VendorId ORDER BY valid_until DESC, id";

    public const string UntilBetween = Columns + "\nWHERE valid_until >= @From AND valid_until <= @To ORDER BY valid_until, id";

    public const string ExpiredBefore = Columns + "\nWHERE valid_until < @Today ORDER BY valid_until, id";

    public const string Insert = """
        INSERT INTO vendor_certificates (id, vendor_id, kind, issuer, scope, valid_from, valid_until, evidence_id, recorded_by, recorded_at)
        VALUES (@Id, @VendorId, @Kind, @Issuer, @Scope, @ValidFrom, @ValidUntil, @EvidenceId, @RecordedBy, @RecordedAt)
        """;
}

/// <summary>Certificates and attestations per vendor; a renewal is a new certificate, the old one stays as it was.</summary>
public sealed class VendorCertificateStore(Database database)
{
    public async Task<IReadOnlyList<VendorCertificateRow>> OfVendorAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorCertificateRow>(new CommandDefinition(database.Sql(VendorCertificateSql.OfVendor),
            new { VendorId = vendorId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Certificates whose last valid day falls between the two days, inclusive.</summary>
    public async Task<IReadOnlyList<VendorCertificateRow>> EndingBetweenAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorCertificateRow>(new CommandDefinition(database.Sql(VendorCertificateSql.UntilBetween),
            new { From = from, To = to }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<VendorCertificateRow>> ExpiredAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorCertificateRow>(new CommandDefinition(database.Sql(VendorCertificateSql.ExpiredBefore),
            new { Today = today }, cancellationToken: cancellationToken))).ToList();
    }

    public Task InsertAsync(UnitOfWork unit, VendorCertificateRow row, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorCertificateSql.Insert), row, unit.Transaction, cancellationToken: cancellationToken));
}
