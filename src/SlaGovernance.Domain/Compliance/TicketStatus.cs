namespace SlaGovernance.Domain.Compliance;

public enum TicketStatus
{
    Met,
    Breached,

    /// <summary>No response (or resolution) yet, and still within target: left out of the ratio.</summary>
    Pending,
}
