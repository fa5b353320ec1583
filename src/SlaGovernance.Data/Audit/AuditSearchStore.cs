using Dapper;
using SlaGovernance.Domain.Audit;

namespace SlaGovernance.Data.Audit;

/// <summary>
/// What the audit page filters by: a subject (its type and id), the person, the action, and instants from (inclusive) and
/// until (exclusive); null leaves a filter out.
/// </summary>
public sealed record AuditSearch(string? EntityType, string? EntityId, string? Actor, string? Action, DateTimeOffset? From, DateTimeOffset? Until);

[SqlCatalogue]
internal static class AuditSearchSql
{
    // Open-ended ranges use the widest instants every provider stores, so each filter is one plain comparison.
    private const string Where = """

        WHERE (@EntityType IS NULL OR entity_type = @EntityType) AND (@EntityId IS NULL OR entity_id = @EntityId)
          AND (@Actor IS NULL OR actor = @Actor) AND (@Action IS NULL OR action = @Action)
          AND occurred_at >= @From AND occurred_at < @Until
        """;

    public const string Page = """
        SELECT sequence, occurred_at, actor, action, entity_type, entity_id, summary, before_state AS before, after_state AS after, previous_hash, hash
        FROM audit_log
        """ + Where + """

        ORDER BY sequence DESC {{page}}
        """;

    public const string Count = """
        SELECT COUNT(*) FROM audit_log
        """ + Where;

    public const string Actors = """
        SELECT DISTINCT actor FROM audit_log ORDER BY actor
        """;

    public const string Actions = """
        SELECT DISTINCT action FROM audit_log ORDER BY action
        """;
}

/// <summary>Reads the audit log for people: filtered by subject, person, action and time, newest first, a page at a time.</summary>
public sealed class AuditSearchStore(Database database)
{
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<Page<AuditEntry>> SearchAsync(AuditSearch search, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new
        {
            search.EntityType, search.EntityId, search.Actor, search.Action,
            From = search.From ?? Earliest, Until = search.Until ?? Latest, page.Offset, Limit = page.PageSize,
        };
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(database.Sql(AuditSearchSql.Page), args, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(AuditSearchSql.Count), args, cancellationToken: cancellationToken));
        return new Page<AuditEntry>([.. rows.Select(r => r.ToEntry())], page.Page, page.PageSize, total);
    }

    /// <summary>Everyone who has an entry, for the person filter.</summary>
    public async Task<IReadOnlyList<string>> ActorsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(database.Sql(AuditSearchSql.Actors), cancellationToken: cancellationToken))];
    }

    /// <summary>Every action recorded, for the action filter.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(database.Sql(AuditSearchSql.Actions), cancellationToken: cancellationToken))];
    }
}
