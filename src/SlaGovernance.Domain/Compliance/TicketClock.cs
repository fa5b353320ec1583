namespace SlaGovernance.Domain.Compliance;

/// <summary>Which moment stops a ticket SLO's clock.</summary>
public enum TicketClock
{
    FirstResponse,
    Resolution,
}
