using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Domain.Tests.Compliance;

internal static class Credits
{
    /// <summary>Below 99.9% earns 5%, below 99.5% earns 10%, below 99% earns 25% of the monthly fee.</summary>
    public static CreditScheme Standard { get; } =
        CreditScheme.Create([new CreditTier(99.9m, 5m), new CreditTier(99.5m, 10m), new CreditTier(99m, 25m)]).Scheme!;
}
