using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class MonthlyCreditTests
{
    private static readonly Money Fee = new(12_000m, "EUR");

    private static SloResult Earning(decimal attainment) =>
        new RatioSlo(Target(99.9m, Credits.Standard)).Evaluate((long)(attainment * 100), 10_000);

    [Fact]
    public void The_cap_limits_the_total_across_slos()
    {
        var results = new[] { Earning(99.4m), Earning(99.2m), Earning(99.8m) };
        var credit = MonthlyCredit.Calculate(Fee, capPercent: 20m, results);
        // 10% + 10% + 5% = 25%, capped at 20%: 20% x 12,000 = 2,400 EUR
        Assert.Equal(25m, credit.EarnedPercent);
        Assert.Equal(20m, credit.AppliedPercent);
        Assert.True(credit.IsCapped);
        Assert.Equal(new Money(2_400m, "EUR"), credit.Amount);
    }

    [Fact]
    public void Credits_under_the_cap_are_paid_in_full()
    {
        var credit = MonthlyCredit.Calculate(Fee, capPercent: 20m, [Earning(99.8m), Earning(99.4m), Earning(100m)]);
        // 5% + 10% + 0% = 15%: 15% x 12,000 = 1,800 EUR
        Assert.Equal(new Money(1_800m, "EUR"), credit.Amount);
        Assert.False(credit.IsCapped);
    }

    [Fact]
    public void Amounts_in_different_currencies_are_never_added()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Money(10m, "EUR") + new Money(10m, "GBP"));
        Assert.Contains("GBP to EUR", error.Message);
        Assert.Equal(new Money(15m, "EUR"), new Money(10m, "EUR") + new Money(5m, "EUR"));
    }

    [Fact]
    public void Totals_are_given_per_currency()
    {
        var totals = Money.TotalsByCurrency([new Money(100m, "GBP"), new Money(50m, "EUR"), new Money(25.5m, "GBP")]);
        // EUR 50; GBP 100 + 25.5 = 125.5
        Assert.Equal([new Money(50m, "EUR"), new Money(125.5m, "GBP")], totals);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("")]
    public void A_currency_that_is_not_an_ISO_code_is_refused(string currency)
    {
        var error = Assert.Throws<ArgumentException>(() => new Money(1m, currency));
        Assert.Contains("three capital letters", error.Message);
    }
}
