using SlaGovernance.Domain.Renewals;

namespace SlaGovernance.Domain.Tests.Renewals;

public sealed class BudgetCalendarRulesTests
{
    private static BudgetCalendarInput Valid() => new(4, 1, "Europe/London",
        [new BudgetMilestoneInput("Budget requests due", 120, true), new BudgetMilestoneInput("Budget approved", 30, false)],
        [new LeadTimeInput("Hosting", 90)], 60);

    [Fact]
    public void A_complete_calendar_is_accepted_with_its_milestones_earliest_first()
    {
        var (calendar, errors) = BudgetCalendarRules.Validate(Valid() with
        {
            Milestones = [new BudgetMilestoneInput(" Budget approved ", 30, false), new BudgetMilestoneInput("Budget requests due", 120, true)],
        });
        Assert.True(errors.IsValid);
        Assert.Equal(["Budget requests due", "Budget approved"], calendar!.Milestones.Select(m => m.Name));
        Assert.Equal(90, calendar.LeadTimeDaysFor("HOSTING"));
        Assert.Equal(60, calendar.LeadTimeDaysFor("Telecom"));
        Assert.Equal(60, calendar.LeadTimeDaysFor(null));
    }

    [Theory]
    [InlineData(2, 30, "30 February is not a date: February has 28 days (29 in a leap year). Give a day from 1 to 28.")]
    [InlineData(2, 29, "29 February comes only in leap years; start the fiscal year on 28 February or 1 March.")]
    [InlineData(4, 31, "31 April is not a date: April has 30 days. Give a day from 1 to 30.")]
    [InlineData(4, 0, "0 is not a day of the month; give 1 to 30.")]
    public void A_fiscal_year_start_that_is_not_a_date_every_year_is_refused_saying_why(int month, int day, string message)
    {
        var (calendar, errors) = BudgetCalendarRules.Validate(Valid() with { FiscalYearStartMonth = month, FiscalYearStartDay = day });
        Assert.Null(calendar);
        Assert.Equal([message], errors.ToDictionary()["fiscalYearStartDay"]);
    }

    [Fact]
    public void An_unknown_zone_a_month_13_and_bad_milestones_and_lead_times_are_refused_field_by_field()
    {
        var (_, errors) = BudgetCalendarRules.Validate(new BudgetCalendarInput(13, 1, "Mars/Olympus",
            [new BudgetMilestoneInput("Due", -1, false), new BudgetMilestoneInput("due", 10, false), new BudgetMilestoneInput(" ", 10, false)],
            [new LeadTimeInput("Hosting", 10), new LeadTimeInput("hosting", 1000)], null));
        var fields = errors.ToDictionary();
        Assert.Equal(["defaultLeadTimeDays", "fiscalYearStartMonth", "leadTimes[1].category", "leadTimes[1].days", "milestones",
            "milestones[0].daysBeforeYearStart", "milestones[1].name", "milestones[2].name", "timeZone"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'Mars/Olympus' is not an IANA time zone", fields["timeZone"][0]);
        Assert.Contains("exactly one milestone", fields["milestones"][0]);
    }
}
