using Dapper;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Data.Vendors;

[SqlCatalogue]
internal static class VendorPortfolioSql
{
    public const string OfVendor = AgreementSql.Columns + "\nWHERE vendor_id = @VendorId ORDER BY title, id";

    public const string Live = AgreementSql.Columns + "\nWHERE status IN (@Signed, @Active) ORDER BY title, id";
}

/// <summary>Agreements seen from the vendor's side: a vendor's portfolio, and the agreements in force across vendors.</summary>
public sealed class VendorPortfolioStore(Database database)
{
    public async Task<IReadOnlyList<AgreementRow>> AgreementsOfAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgreementRow>(new CommandDefinition(database.Sql(VendorPortfolioSql.OfVendor), new { VendorId = vendorId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Agreements in force: signed, or active.</summary>
    public async Task<IReadOnlyList<AgreementRow>> LiveAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgreementRow>(new CommandDefinition(database.Sql(VendorPortfolioSql.Live),
            new { Signed = AgreementStatus.Signed, Active = AgreementStatus.Active },
            cancellationToken: cancellationToken))).ToList();
    }
}
