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

    /// <summary>
    /// April (30 days) split on the 11th: version 1 (12,000 EUR a month) governs 10 days, a third of the month; version 2 (13,200
    /// EUR) 20 days, two thirds. Version 1's part missed 99.9% (5%), version 2's missed 99% (25%); both caps are 15%.
    /// </summary>
    [Fact]
    public void A_split_period_credits_each_part_at_its_own_fee_and_share_under_one_cap()
    {
        CreditPart Part(decimal fee, decimal share, decimal attainment, decimal cap = 15m) =>
            new(new Money(fee, "EUR"), cap, share, [Earning(attainment)]);
        var third = 1m / 3m;
        var credit = SplitCredit.Calculate([Part(12_000m, third, 99.8m), Part(13_200m, 1m - third, 98.9m)]);
        // Fee: 12,000 / 3 + 13,200 x 2/3 = 4,000 + 8,800 = 12,800 EUR.
        Assert.Equal(12_800m, decimal.Round(credit.Fee.Amount, 2));
        // Earned: 5% x 4,000 + 25% x 8,800 = 200 + 2,200 = 2,400 EUR.
        Assert.Equal(200m, decimal.Round(credit.Parts[0].Earned.Amount, 2));
        Assert.Equal(2_200m, decimal.Round(credit.Parts[1].Earned.Amount, 2));
        Assert.Equal(2_400m, decimal.Round(credit.Earned.Amount, 2));
        // One cap over the parts: 15% x 4,000 + 15% x 8,800 = 1,920 EUR, so 1,920 EUR is due, 15% of the period's fee.
        Assert.Equal(1_920m, decimal.Round(credit.Cap.Amount, 2));
        Assert.Equal(1_920m, decimal.Round(credit.Amount.Amount, 2));
        Assert.True(credit.IsCapped);
        Assert.Equal(18.75m, decimal.Round(credit.EarnedPercent, 4));
        Assert.Equal(15m, decimal.Round(credit.AppliedPercent, 4));

        // Under a 30% cap (3,840 EUR) the 2,400 EUR earned is due in full.
        var uncapped = SplitCredit.Calculate([Part(12_000m, third, 99.8m, 30m), Part(13_200m, 1m - third, 98.9m, 30m)]);
        Assert.Equal(2_400m, decimal.Round(uncapped.Amount.Amount, 2));
        Assert.False(uncapped.IsCapped);
    }

    [Fact]
    public void A_split_period_keeps_currencies_apart()
    {
        Assert.Throws<InvalidOperationException>(() => SplitCredit.Calculate(
            [new CreditPart(new Money(100m, "EUR"), 10m, 0.5m, []), new CreditPart(new Money(100m, "GBP"), 10m, 0.5m, [])]));
    }
}
