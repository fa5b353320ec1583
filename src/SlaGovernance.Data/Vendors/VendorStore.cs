using Dapper;
using SlaGovernance.Domain.Vendors;

namespace SlaGovernance.Data.Vendors;

public sealed class VendorRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public RiskTier RiskTier { get; init; }
    public string? Notes { get; init; }
    public bool IsArchived { get; init; }

    /// <summary>The vendor manager inside the organisation to whom the vendor's reminders and tasks go.</summary>
    public Guid? OwnerUserId { get; init; }

    /// <summary>How the tier was set: "Manual" (by hand) until an assessment sets it.</summary>
    public string RiskTierSource { get; init; } = RiskTierSources.Manual;

    public int Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }
    public string UpdatedBy { get; init; } = "";
}

public static class RiskTierSources
{
    public const string Manual = "Manual";
    public const string Assessment = "Assessment";
}

public sealed record VendorQuery(string? Search, bool IncludeArchived, PageRequest Page);

[SqlCatalogue]
internal static class VendorSql
{
    private const string Filter = """
        WHERE (@Pattern IS NULL OR name_normalized LIKE @Pattern ESCAPE '\')
          AND (@IncludeArchived = @True OR is_archived = @False)
        """;

    public const string Columns = """
        SELECT id, name, contact_name, contact_email, risk_tier, notes, is_archived, owner_user_id, risk_tier_source, version, created_at, created_by, updated_at, updated_by
        FROM vendors
        """;

    public const string Page = Columns + "\n" + Filter + "\nORDER BY name_normalized, id {{page}}";

    public const string Count = "SELECT COUNT(*) FROM vendors\n" + Filter;

    public const string ById = Columns + "\nWHERE id = @Id";

    public const string Active = Columns + "\nWHERE is_archived = @False ORDER BY name_normalized";

    public const string Insert = """
        INSERT INTO vendors (id, name, name_normalized, contact_name, contact_email, risk_tier, notes, is_archived, owner_user_id,
                             risk_tier_source, version, created_at, created_by, updated_at, updated_by)
        VALUES (@Id, @Name, @NameNormalized, @ContactName, @ContactEmail, @RiskTier, @Notes, @IsArchived, @OwnerUserId, @RiskTierSource, @Version,
                @CreatedAt, @CreatedBy, @UpdatedAt, @UpdatedBy)
        """;

    public const string Update = """
        UPDATE vendors
        SET name = @Name, name_normalized = @NameNormalized, contact_name = @ContactName, contact_email = @ContactEmail,
            risk_tier = @RiskTier, notes = @Notes, is_archived = @IsArchived, owner_user_id = @OwnerUserId,
            risk_tier_source = @RiskTierSource, version = @Version,
            updated_at = @UpdatedAt, updated_by = @UpdatedBy
        WHERE id = @Id AND version = @ExpectedVersion
        """;
}

public sealed class VendorStore(Database database)
{
    public async Task<Page<VendorRow>> ListAsync(VendorQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new
        {
            Pattern = LikePattern.Contains(query.Search),
            query.IncludeArchived,
            True = true,
            False = false,
            query.Page.Offset,
            Limit = query.Page.PageSize,
        };
        var items = await connection.QueryAsync<VendorRow>(new CommandDefinition(database.Sql(VendorSql.Page), args,
            cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(VendorSql.Count), args,
            cancellationToken: cancellationToken));
        return new Page<VendorRow>(items.ToList(), query.Page.Page, query.Page.PageSize, total);
    }

    public async Task<VendorRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<VendorRow>(new CommandDefinition(database.Sql(VendorSql.ById),
            new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>Every vendor not archived, by name: for views across vendors such as concentration.</summary>
    public async Task<IReadOnlyList<VendorRow>> ActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorRow>(new CommandDefinition(database.Sql(VendorSql.Active), new { False = false },
            cancellationToken: cancellationToken))).ToList();
    }

    public Task<VendorRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken = default) =>
        unit.Connection.QuerySingleOrDefaultAsync<VendorRow>(new CommandDefinition(unit.Sql(VendorSql.ById), new { Id = id },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Inserts a vendor; a duplicate name surfaces as the provider's unique violation.</summary>
    public Task InsertAsync(UnitOfWork unit, VendorRow row, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorSql.Insert), Parameters(row, row.Version),
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Writes <paramref name="row"/> only if the stored version is still <paramref name="expectedVersion"/>.</summary>
    public async Task<bool> UpdateAsync(UnitOfWork unit, VendorRow row, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var affected = await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorSql.Update),
            Parameters(row, expectedVersion), unit.Transaction, cancellationToken: cancellationToken));
        return affected == 1;
    }

    private static object Parameters(VendorRow row, int expectedVersion) => new
    {
        row.Id,
        row.Name,
        NameNormalized = VendorRules.Normalize(row.Name),
        row.ContactName,
        row.ContactEmail,
        RiskTier = row.RiskTier.ToString(),
        row.Notes,
        row.IsArchived,
        row.OwnerUserId,
        row.RiskTierSource,
        row.Version,
        ExpectedVersion = expectedVersion,
        row.CreatedAt,
        row.CreatedBy,
        row.UpdatedAt,
        row.UpdatedBy,
    };
}
