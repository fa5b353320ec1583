using Dapper;

namespace SlaGovernance.Data.Organisation;

public sealed class OrganisationRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public DateTimeOffset CreatedAt { get; init; }
}

[SqlCatalogue]
internal static class OrganisationSql
{
    public const string Get = "SELECT id, name, time_zone, created_at FROM organisation";

    public const string Insert = """
        INSERT INTO organisation (id, name, time_zone, created_at) VALUES (@Id, @Name, @TimeZone, @CreatedAt)
        """;
}

/// <summary>The one organisation this deployment serves.</summary>
public sealed class OrganisationStore(Database database)
{
    public async Task<OrganisationRow?> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OrganisationRow>(new CommandDefinition(
            database.Sql(OrganisationSql.Get), cancellationToken: cancellationToken));
    }

    public Task InsertAsync(UnitOfWork unit, OrganisationRow organisation, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(OrganisationSql.Insert), organisation, unit.Transaction,
            cancellationToken: cancellationToken));
}
