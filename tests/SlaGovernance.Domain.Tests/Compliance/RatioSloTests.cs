using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class RatioSloTests
{
    private static readonly CompliancePeriod April = Month(2026, 4, London);

    [Fact]
    public void Csat_is_the_share_of_the_periods_responses_at_or_above_the_score()
    {
        var responses = new[]
        {
            new CsatResponse(Utc(2026, 4, 2), 5), new CsatResponse(Utc(2026, 4, 3), 4), new CsatResponse(Utc(2026, 4, 4), 3),
            new CsatResponse(Utc(2026, 4, 5), 5), new CsatResponse(Utc(2026, 4, 6), 2),
            new CsatResponse(Utc(2026, 3, 31, 22), 1), // 31 March 23:00 BST: March's
        };
        var result = new RatioSlo(Target(80m)).EvaluateCsat(April, responses, minimumScore: 4);
        // 3 of 5 responses score 4 or more = 60%
        Assert.Equal(60m, result.AttainmentPercent);
        Assert.Equal(SloOutcome.Missed, result.Outcome);
    }

    [Fact]
    public void Throughput_is_the_share_of_intervals_at_or_above_the_floor()
    {
        var counts = new[] { new EventCount(Utc(2026, 4, 1), 100), new EventCount(Utc(2026, 4, 2), 120), new EventCount(Utc(2026, 4, 3), 80), new EventCount(Utc(2026, 4, 4), 150) };
        var result = new RatioSlo(Target(75m)).EvaluateThroughput(April, counts, floor: 100);
        // 3 of 4 intervals reach 100 events = 75%, which meets 75%
        Assert.Equal(75m, result.AttainmentPercent);
        Assert.Equal(SloOutcome.Met, result.Outcome);
    }

    [Fact]
    public void A_custom_ratio_exactly_at_the_target_is_met()
    {
        // 999 / 1,000 = 99.9%
        Assert.Equal(SloOutcome.Met, new RatioSlo(Target(99.9m)).Evaluate(999, 1_000).Outcome);
        // 9,989 / 10,000 = 99.89%
        Assert.Equal(SloOutcome.Missed, new RatioSlo(Target(99.9m)).Evaluate(9_989, 10_000).Outcome);
    }

    [Fact]
    public void No_events_is_not_applicable()
    {
        var result = new RatioSlo(Target(99m, Credits.Standard)).Evaluate(0, 0);
        Assert.Equal(SloOutcome.NotApplicable, result.Outcome);
        Assert.Equal(0m, result.CreditPercent);
    }

    [Fact]
    public void More_good_events_than_events_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RatioSlo(Target(99m)).Evaluate(11, 10));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100.01)]
    public void A_target_outside_zero_to_one_hundred_is_refused(double percent)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SloTarget((decimal)percent));
        Assert.Contains("above 0 and at most 100", error.Message);
    }
}
