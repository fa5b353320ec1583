using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Domain.Clauses;

/// <summary>
/// A standard clause Legal keeps in the library, by category. Its wording lives in its versions, numbered 1 to
/// <see cref="LatestVersion"/> without gaps; a retired clause keeps its versions for the agreements that use them but takes no new uses.
/// </summary>
public sealed record LibraryClause
{
    public Guid Id { get; init; }
    public string Category { get; init; } = "";
    public string Title { get; init; } = "";
    public int LatestVersion { get; init; }
    public bool IsRetired { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? RetiredBy { get; init; }
    public DateTimeOffset? RetiredAt { get; init; }

    public bool HasVersion(int number) => number >= 1 && number <= LatestVersion;
}

/// <summary>One published wording of a library clause. Once published it never changes; a new wording is a new version.</summary>
public sealed record LibraryClauseVersion
{
    public Guid ClauseId { get; init; }
    public int Number { get; init; }
    public string Text { get; init; } = "";
    public string PublishedBy { get; init; } = "";
    public DateTimeOffset PublishedAt { get; init; }
}

/// <summary>A clause of an agreement as it reads there: a library version with its placeholders filled, or non-standard text.</summary>
public sealed record RenderedClause(ClauseUse Use, string? LibraryTitle, string Text)
{
    public bool IsNonStandard => Use.IsNonStandard;
}
