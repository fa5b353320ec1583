using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class CompliancePeriodTests
{
    [Fact]
    public void A_London_spring_month_has_one_hour_fewer()
    {
        var march = Month(2026, 3, London);
        Assert.Equal(Utc(2026, 3, 1), march.Start);
        Assert.Equal(Utc(2026, 3, 31, 23), march.End); // midnight BST on 1 April
        // 31 days x 24 h - 1 h = 743 h = 44,580 minutes
        Assert.Equal(Duration.FromMinutes(44_580), march.Interval.Duration);
    }

    [Fact]
    public void A_London_autumn_month_has_one_hour_more()
    {
        var october = Month(2026, 10, London);
        Assert.Equal(Utc(2026, 9, 30, 23), october.Start); // midnight BST on 1 October
        Assert.Equal(Utc(2026, 11, 1), october.End);
        // 31 days x 24 h + 1 h = 745 h = 44,700 minutes
        Assert.Equal(Duration.FromMinutes(44_700), october.Interval.Duration);
    }

    [Fact]
    public void A_New_York_spring_month_has_one_hour_fewer()
    {
        var march = Month(2026, 3, NewYork);
        Assert.Equal(Utc(2026, 3, 1, 5), march.Start); // midnight EST is 05:00 UTC
        Assert.Equal(Utc(2026, 4, 1, 4), march.End);   // midnight EDT is 04:00 UTC
        // 31 days x 24 h - 1 h = 743 h = 44,580 minutes
        Assert.Equal(Duration.FromMinutes(44_580), march.Interval.Duration);
    }

    [Fact]
    public void A_leap_February_has_29_days()
    {
        // 29 days x 1,440 minutes = 41,760 minutes
        Assert.Equal(Duration.FromMinutes(41_760), Month(2028, 2, London).Interval.Duration);
        // 28 days x 1,440 minutes = 40,320 minutes
        Assert.Equal(Duration.FromMinutes(40_320), Month(2027, 2, London).Interval.Duration);
    }

    [Fact]
    public void A_quarter_runs_from_its_first_month_to_the_next_quarter_in_local_time()
    {
        var q1 = CompliancePeriod.Quarter(2026, 1, London);
        Assert.Equal(Utc(2026, 1, 1), q1.Start);
        Assert.Equal(Utc(2026, 3, 31, 23), q1.End);
        // (31 + 28 + 31) days x 24 h - 1 h = 2,159 h = 129,540 minutes
        Assert.Equal(Duration.FromMinutes(129_540), q1.Interval.Duration);
    }

    [Fact]
    public void A_quarter_outside_one_to_four_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CompliancePeriod.Quarter(2026, 5, London));
        Assert.Equal("quarter", error.ParamName);
    }

    [Fact]
    public void A_rolling_window_is_whole_days_ending_at_the_instant()
    {
        var window = CompliancePeriod.Rolling(30, Utc(2026, 7, 1, 12));
        Assert.Equal(Utc(2026, 6, 1, 12), window.Start);
        // 30 days x 1,440 minutes = 43,200 minutes
        Assert.Equal(Duration.FromMinutes(43_200), window.Interval.Duration);
    }

    [Fact]
    public void The_period_contains_its_start_but_not_its_end()
    {
        var april = Month(2026, 4, London);
        Assert.True(april.Contains(april.Start));
        Assert.False(april.Contains(april.End));
    }
}
