using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>A support ticket as the vendor's desk recorded it; a missing response or resolution has not happened yet.</summary>
public sealed record Ticket(string Id, string Priority, Instant Created, Instant? FirstResponse = null, Instant? Resolved = null)
{
    /// <summary>Stretches when the SLO clock stood still, such as while awaiting the customer.</summary>
    public IReadOnlyList<TicketPause> Pauses { get; init; } = [];
}
