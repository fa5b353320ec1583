using Dapper;

namespace SlaGovernance.Data.Protection;

[SqlCatalogue]
internal static class DataProtectionKeySql
{
    public const string All = "SELECT xml FROM data_protection_keys ORDER BY created_at";

    public const string Insert = """
        INSERT INTO data_protection_keys (id, friendly_name, xml, created_at) VALUES (@Id, @FriendlyName, @Xml, @CreatedAt)
        """;
}

/// <summary>The ASP.NET Core Data Protection key ring, kept in the database so every node and every restart shares it.</summary>
public sealed class DataProtectionKeyStore(Database database, TimeProvider time)
{
    public IReadOnlyList<string> All()
    {
        using var connection = database.Dialect.CreateConnection(database.ConnectionString);
        connection.Open();
        return connection.Query<string>(database.Sql(DataProtectionKeySql.All)).ToList();
    }

    public void Add(string friendlyName, string xml)
    {
        using var connection = database.Dialect.CreateConnection(database.ConnectionString);
        connection.Open();
        connection.Execute(database.Sql(DataProtectionKeySql.Insert),
            new { Id = Guid.NewGuid(), FriendlyName = friendlyName, Xml = xml, CreatedAt = time.GetUtcNow() });
    }
}
