namespace SlaGovernance.Web.Api;

/// <summary>One page of a list: its items, the page number from 1, the page size and how many items there are in all.</summary>
public sealed record PageDto<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
