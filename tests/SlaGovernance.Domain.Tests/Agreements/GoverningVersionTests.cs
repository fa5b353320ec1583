using NodaTime;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Domain.Tests.Agreements;

public sealed class GoverningVersionTests
{
    private static readonly SignedVersion First = new(1, new DateOnly(2027, 1, 1), new DateOnly(2026, 12, 15), "Europe/Berlin");
    private static readonly SignedVersion Renegotiated = new(3, new DateOnly(2028, 1, 1), new DateOnly(2027, 10, 1), "Europe/Berlin");

    private static Instant Utc(int year, int month, int day, int hour = 0) => Instant.FromUtc(year, month, day, hour, 0);

    [Fact]
    public void Nothing_governs_before_the_first_signed_term_begins_in_its_zone()
    {
        Assert.Null(GoverningVersion.At([First], Utc(2026, 12, 31, 22)));
        Assert.Equal(First, GoverningVersion.At([First], Utc(2026, 12, 31, 23)));
    }

    [Fact]
    public void A_version_signed_for_the_next_term_governs_only_once_that_term_begins()
    {
        Assert.Equal(First, GoverningVersion.At([First, Renegotiated], Utc(2027, 12, 31, 12)));
        Assert.Equal(Renegotiated, GoverningVersion.At([First, Renegotiated], Utc(2028, 1, 2)));
    }

    [Fact]
    public void A_change_signed_during_the_term_governs_from_the_day_it_was_signed_and_not_before()
    {
        var amended = new SignedVersion(2, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 10), "Europe/Berlin");
        Assert.Equal(First, GoverningVersion.At([First, amended], Utc(2027, 6, 9, 21)));
        Assert.Equal(amended, GoverningVersion.At([First, amended], Utc(2027, 6, 9, 22)));
        Assert.Equal(First, GoverningVersion.For([First, amended], new Interval(Utc(2027, 6, 1), Utc(2027, 7, 1))));
    }

    [Fact]
    public void A_month_in_which_the_first_term_begins_is_governed_by_that_term()
    {
        var midMonth = new SignedVersion(1, new DateOnly(2027, 3, 15), new DateOnly(2027, 3, 1), "Europe/Berlin");
        var march = new Interval(Utc(2027, 3, 1), Utc(2027, 4, 1));
        Assert.Equal(midMonth, GoverningVersion.For([midMonth], march));
        Assert.Null(GoverningVersion.For([midMonth], new Interval(Utc(2027, 1, 1), Utc(2027, 2, 1))));
    }

    [Fact]
    public void An_amendment_signed_ahead_governs_from_its_effective_date_and_one_signed_late_from_the_day_it_was_signed()
    {
        var ahead = new SignedVersion(2, new DateOnly(2027, 1, 1), new DateOnly(2027, 4, 2), "Europe/Berlin", EffectiveOn: new DateOnly(2027, 4, 11));
        Assert.Equal(new DateOnly(2027, 4, 11), ahead.FirstDay);
        Assert.Equal(First, GoverningVersion.At([First, ahead], Utc(2027, 4, 10, 21)));
        Assert.Equal(ahead, GoverningVersion.At([First, ahead], Utc(2027, 4, 10, 22)));

        var late = ahead with { SignedOn = new DateOnly(2027, 4, 14) };
        Assert.Equal(First, GoverningVersion.At([First, late], Utc(2027, 4, 12)));
        Assert.Equal(late, GoverningVersion.At([First, late], Utc(2027, 4, 13, 22)));
    }

    [Fact]
    public void A_month_an_amendment_comes_into_force_in_is_split_at_the_switch_with_each_part_its_share()
    {
        // April 2027 in Berlin: 1 April 00:00 (31 March 22:00 UTC) to 1 May 00:00 (30 April 22:00 UTC), 30 days.
        var april = new Interval(Utc(2027, 3, 31, 22), Utc(2027, 4, 30, 22));
        var amended = new SignedVersion(2, new DateOnly(2027, 1, 1), new DateOnly(2027, 4, 2), "Europe/Berlin", EffectiveOn: new DateOnly(2027, 4, 11));
        var parts = GoverningVersion.Parts([First, amended], april);
        Assert.Equal(2, parts.Count);
        Assert.Equal((First, new Interval(Utc(2027, 3, 31, 22), Utc(2027, 4, 10, 22))), (parts[0].Version, parts[0].Span));
        Assert.Equal((amended, new Interval(Utc(2027, 4, 10, 22), Utc(2027, 4, 30, 22))), (parts[1].Version, parts[1].Span));
        Assert.Equal(1m, parts[0].Share + parts[1].Share);
        Assert.Equal(10m / 30m, parts[0].Share);

        // A month wholly before or after the switch is one part; a month before any term, none.
        Assert.Equal(First, Assert.Single(GoverningVersion.Parts([First, amended], new Interval(Utc(2027, 2, 28, 23), Utc(2027, 3, 31, 22)))).Version);
        Assert.Equal(amended, Assert.Single(GoverningVersion.Parts([First, amended], new Interval(Utc(2027, 4, 30, 22), Utc(2027, 5, 31, 22)))).Version);
        Assert.Empty(GoverningVersion.Parts([First], new Interval(Utc(2026, 10, 31, 23), Utc(2026, 11, 30, 23))));
    }
}
