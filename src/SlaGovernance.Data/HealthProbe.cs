using Dapper;

namespace SlaGovernance.Data;

[SqlCatalogue]
internal static class HealthSql
{
    // A real table, so a database that answers but lost its schema is not ready.
    public const string Ping = "SELECT COUNT(*) FROM organisation";
}

/// <summary>Answers whether the database can be reached and queried.</summary>
public sealed class HealthProbe(Database database)
{
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(HealthSql.Ping), cancellationToken: cancellationToken));
    }
}
