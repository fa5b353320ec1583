namespace SlaGovernance.Data;

public sealed record PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 200;

    /// <summary>In 64 bits: the last page an int can name times the largest page size does not fit in 32.</summary>
    public long Offset => (long)(Page - 1) * PageSize;

    /// <summary>Clamps what a caller asked for into a page the database will be asked for.</summary>
    public static PageRequest Of(int? page, int? pageSize, int defaultSize = 25) =>
        new(Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? defaultSize, 1, MaxPageSize));
}

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total)
{
    public int PageCount => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>LIKE patterns with the user's own wildcards escaped (every statement uses ESCAPE '\').</summary>
public static class LikePattern
{
    public static string? Contains(string? search) =>
        string.IsNullOrWhiteSpace(search)
            ? null
            : "%" + search.Trim().ToUpperInvariant()
                .Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal)
                .Replace("[", "\\[", StringComparison.Ordinal) + "%";
}
