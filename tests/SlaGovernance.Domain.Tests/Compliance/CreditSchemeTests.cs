using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class CreditSchemeTests
{
    [Theory]
    [InlineData(100, 0)]
    [InlineData(99.95, 0)]
    [InlineData(99.9, 0)]     // at the threshold is not below it
    [InlineData(99.89, 5)]    // below 99.9 only
    [InlineData(99.5, 5)]
    [InlineData(99.4, 10)]    // below 99.9 and 99.5: the more severe applies
    [InlineData(98, 25)]      // below all three
    public void The_most_severe_tier_the_attainment_falls_below_applies(double attainment, double credit)
    {
        Assert.Equal((decimal)credit, Credits.Standard.CreditPercentFor((decimal)attainment));
    }

    [Fact]
    public void No_attainment_earns_no_credit()
    {
        Assert.Equal(0m, Credits.Standard.CreditPercentFor(null));
    }

    [Fact]
    public void Thresholds_that_do_not_decrease_are_refused_on_the_tier_field()
    {
        var (scheme, errors) = CreditScheme.Create([new CreditTier(99.5m, 5m), new CreditTier(99.9m, 10m)]);
        Assert.Null(scheme);
        var message = Assert.Single(errors.ToDictionary()["tiers[1].belowPercent"]);
        Assert.Equal("Tier 2: threshold 99.9% must be lower than tier 1's 99.5%; list tiers from the highest threshold to the lowest.", message);
    }

    [Fact]
    public void Credits_that_do_not_increase_are_refused_on_the_tier_field()
    {
        var (_, errors) = CreditScheme.Create([new CreditTier(99.9m, 10m), new CreditTier(99.5m, 10m), new CreditTier(99m, 25m)]);
        var message = Assert.Single(errors.ToDictionary()["tiers[1].creditPercent"]);
        Assert.Equal("Tier 2: credit 10% must be higher than tier 1's 10%; a lower attainment earns a larger credit.", message);
        Assert.Equal(["tiers[1].creditPercent"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Out_of_range_values_and_an_empty_scheme_are_refused()
    {
        var (_, errors) = CreditScheme.Create([new CreditTier(0m, 150m)]);
        Assert.Equal(["tiers[0].belowPercent", "tiers[0].creditPercent"], errors.ToDictionary().Keys.Order());
        Assert.Contains("must be above 0 and at most 100", errors.ToDictionary()["tiers[0].creditPercent"].Single());

        var (_, none) = CreditScheme.Create([]);
        Assert.Contains("at least one tier", none.ToDictionary()["tiers"].Single());
    }

    [Fact]
    public void Valid_tiers_keep_their_order()
    {
        Assert.Equal([99.9m, 99.5m, 99m], Credits.Standard.Tiers.Select(t => t.BelowPercent));
    }
}
