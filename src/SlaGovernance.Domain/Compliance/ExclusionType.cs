namespace SlaGovernance.Domain.Compliance;

/// <summary>Why time is excluded from measurement. Where exclusions overlap, the earlier type here is reported.</summary>
public enum ExclusionType
{
    ScheduledMaintenance,
    ForceMajeure,
    CustomerCausedDelay,
    ThirdParty,
    Other,
}
