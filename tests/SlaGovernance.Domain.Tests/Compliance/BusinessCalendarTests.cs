using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class BusinessCalendarTests
{
    [Fact]
    public void Weekday_hours_less_holidays_give_the_service_time_of_a_month()
    {
        var april = Month(2026, 4, London);
        // April 2026: 22 weekdays - Good Friday - Easter Monday = 20 days x 10 h = 12,000 minutes
        Assert.Equal(Duration.FromMinutes(12_000), LondonOfficeHours.Within(april.Interval).TotalDuration);
    }

    [Fact]
    public void A_DST_month_does_not_shorten_daytime_business_hours()
    {
        // March 2026: 22 weekdays x 10 h = 13,200 minutes, though the month itself is an hour short
        Assert.Equal(Duration.FromMinutes(13_200), LondonOfficeHours.Within(Month(2026, 3, London).Interval).TotalDuration);
    }

    [Fact]
    public void Business_hours_are_local_to_the_calendars_zone()
    {
        var newYorkDesk = BusinessCalendar.Weekdays(NewYork, new LocalTime(9, 0), new LocalTime(17, 0));
        var window = newYorkDesk.Within(new Interval(Utc(2026, 3, 6), Utc(2026, 3, 10)));
        // Fri 6 March 09:00 EST = 14:00 UTC; Mon 9 March 09:00 EDT = 13:00 UTC (DST began on the Sunday)
        Assert.Equal(
            [new Interval(Utc(2026, 3, 6, 14), Utc(2026, 3, 6, 22)), new Interval(Utc(2026, 3, 9, 13), Utc(2026, 3, 9, 21))],
            window.Intervals);
    }

    [Fact]
    public void A_night_shift_across_the_spring_change_is_an_hour_shorter()
    {
        var nights = new BusinessCalendar(London, [new WorkingHours(IsoDayOfWeek.Saturday, new LocalTime(22, 0), new LocalTime(6, 0))]);
        var window = nights.Within(new Interval(Utc(2026, 3, 28), Utc(2026, 3, 30)));
        // Sat 28 March 22:00 GMT to Sun 29 March 06:00 BST = 8 h - 1 h = 7 h
        Assert.Equal([new Interval(Utc(2026, 3, 28, 22), Utc(2026, 3, 29, 5))], window.Intervals);
    }

    [Fact]
    public void A_night_shift_that_began_before_the_period_counts_from_the_period_start()
    {
        var nights = new BusinessCalendar(DateTimeZone.Utc, [new WorkingHours(IsoDayOfWeek.Tuesday, new LocalTime(22, 0), new LocalTime(6, 0))]);
        // 30 June 2026 is a Tuesday: its shift runs to 1 July 06:00, so July gets 6 h = 360 minutes from it
        var july = nights.Within(Month(2026, 7, DateTimeZone.Utc).Interval);
        Assert.Equal(new Interval(Utc(2026, 7, 1), Utc(2026, 7, 1, 6)), july.Intervals[0]);
    }

    [Fact]
    public void A_holiday_removes_the_whole_day()
    {
        var window = LondonOfficeHours.Within(new Interval(Utc(2026, 4, 3), Utc(2026, 4, 4)));
        Assert.True(window.IsEmpty);
    }
}
