using Dapper;

namespace SlaGovernance.Data;

[SqlCatalogue]
internal static class HealthSql
{
    public const string Ping = "SELECT 1";
}

/// <summary>Answers whether the database can be reached and queried.</summary>
public sealed class HealthProbe(Database database)
{
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(database.Sql(HealthSql.Ping), cancellationToken: cancellationToken));
    }
}
