namespace SlaGovernance.Domain.Vendors;

public enum RiskTier
{
    Low,
    Medium,
    High,
    Critical,
}
