using NodaTime;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Renewals;
using ContractPeriod = SlaGovernance.Domain.Agreements.Period;

namespace SlaGovernance.Domain.Tests.Renewals;

public sealed class KeyDatesTests
{
    private static readonly ContractPeriod OneMonth = new(1, PeriodUnit.Months);
    private static readonly ContractPeriod OneYear = new(12, PeriodUnit.Months);

    private static BudgetCalendar AprilYear(int hostingLeadDays = 90) => new(4, 1, "Europe/London",
        [new BudgetMilestone("Budget requests due", 120, true), new BudgetMilestone("Budget approved", 30, false)],
        new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Hosting"] = hostingLeadDays }, 60);

    private static LocalDate D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void A_month_from_31_January_renews_on_the_last_day_of_each_month_without_drifting()
    {
        // One month from 31 January 2024 runs to 28 February; the renewals begin 29 February, 31 March, 30 April, 31 May.
        var schedule = new RenewalSchedule(D(2024, 1, 31), D(2024, 2, 28), OneMonth);
        Assert.Equal(new AgreementTerm(1, D(2024, 2, 29), D(2024, 3, 30)), schedule.Term(1));
        Assert.Equal(new AgreementTerm(2, D(2024, 3, 31), D(2024, 4, 29)), schedule.Term(2));
        Assert.Equal(new AgreementTerm(3, D(2024, 4, 30), D(2024, 5, 30)), schedule.Term(3));
        Assert.Equal(D(2024, 5, 31), schedule.Term(4).Start);
    }

    [Fact]
    public void A_term_ending_31_January_renews_to_the_end_of_February_and_then_of_March()
    {
        var schedule = new RenewalSchedule(D(2025, 1, 1), D(2025, 1, 31), OneMonth);
        Assert.Equal(new AgreementTerm(1, D(2025, 2, 1), D(2025, 2, 28)), schedule.Term(1));
        Assert.Equal(new AgreementTerm(2, D(2025, 3, 1), D(2025, 3, 31)), schedule.Term(2));
        Assert.Equal(new AgreementTerm(3, D(2025, 4, 1), D(2025, 4, 30)), schedule.Term(3));
    }

    [Fact]
    public void A_yearly_term_from_29_February_comes_back_to_29_February_in_the_next_leap_year()
    {
        var schedule = new RenewalSchedule(D(2024, 2, 29), D(2025, 2, 27), OneYear);
        Assert.Equal(new AgreementTerm(1, D(2025, 2, 28), D(2026, 2, 27)), schedule.Term(1));
        Assert.Equal(new AgreementTerm(3, D(2027, 2, 28), D(2028, 2, 28)), schedule.Term(3));
        Assert.Equal(new AgreementTerm(4, D(2028, 2, 29), D(2029, 2, 27)), schedule.Term(4));
    }

    [Fact]
    public void A_term_ending_on_29_February_renews_to_the_end_of_each_February()
    {
        var schedule = new RenewalSchedule(D(2023, 3, 1), D(2024, 2, 29), OneYear);
        Assert.Equal(D(2025, 2, 28), schedule.Term(1).End);
        Assert.Equal(D(2028, 2, 29), schedule.Term(4).End);
        var notice = KeyDates.For(schedule, new ContractPeriod(1, PeriodUnit.Months), null, AprilYear(), renewals: 4);
        Assert.Equal(D(2028, 1, 29), notice.NoticeDeadline);
    }

    [Fact]
    public void A_signed_term_that_is_not_a_whole_number_of_renewal_terms_renews_from_the_day_after_it()
    {
        var schedule = new RenewalSchedule(D(2025, 1, 15), D(2027, 12, 31), OneYear);
        Assert.Equal(new AgreementTerm(1, D(2028, 1, 1), D(2028, 12, 31)), schedule.Term(1));
        Assert.Equal(new AgreementTerm(2, D(2029, 1, 1), D(2029, 12, 31)), schedule.Term(2));
    }

    [Theory]
    [InlineData(90, PeriodUnit.Days, "2026-10-02")]
    [InlineData(3, PeriodUnit.Months, "2026-09-30")]
    [InlineData(0, PeriodUnit.Days, "2026-12-31")]
    [InlineData(1, PeriodUnit.Months, "2026-11-30")]
    public void The_notice_deadline_is_the_term_end_minus_the_notice_period_in_days_or_months(int amount, PeriodUnit unit, string expected)
    {
        var dates = KeyDates.For(D(2026, 1, 1), D(2026, 12, 31), new RenewalTerms(false, new ContractPeriod(amount, unit), null), "Hosting", AprilYear());
        Assert.Equal(LocalDate.FromDateTime(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), dates.NoticeDeadline);
        Assert.Equal(dates.NoticeDeadline.PlusDays(-90), dates.DecisionDate);
    }

    [Fact]
    public void A_renewal_is_funded_from_the_year_holding_its_first_day_and_at_risk_when_the_request_deadline_passes_before_the_decision()
    {
        var renewal = new RenewalTerms(true, new ContractPeriod(3, PeriodUnit.Months), OneYear);
        var late = KeyDates.For(D(2025, 7, 1), D(2027, 6, 30), renewal, "hosting", AprilYear(hostingLeadDays: 90));
        Assert.Equal(D(2027, 3, 30), late.NoticeDeadline);
        Assert.Equal(D(2026, 12, 30), late.DecisionDate);
        Assert.Equal(D(2027, 7, 1), late.RenewalStart);
        Assert.Equal(("FY2028", D(2027, 4, 1), D(2028, 3, 31)), (late.FundingYear.Name, late.FundingYear.Start, late.FundingYear.End));
        Assert.Equal(D(2026, 12, 2), late.BudgetRequestDeadline);
        Assert.True(late.UnfundedRenewalRisk);
        Assert.Equal([("Budget requests due", D(2026, 12, 2)), ("Budget approved", D(2027, 3, 2))],
            late.Milestones.Select(m => (m.Milestone.Name, m.Date)));

        var early = KeyDates.For(D(2025, 7, 1), D(2027, 6, 30), renewal, "Hosting", AprilYear(hostingLeadDays: 150));
        Assert.Equal(D(2026, 10, 31), early.DecisionDate);
        Assert.False(early.UnfundedRenewalRisk);
    }

    [Fact]
    public void On_the_request_deadline_itself_the_deadline_has_not_yet_passed()
    {
        // Decision on 2 December 2026, the day budget requests for FY2028 are due.
        var dates = KeyDates.For(D(2025, 7, 1), D(2027, 6, 30), new RenewalTerms(false, new ContractPeriod(3, PeriodUnit.Months), null), "Hosting",
            AprilYear(hostingLeadDays: 118));
        Assert.Equal(dates.BudgetRequestDeadline, dates.DecisionDate);
        Assert.False(dates.UnfundedRenewalRisk);
        Assert.True(KeyDates.For(D(2025, 7, 1), D(2027, 6, 30), new RenewalTerms(false, new ContractPeriod(3, PeriodUnit.Months), null), "Hosting",
            AprilYear(hostingLeadDays: 117)).UnfundedRenewalRisk);
    }

    [Fact]
    public void Each_tacit_renewal_has_its_notice_deadline_counted_from_its_own_end()
    {
        var renewal = new RenewalTerms(true, new ContractPeriod(3, PeriodUnit.Months), OneYear);
        var schedule = KeyDates.Schedule(D(2025, 1, 1), D(2027, 12, 31), renewal);
        var first = KeyDates.For(schedule, renewal.NoticePeriod, "Other", AprilYear(), renewals: 0);
        var second = first.Next(schedule, renewal.NoticePeriod, "Other", AprilYear());
        var third = second.Next(schedule, renewal.NoticePeriod, "Other", AprilYear());
        Assert.Equal([D(2027, 9, 30), D(2028, 9, 30), D(2029, 9, 30)], new[] { first, second, third }.Select(k => k.NoticeDeadline));
        Assert.Equal([D(2027, 8, 1), D(2028, 8, 1), D(2029, 8, 1)], new[] { first, second, third }.Select(k => k.DecisionDate));
    }

    [Fact]
    public void The_term_on_a_date_is_the_signed_one_until_it_ends_then_the_renewal_covering_it()
    {
        var schedule = new RenewalSchedule(D(2024, 1, 31), D(2024, 2, 28), OneMonth);
        Assert.Equal(0, schedule.TermOn(D(2024, 1, 1))!.Index);
        Assert.Equal(0, schedule.TermOn(D(2024, 2, 28))!.Index);
        Assert.Equal(1, schedule.TermOn(D(2024, 2, 29))!.Index);
        Assert.Equal(2, schedule.TermOn(D(2024, 3, 31))!.Index);
        Assert.Equal(new AgreementTerm(120, D(2034, 1, 31), D(2034, 2, 27)), schedule.TermOn(D(2034, 2, 1)));
        Assert.Null(new RenewalSchedule(D(2024, 1, 1), D(2024, 12, 31), null).TermOn(D(2025, 1, 1)));
    }

    [Fact]
    public void The_fiscal_year_is_named_after_the_year_it_ends_in()
    {
        var calendar = AprilYear();
        Assert.Equal(new FiscalYear(D(2026, 4, 1), D(2027, 3, 31)), calendar.FiscalYearContaining(D(2026, 4, 1)));
        Assert.Equal(new FiscalYear(D(2025, 4, 1), D(2026, 3, 31)), calendar.FiscalYearContaining(D(2026, 3, 31)));
        Assert.Equal("FY2027", calendar.FiscalYearContaining(D(2026, 12, 25)).Name);
        Assert.Equal("FY2026", BudgetCalendar.Default("UTC").FiscalYearContaining(D(2026, 12, 31)).Name);
    }
}
