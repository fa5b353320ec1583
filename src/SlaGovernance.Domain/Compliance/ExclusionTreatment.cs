namespace SlaGovernance.Domain.Compliance;

/// <summary>What excluded time does to the maximum available time.</summary>
public enum ExclusionTreatment
{
    /// <summary>Excluded time stays in the maximum and counts as available.</summary>
    CountsAsAvailable,

    /// <summary>Excluded time inside the service window is taken out of the maximum as well.</summary>
    RemovedFromMaximum,
}
