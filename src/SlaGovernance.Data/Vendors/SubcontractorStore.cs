using Dapper;

namespace SlaGovernance.Data.Vendors;

/// <summary>A vendor's subcontractor (a fourth party), for one of its agreements or for all of them.</summary>
public sealed record SubcontractorRow
{
    public Guid Id { get; init; }
    public Guid VendorId { get; init; }
    public Guid? AgreementId { get; init; }
    public string? AgreementTitle { get; init; }
    public string Name { get; init; } = "";
    public string NameNormalized { get; init; } = "";
    public string Service { get; init; } = "";
    public string Location { get; init; } = "";
    public string DataAccess { get; init; } = "";
    public string UpdatedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }
}

[SqlCatalogue]
internal static class SubcontractorSql
{
    public const string Columns = """
        SELECT s.id, s.vendor_id, s.agreement_id, a.title AS agreement_title, s.name, s.name_normalized, s.service, s.location, s.data_access,
               s.updated_by, s.updated_at
        FROM vendor_subcontractors s LEFT JOIN agreements a ON a.id = s.agreement_id
        """;

    public const string OfVendor = Columns + "\nWHERE s.vendor_id = @VendorId ORDER BY s.name_normalized, s.id";

    public const string All = Columns + "\nORDER BY s.name_normalized, s.id";

    public const string Insert = """
        INSERT INTO vendor_subcontractors (id, vendor_id, agreement_id, name, name_normalized, service, location, data_access, updated_by, updated_at)
        VALUES (@Id, @VendorId, @AgreementId, @Name, @NameNormalized, @Service, @Location, @DataAccess, @UpdatedBy, @UpdatedAt)
        """;

    public const string Update = """
        UPDATE vendor_subcontractors
        SET agreement_id = @AgreementId, name = @Name, name_normalized = @NameNormalized, service = @Service, location = @Location,
            data_access = @DataAccess, updated_by = @UpdatedBy, updated_at = @UpdatedAt
        WHERE id = @Id AND vendor_id = @VendorId
        """;

    public const string Delete = "DELETE FROM vendor_subcontractors WHERE id = @Id AND vendor_id = @VendorId";
}

public sealed class SubcontractorStore(Database database)
{
    public async Task<IReadOnlyList<SubcontractorRow>> OfVendorAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SubcontractorRow>(new CommandDefinition(database.Sql(SubcontractorSql.OfVendor), new { VendorId = vendorId },
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<SubcontractorRow>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SubcontractorRow>(new CommandDefinition(database.Sql(SubcontractorSql.All),
            cancellationToken: cancellationToken))).ToList();
    }

    public Task InsertAsync(UnitOfWork unit, SubcontractorRow row, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(SubcontractorSql.Insert), Parameters(row), unit.Transaction,
            cancellationToken: cancellationToken));

    public async Task<bool> UpdateAsync(UnitOfWork unit, SubcontractorRow row, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(SubcontractorSql.Update), Parameters(row), unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    public async Task<bool> DeleteAsync(UnitOfWork unit, Guid vendorId, Guid id, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(SubcontractorSql.Delete), new { Id = id, VendorId = vendorId }, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    private static object Parameters(SubcontractorRow row) => new
    {
        row.Id, row.VendorId, row.AgreementId, row.Name, row.NameNormalized, row.Service, row.Location, row.DataAccess, row.UpdatedBy, row.UpdatedAt,
    };
}
