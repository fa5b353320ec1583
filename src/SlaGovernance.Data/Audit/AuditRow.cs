using SlaGovernance.Domain.Audit;

namespace SlaGovernance.Data.Audit;

/// <summary>An audit entry as read from its table, for the log and its search.</summary>
internal sealed class AuditRow
{
    public long Sequence { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public string EntityType { get; init; } = "";
    public string? EntityId { get; init; }
    public string? Summary { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }
    public string PreviousHash { get; init; } = "";
    public string Hash { get; init; } = "";

    // CHAR(64) columns may come back padded on some providers.
    public AuditEntry ToEntry() => new(Sequence, OccurredAt, Actor, Action, EntityType, EntityId, Summary, Before, After,
        PreviousHash.Trim(), Hash.Trim());
}
