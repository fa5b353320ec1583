namespace SlaGovernance.Domain.Compliance;

public enum SloOutcome
{
    Met,
    Missed,

    /// <summary>Nothing to measure: no service-window time, or no ticket or response that counts.</summary>
    NotApplicable,
}
