using Dapper;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Data.Renewals;

/// <summary>A signed agreement that has not been ended early, with the content of the version it was signed as.</summary>
public sealed record RenewalSourceRow
{
    public Guid AgreementId { get; init; }
    public string Status { get; init; } = "";
    public int VersionNumber { get; init; }
    public string Content { get; init; } = "";

    public AgreementContent Parsed => AgreementContent.FromJson(Content);
}

public sealed record VendorNameRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
}

[SqlCatalogue]
internal static class RenewalSourceSql
{
    /// <summary>The signed version's content, not the listing copy a newer draft may have overwritten.</summary>
    public const string Signed = """
        SELECT a.id AS agreement_id, a.status, t.version_number, v.content
        FROM agreements a
        JOIN agreement_terms t ON t.agreement_id = a.id
        JOIN agreement_versions v ON v.agreement_id = t.agreement_id AND v.number = t.version_number
        WHERE a.status IN (@Signed, @Active) AND t.ends_on IS NULL
        ORDER BY a.title, a.id
        """;

    /// <summary><see cref="Signed"/> for one agreement: what an event about that agreement needs, without reading every other.</summary>
    public const string SignedOne = """
        SELECT a.id AS agreement_id, a.status, t.version_number, v.content
        FROM agreements a
        JOIN agreement_terms t ON t.agreement_id = a.id
        JOIN agreement_versions v ON v.agreement_id = t.agreement_id AND v.number = t.version_number
        WHERE a.id = @AgreementId AND a.status IN (@Signed, @Active) AND t.ends_on IS NULL
        """;

    public const string VendorNames = "SELECT id, name FROM vendors";
}

/// <summary>What the renewal calendar is computed from: every Active or Signed agreement still running to its term's end.</summary>
public sealed class RenewalSourceStore(Database database)
{
    public async Task<IReadOnlyList<RenewalSourceRow>> SignedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RenewalSourceRow>(new CommandDefinition(database.Sql(RenewalSourceSql.Signed),
            new { AgreementStatus.Signed, AgreementStatus.Active }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The agreement as <see cref="SignedAsync"/> lists it, or nothing when it is not Signed or Active with a running term.</summary>
    public async Task<IReadOnlyList<RenewalSourceRow>> SignedAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RenewalSourceRow>(new CommandDefinition(database.Sql(RenewalSourceSql.SignedOne),
            new { AgreementId = agreementId, AgreementStatus.Signed, AgreementStatus.Active }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyDictionary<Guid, string>> VendorNamesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorNameRow>(new CommandDefinition(database.Sql(RenewalSourceSql.VendorNames),
            cancellationToken: cancellationToken))).ToDictionary(v => v.Id, v => v.Name);
    }
}
