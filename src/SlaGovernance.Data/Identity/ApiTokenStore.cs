using Dapper;

namespace SlaGovernance.Data.Identity;

public sealed class ApiTokenRow
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public string UserName { get; init; } = "";
    public string Name { get; init; } = "";
    public string TokenPrefix { get; init; } = "";
    public string TokenHash { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>Set for a vendor-scoped token: it writes raw data for this vendor's agreements only; the user is who issued it.</summary>
    public Guid? VendorId { get; init; }

    /// <summary>Set for a token scoped to one purpose (<see cref="ApiTokenScopes"/>): it authenticates with that purpose's role only.</summary>
    public string? Scope { get; init; }

    /// <summary>Why an administrator should review this vendor token: its issuer's password was reset or they were deactivated.</summary>
    public string? ReviewReason { get; init; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>The purposes a token can be scoped to.</summary>
public static class ApiTokenScopes
{
    /// <summary>Delivers incidents to POST /api/v1/incidents/webhook and nothing else.</summary>
    public const string IncidentIntake = "incident-intake";
}

[SqlCatalogue]
internal static class ApiTokenSql
{
    public const string Columns = """
        SELECT t.id, t.user_id, u.user_name, t.name, t.token_prefix, t.token_hash, t.created_at, t.expires_at, t.revoked_at, t.last_used_at, t.vendor_id,
               t.review_reason, t.scope
        FROM api_tokens t JOIN users u ON u.id = t.user_id
        """;

    public const string ByHash = Columns + "\nWHERE t.token_hash = @TokenHash";
    public const string ById = Columns + "\nWHERE t.id = @Id";
    public const string ByUser = Columns + "\nWHERE t.user_id = @UserId ORDER BY t.created_at DESC";
    public const string Page = Columns + "\nORDER BY t.created_at DESC, t.id {{page}}";
    public const string Count = "SELECT COUNT(*) FROM api_tokens";

    public const string Insert = """
        INSERT INTO api_tokens (id, user_id, name, token_prefix, token_hash, created_at, expires_at, revoked_at, last_used_at, vendor_id, scope)
        VALUES (@Id, @UserId, @Name, @TokenPrefix, @TokenHash, @CreatedAt, @ExpiresAt, NULL, NULL, @VendorId, @Scope)
        """;

    public const string Revoke = "UPDATE api_tokens SET revoked_at = @RevokedAt WHERE id = @Id AND revoked_at IS NULL";

    /// <summary>A user's own tokens; vendor and scoped tokens they issued speak for the vendor or the purpose and are reviewed instead.</summary>
    public const string RevokePersonal = """
        UPDATE api_tokens SET revoked_at = @RevokedAt WHERE user_id = @UserId AND vendor_id IS NULL AND scope IS NULL AND revoked_at IS NULL
        """;

    public const string MarkVendorTokensForReview = """
        UPDATE api_tokens SET review_reason = @Reason WHERE user_id = @UserId AND (vendor_id IS NOT NULL OR scope IS NOT NULL) AND revoked_at IS NULL
        """;

    public const string ForReview = Columns + "\nWHERE t.review_reason IS NOT NULL AND t.revoked_at IS NULL ORDER BY t.created_at DESC";

    public const string ClearReview = "UPDATE api_tokens SET review_reason = NULL WHERE id = @Id AND review_reason IS NOT NULL";

    public const string Touch = "UPDATE api_tokens SET last_used_at = @LastUsedAt WHERE id = @Id";
}

public sealed class ApiTokenStore(Database database)
{
    public async Task<ApiTokenRow?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ApiTokenRow>(new CommandDefinition(database.Sql(ApiTokenSql.ByHash),
            new { TokenHash = tokenHash }, cancellationToken: cancellationToken));
    }

    public async Task<ApiTokenRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ApiTokenRow>(new CommandDefinition(database.Sql(ApiTokenSql.ById),
            new { Id = id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ApiTokenRow>> ListForUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ApiTokenRow>(new CommandDefinition(database.Sql(ApiTokenSql.ByUser),
            new { UserId = userId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<Page<ApiTokenRow>> ListAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var items = await connection.QueryAsync<ApiTokenRow>(new CommandDefinition(database.Sql(ApiTokenSql.Page),
            new { page.Offset, Limit = page.PageSize }, cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(ApiTokenSql.Count),
            cancellationToken: cancellationToken));
        return new Page<ApiTokenRow>(items.ToList(), page.Page, page.PageSize, total);
    }

    public Task InsertAsync(UnitOfWork unit, ApiTokenRow token, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ApiTokenSql.Insert), token, unit.Transaction,
            cancellationToken: cancellationToken));

    public async Task<bool> RevokeAsync(UnitOfWork unit, Guid id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ApiTokenSql.Revoke), new { Id = id, RevokedAt = at },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Revokes every personal token of the user; the number revoked.</summary>
    public async Task<int> RevokePersonalAsync(UnitOfWork unit, Guid userId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ApiTokenSql.RevokePersonal), new { UserId = userId, RevokedAt = at },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Marks the live vendor tokens the user issued for an administrator's review; the number marked.</summary>
    public async Task<int> MarkVendorTokensForReviewAsync(UnitOfWork unit, Guid userId, string reason, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ApiTokenSql.MarkVendorTokensForReview), new { UserId = userId, Reason = reason },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Live vendor tokens waiting for an administrator's review, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenRow>> ForReviewAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ApiTokenRow>(new CommandDefinition(database.Sql(ApiTokenSql.ForReview),
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task<bool> ClearReviewAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ApiTokenSql.ClearReview), new { Id = id }, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    public async Task TouchAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(ApiTokenSql.Touch), new { Id = id, LastUsedAt = at },
            cancellationToken: cancellationToken));
    }
}
