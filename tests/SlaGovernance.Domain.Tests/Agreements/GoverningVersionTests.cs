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
}
