using Dapper;
using SlaGovernance.Domain.Clauses;

namespace SlaGovernance.Data.Clauses;

[SqlCatalogue]
internal static class ClauseSql
{
    public const string Columns = """
        SELECT id, category, title, latest_version, is_retired, created_by, created_at, retired_by, retired_at
        FROM clauses
        """;

    public const string ById = Columns + "\nWHERE id = @Id";

    public const string List = Columns + "\nWHERE (@Category IS NULL OR category_normalized = @Category)\nORDER BY category_normalized, title, id";

    public const string Categories = """
        SELECT MIN(category) FROM clauses GROUP BY category_normalized ORDER BY category_normalized
        """;

    public const string Insert = """
        INSERT INTO clauses (id, category, category_normalized, title, latest_version, is_retired, created_by, created_at, retired_by, retired_at)
        VALUES (@Id, @Category, @CategoryNormalized, @Title, @LatestVersion, @IsRetired, @CreatedBy, @CreatedAt, @RetiredBy, @RetiredAt)
        """;

    /// <summary>Moves the clause on to the next version only from the version the publisher saw, and never on a retired clause.</summary>
    public const string AdvanceVersion = """
        UPDATE clauses SET latest_version = @Number WHERE id = @Id AND latest_version = @BasedOn AND is_retired = @False
        """;

    public const string Retire = """
        UPDATE clauses SET is_retired = @True, retired_by = @By, retired_at = @At WHERE id = @Id AND is_retired = @False
        """;

    public const string VersionColumns = """
        SELECT clause_id, number, text, published_by, published_at
        FROM clause_versions
        """;

    public const string Versions = VersionColumns + "\nWHERE clause_id = @ClauseId ORDER BY number DESC";

    public const string VersionByNumber = VersionColumns + "\nWHERE clause_id = @ClauseId AND number = @Number";

    public const string InsertVersion = """
        INSERT INTO clause_versions (clause_id, number, text, published_by, published_at)
        VALUES (@ClauseId, @Number, @Text, @PublishedBy, @PublishedAt)
        """;
}

/// <summary>
/// The clause library: clauses and their versions. There is no statement that changes a version; a new wording is
/// inserted as the next number, and the database refuses an update of a published one.
/// </summary>
public sealed class ClauseStore(Database database)
{
    public static string NormalizeCategory(string category) => category.Trim().ToUpperInvariant();

    /// <summary>Every clause, retired ones included, by category and title; only those of one category when it is given.</summary>
    public async Task<IReadOnlyList<LibraryClause>> ListAsync(string? category, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<LibraryClause>(new CommandDefinition(database.Sql(ClauseSql.List),
            new { Category = string.IsNullOrWhiteSpace(category) ? null : NormalizeCategory(category) }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<string>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(database.Sql(ClauseSql.Categories), cancellationToken: cancellationToken))).ToList();
    }

    public async Task<LibraryClause?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<LibraryClause>(new CommandDefinition(database.Sql(ClauseSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public Task<LibraryClause?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken = default) =>
        unit.Connection.QuerySingleOrDefaultAsync<LibraryClause>(new CommandDefinition(unit.Sql(ClauseSql.ById), new { Id = id }, unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>The clauses with these ids that exist, read on one connection; an agreement names a handful.</summary>
    public async Task<IReadOnlyDictionary<Guid, LibraryClause>> GetManyAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<Guid, LibraryClause>();
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
            return found;
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var id in wanted)
            if (await connection.QuerySingleOrDefaultAsync<LibraryClause>(new CommandDefinition(database.Sql(ClauseSql.ById), new { Id = id },
                    cancellationToken: cancellationToken)) is { } clause)
                found[id] = clause;
        return found;
    }

    /// <summary>Every version, the latest first.</summary>
    public async Task<IReadOnlyList<LibraryClauseVersion>> VersionsAsync(Guid clauseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<LibraryClauseVersion>(new CommandDefinition(database.Sql(ClauseSql.Versions), new { ClauseId = clauseId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The versions named, by clause and number; those that do not exist are left out.</summary>
    public async Task<IReadOnlyDictionary<(Guid ClauseId, int Number), LibraryClauseVersion>> GetVersionsAsync(IEnumerable<(Guid ClauseId, int Number)> keys,
        CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<(Guid, int), LibraryClauseVersion>();
        var wanted = keys.Distinct().ToList();
        if (wanted.Count == 0)
            return found;
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var (clauseId, number) in wanted)
            if (await connection.QuerySingleOrDefaultAsync<LibraryClauseVersion>(new CommandDefinition(database.Sql(ClauseSql.VersionByNumber),
                    new { ClauseId = clauseId, Number = number }, cancellationToken: cancellationToken)) is { } version)
                found[(clauseId, number)] = version;
        return found;
    }

    /// <summary>Adds a clause with its first version.</summary>
    public async Task InsertAsync(UnitOfWork unit, LibraryClause clause, LibraryClauseVersion first, CancellationToken cancellationToken = default)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ClauseSql.Insert), new
        {
            clause.Id, clause.Category, CategoryNormalized = NormalizeCategory(clause.Category), clause.Title, clause.LatestVersion, clause.IsRetired,
            clause.CreatedBy, clause.CreatedAt, clause.RetiredBy, clause.RetiredAt,
        }, unit.Transaction, cancellationToken: cancellationToken));
        await InsertVersionAsync(unit, first, cancellationToken);
    }

    /// <summary>
    /// Publishes <paramref name="version"/> as the version after <paramref name="basedOn"/>; false, with nothing written, when the
    /// clause has moved past <paramref name="basedOn"/> since the publisher read it, or was retired.
    /// </summary>
    public async Task<bool> PublishAsync(UnitOfWork unit, LibraryClauseVersion version, int basedOn, CancellationToken cancellationToken = default)
    {
        if (version.Number != basedOn + 1)
            throw new ArgumentException($"Version {version.Number} cannot follow version {basedOn}; versions are numbered without gaps.", nameof(version));
        var advanced = await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ClauseSql.AdvanceVersion),
            new { Id = version.ClauseId, version.Number, BasedOn = basedOn, False = false }, unit.Transaction, cancellationToken: cancellationToken));
        if (advanced != 1)
            return false;
        await InsertVersionAsync(unit, version, cancellationToken);
        return true;
    }

    /// <summary>Retires the clause; false when it was already retired or does not exist.</summary>
    public async Task<bool> RetireAsync(UnitOfWork unit, Guid id, string by, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ClauseSql.Retire), new { Id = id, By = by, At = at, True = true, False = false },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;

    private Task InsertVersionAsync(UnitOfWork unit, LibraryClauseVersion version, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ClauseSql.InsertVersion), version, unit.Transaction,
            cancellationToken: cancellationToken));
}
