namespace SlaGovernance.Domain.Compliance;

/// <summary>How service-window time with no probe sample is judged.</summary>
public enum MissingDataPolicy
{
    /// <summary>Unknown time is taken out of the maximum.</summary>
    ExcludedAsUnknown,
    CountedAsDown,
    CountedAsUp,
}
