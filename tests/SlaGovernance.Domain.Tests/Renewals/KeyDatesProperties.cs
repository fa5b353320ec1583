using CsCheck;
using NodaTime;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Renewals;
using ContractPeriod = SlaGovernance.Domain.Agreements.Period;

namespace SlaGovernance.Domain.Tests.Renewals;

/// <summary>Invariants of the key dates over generated terms, calendars and notice periods, 40 years of leap days and month ends.</summary>
public sealed class KeyDatesProperties
{
    public sealed record Case(LocalDate Start, LocalDate End, ContractPeriod Renewal, ContractPeriod Notice, string Category, BudgetCalendar Calendar)
    {
        public RenewalSchedule Schedule => new(Start, End, Renewal);

        public KeyDates Dates(int renewals) => KeyDates.For(Schedule, Notice, Category, Calendar, renewals);

        /// <summary>The day of the month the renewal terms are counted from: the start's when the signed term is whole renewal terms.</summary>
        public int AnchorDay
        {
            get
            {
                var following = End.PlusDays(1);
                var months = (following.Year - Start.Year) * 12 + following.Month - Start.Month;
                return months > 0 && months % Renewal.Amount == 0 && Start.PlusMonths(months) == following ? Start.Day : following.Day;
            }
        }
    }

    private static readonly LocalDate Epoch = new(2000, 1, 1);

    private static readonly Gen<LocalDate> Dates = Gen.Int[0, 40 * 366].Select(d => Epoch.PlusDays(d));

    /// <summary>Most start on a late day of the month, where truncation to a shorter month happens.</summary>
    private static readonly Gen<LocalDate> Starts = Gen.Frequency(
        (1, Dates),
        (2, from year in Gen.Int[2000, 2040] from month in Gen.Int[1, 12] from back in Gen.Int[0, 3]
            select new LocalDate(year, month, 1).PlusMonths(1).PlusDays(-1 - back)));

    private static readonly Gen<ContractPeriod> Renewals = Gen.Frequency(
        (1, Gen.Int[1, 400].Select(d => new ContractPeriod(d, PeriodUnit.Days))),
        (3, Gen.OneOf(1, 2, 3, 6, 12, 24, 36).Select(m => new ContractPeriod(m, PeriodUnit.Months))));

    private static readonly Gen<ContractPeriod> Notices = Gen.Frequency(
        (1, Gen.Int[0, 200].Select(d => new ContractPeriod(d, PeriodUnit.Days))),
        (1, Gen.Int[0, 6].Select(m => new ContractPeriod(m, PeriodUnit.Months))));

    private static readonly Gen<BudgetCalendar> Calendars =
        from month in Gen.Int[1, 12]
        from day in Gen.Int[1, 28]
        from request in Gen.Int[0, 400]
        from approval in Gen.Int[0, 400]
        from lead in Gen.Int[0, 200]
        from hostingLead in Gen.Int[0, 200]
        select new BudgetCalendar(month, day, "Europe/Berlin",
            [new BudgetMilestone("Budget requests due", request, true), new BudgetMilestone("Budget approved", approval, false)],
            new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Hosting"] = hostingLead }, lead);

    private static readonly Gen<Case> Cases =
        from start in Starts
        from renewal in Renewals
        from whole in Gen.Bool
        from terms in Gen.Int[1, 5]
        from days in Gen.Int[0, 2000]
        from notice in Notices
        from category in Gen.OneOf("Hosting", "hosting", "Telecom")
        from calendar in Calendars
        let end = whole
            ? (renewal.Unit == PeriodUnit.Days ? start.PlusDays(renewal.Amount * terms) : start.PlusMonths(renewal.Amount * terms)).PlusDays(-1)
            : start.PlusDays(days)
        select new Case(start, end, renewal, notice, category, calendar);

    [Fact]
    public void Deadlines_are_ordered_decision_then_notice_then_term_end() =>
        Cases.Sample(c =>
        {
            foreach (var k in (int[])[0, 1, 2, 7])
            {
                var dates = c.Dates(k);
                Assert.True(dates.DecisionDate <= dates.NoticeDeadline && dates.NoticeDeadline <= dates.TermEnd, $"{c} term {k}: {dates}");
                Assert.Equal(dates.NoticeDeadline.PlusDays(-dates.LeadTimeDays), dates.DecisionDate);
                Assert.True(dates.Term.Start <= dates.Term.End, $"{c} term {k}: {dates.Term}");
            }
        });

    [Fact]
    public void Rolling_forward_N_times_equals_one_computation_of_N_terms() =>
        Cases.Select(Gen.Int[0, 40]).Sample((c, n) =>
        {
            var schedule = c.Schedule;
            var rolled = c.Dates(0);
            for (var i = 0; i < n; i++)
                rolled = rolled.Next(schedule, c.Notice, c.Category, c.Calendar);
            var direct = c.Dates(n);
            Assert.Equal(direct.Term, rolled.Term);
            Assert.Equal((direct.NoticeDeadline, direct.DecisionDate, direct.FundingYear, direct.BudgetRequestDeadline, direct.UnfundedRenewalRisk),
                (rolled.NoticeDeadline, rolled.DecisionDate, rolled.FundingYear, rolled.BudgetRequestDeadline, rolled.UnfundedRenewalRisk));
        });

    [Fact]
    public void Terms_follow_each_other_without_a_gap_or_an_overlap_and_monthly_terms_keep_their_day_of_the_month() =>
        Cases.Sample(c =>
        {
            var schedule = c.Schedule;
            for (var k = 0; k < 30; k++)
            {
                var term = schedule.Term(k);
                var next = schedule.Term(k + 1);
                Assert.Equal(term.End.PlusDays(1), next.Start);
                if (c.Renewal.Unit == PeriodUnit.Days)
                {
                    Assert.Equal(c.Renewal.Amount, NodaTime.Period.DaysBetween(next.Start, next.End) + 1);
                    continue;
                }
                var daysInMonth = CalendarSystem.Iso.GetDaysInMonth(next.Start.Year, next.Start.Month);
                Assert.Equal(Math.Min(c.AnchorDay, daysInMonth), next.Start.Day);
                var months = (next.End.PlusDays(1).Year - next.Start.Year) * 12 + next.End.PlusDays(1).Month - next.Start.Month;
                Assert.Equal(c.Renewal.Amount, months);
            }
        });

    [Fact]
    public void The_funding_year_holds_the_renewals_first_day_and_its_request_deadline_is_counted_from_its_start() =>
        Cases.Sample(c =>
        {
            foreach (var k in (int[])[0, 3])
            {
                var dates = c.Dates(k);
                var year = dates.FundingYear;
                Assert.True(year.Contains(dates.RenewalStart), $"{year} does not hold {dates.RenewalStart}");
                Assert.Equal((c.Calendar.FiscalYearStartMonth, c.Calendar.FiscalYearStartDay), (year.Start.Month, year.Start.Day));
                Assert.Equal(year.Start.PlusYears(1), year.End.PlusDays(1));
                Assert.InRange(NodaTime.Period.DaysBetween(year.Start, year.End) + 1, 365, 366);
                Assert.Equal(year.Start.PlusDays(-c.Calendar.RequestDeadline.DaysBeforeYearStart), dates.BudgetRequestDeadline);
                Assert.Equal(dates.BudgetRequestDeadline < dates.DecisionDate, dates.UnfundedRenewalRisk);
            }
        });

    [Fact]
    public void The_term_on_any_later_date_holds_that_date() =>
        Cases.Select(Gen.Int[0, 5000]).Sample((c, after) =>
        {
            var date = c.Start.PlusDays(after);
            var term = c.Schedule.TermOn(date)!;
            Assert.True(term.Start <= date && date <= term.End || term.Index == 0 && date <= term.End, $"{date} not in {term}");
            Assert.Equal(c.Schedule.Term(term.Index), term);
        });
}
