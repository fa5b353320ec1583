using SlaGovernance.Domain.Vendors;

namespace SlaGovernance.Domain.Tests;

/// <summary>The risk formula of the README: inherent from the factors, effectiveness from the weighted review scores, residual and its tier.</summary>
public sealed class VendorRiskTests
{
    private static IReadOnlyList<AreaScore> Scores(int security, int legal, int finance, int management) =>
        [new(ReviewArea.InformationSecurity, security), new(ReviewArea.Legal, legal), new(ReviewArea.Finance, finance), new(ReviewArea.VendorManager, management)];

    [Theory]
    [InlineData(1, 1, 1, 1, 1, 0)]
    [InlineData(5, 5, 5, 5, 5, 100)]
    [InlineData(3, 3, 3, 3, 3, 50)]
    [InlineData(5, 5, 4, 5, 4, 93)]
    public void Inherent_risk_maps_the_weighted_factors_to_0_100(int data, int criticality, int spend, int substitutability, int regulatory, int expected) =>
        Assert.Equal(expected, VendorRisk.Inherent(new CriticalityFactors(data, criticality, spend, substitutability, regulatory)));

    [Fact]
    public void Residual_risk_is_inherent_times_what_the_controls_leave()
    {
        var result = VendorRisk.Assess(new CriticalityFactors(5, 5, 4, 5, 4), Scores(15, 39, 42, 54));
        Assert.Equal(new RiskResult(93, 33, 62, RiskTier.Critical), result);
        Assert.Equal(RiskTier.Low, VendorRisk.Assess(new CriticalityFactors(5, 5, 5, 5, 5), Scores(100, 100, 100, 100)).Tier);
    }

    [Theory]
    [InlineData(60, RiskTier.Critical)]
    [InlineData(59, RiskTier.High)]
    [InlineData(40, RiskTier.High)]
    [InlineData(39, RiskTier.Medium)]
    [InlineData(20, RiskTier.Medium)]
    [InlineData(19, RiskTier.Low)]
    public void The_tier_follows_the_residual_risk_thresholds(int residual, RiskTier tier) => Assert.Equal(tier, VendorRisk.TierOf(residual));

    [Fact]
    public void A_factor_outside_1_to_5_is_refused_with_its_path()
    {
        var (factors, errors) = VendorRisk.Validate(new CriticalityFactorsInput(0, 5, null, 6, 3));
        Assert.Null(factors);
        Assert.Equal(["factors.annualSpend", "factors.dataAccess", "factors.substitutability"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}
