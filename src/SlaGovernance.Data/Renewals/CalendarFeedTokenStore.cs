using Dapper;

namespace SlaGovernance.Data.Renewals;

public sealed record CalendarFeedTokenRow
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public string TokenPrefix { get; init; } = "";
    public string TokenHash { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
}

[SqlCatalogue]
internal static class CalendarFeedTokenSql
{
    private const string Columns = "SELECT id, user_id, token_prefix, token_hash, created_at, revoked_at, last_used_at FROM calendar_feed_tokens";

    public const string ByHash = Columns + "\nWHERE token_hash = @TokenHash";
    public const string ByUser = Columns + "\nWHERE user_id = @UserId ORDER BY created_at DESC";

    public const string Insert = """
        INSERT INTO calendar_feed_tokens (id, user_id, token_prefix, token_hash, created_at, revoked_at, last_used_at)
        VALUES (@Id, @UserId, @TokenPrefix, @TokenHash, @CreatedAt, NULL, NULL)
        """;

    public const string RevokeAll = "UPDATE calendar_feed_tokens SET revoked_at = @RevokedAt WHERE user_id = @UserId AND revoked_at IS NULL";

    public const string Touch = "UPDATE calendar_feed_tokens SET last_used_at = @LastUsedAt WHERE id = @Id";
}

/// <summary>Feed tokens: a user holds at most one that is not revoked.</summary>
public sealed class CalendarFeedTokenStore(Database database)
{
    public async Task<CalendarFeedTokenRow?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CalendarFeedTokenRow>(new CommandDefinition(database.Sql(CalendarFeedTokenSql.ByHash),
            new { TokenHash = tokenHash }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<CalendarFeedTokenRow>> ListForUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CalendarFeedTokenRow>(new CommandDefinition(database.Sql(CalendarFeedTokenSql.ByUser),
            new { UserId = userId }, cancellationToken: cancellationToken))).ToList();
    }

    public Task InsertAsync(UnitOfWork unit, CalendarFeedTokenRow row, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(CalendarFeedTokenSql.Insert), row, unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>Revokes the user's token(s); the number revoked.</summary>
    public Task<int> RevokeAllAsync(UnitOfWork unit, Guid userId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(CalendarFeedTokenSql.RevokeAll), new { UserId = userId, RevokedAt = at },
            unit.Transaction, cancellationToken: cancellationToken));

    public async Task TouchAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(CalendarFeedTokenSql.Touch), new { Id = id, LastUsedAt = at },
            cancellationToken: cancellationToken));
    }
}
