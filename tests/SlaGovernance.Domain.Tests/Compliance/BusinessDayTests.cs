using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class BusinessDayTests
{
    // Mon–Fri 08:00–18:00 London; Good Friday 3 April and Easter Monday 6 April 2026 are holidays.
    private static readonly BusinessCalendar Office = LondonOfficeHours;

    [Theory]
    [InlineData("2026-03-30", 3, "2026-04-02")] // Mon + 3 = Thu
    [InlineData("2026-04-02", 1, "2026-04-07")] // Thu + 1 skips Good Friday, the weekend and Easter Monday
    [InlineData("2026-04-04", 1, "2026-04-07")] // from a Saturday, the next business day
    [InlineData("2026-04-07", -1, "2026-04-02")] // Tue - 1 goes back over Easter
    [InlineData("2026-03-30", 0, "2026-03-30")]
    public void Business_days_skip_weekends_and_holidays(string from, int days, string expected) =>
        Assert.Equal(LocalDate.FromDateTime(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), Office.AddBusinessDays(LocalDate.FromDateTime(DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture)), days));

    [Fact]
    public void A_task_due_in_three_business_days_is_due_at_close_of_business_local_time()
    {
        // Created Monday 30 March 2026 10:00 BST (09:00 UTC); due Thursday 2 April 18:00 BST = 17:00 UTC.
        Assert.Equal(Utc(2026, 4, 2, 17), Office.DueAfterBusinessDays(Utc(2026, 3, 30, 9), 3));
    }

    [Fact]
    public void Close_of_business_follows_the_zone_across_the_clock_change()
    {
        // London went to summer time on 29 March 2026: 18:00 is 18:00 UTC on Friday 27 March, 17:00 UTC on Monday 30 March.
        Assert.Equal(Utc(2026, 3, 27, 18), Office.CloseOfBusiness(new LocalDate(2026, 3, 27)));
        Assert.Equal(Utc(2026, 3, 30, 17), Office.CloseOfBusiness(new LocalDate(2026, 3, 30)));
    }

    [Fact]
    public void A_night_shift_closes_the_next_morning()
    {
        var nights = new BusinessCalendar(London, [new WorkingHours(IsoDayOfWeek.Monday, new LocalTime(8, 0), new LocalTime(12, 0)),
            new WorkingHours(IsoDayOfWeek.Monday, new LocalTime(22, 0), new LocalTime(6, 0))]);
        Assert.Equal(Local(London, 2026, 1, 6, 6), nights.CloseOfBusiness(new LocalDate(2026, 1, 5)));
    }

    [Fact]
    public void A_calendar_without_hours_says_so_instead_of_looping()
    {
        var empty = new BusinessCalendar(London, []);
        Assert.Throws<InvalidOperationException>(() => empty.AddBusinessDays(new LocalDate(2026, 1, 5), 1));
    }

    [Fact]
    public void Adding_then_subtracting_returns_to_a_business_day_and_every_result_is_a_business_day()
    {
        var random = new Random(20261126);
        for (var i = 0; i < 2_000; i++)
        {
            var start = new LocalDate(2026, 1, 1).PlusDays(random.Next(0, 730));
            var days = random.Next(1, 40);
            var later = Office.AddBusinessDays(start, days);
            Assert.True(Office.IsBusinessDay(later));
            Assert.True(later > start);
            var businessDaysBetween = 0;
            for (var d = start.PlusDays(1); d <= later; d = d.PlusDays(1))
                businessDaysBetween += Office.IsBusinessDay(d) ? 1 : 0;
            Assert.Equal(days, businessDaysBetween);
            if (Office.IsBusinessDay(start))
                Assert.Equal(start, Office.AddBusinessDays(later, -days));
            Assert.Equal(Office.AddBusinessDays(Office.AddBusinessDays(start, days), 1), Office.AddBusinessDays(start, days + 1));
        }
    }
}
