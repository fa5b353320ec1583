using NodaTime;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Domain.Renewals;

/// <summary>
/// The dates one term of an agreement must be decided by, as local dates in the agreement's zone: its last day, the last day
/// notice can be given (the end minus the notice period), the decision date (the notice deadline minus procurement's lead time
/// for the category), and the fiscal year the renewal is funded from (the one holding the renewed term's first day) with that
/// year's budget-request deadline. The renewal is at risk of going unfunded when that deadline has passed by the decision date.
/// </summary>
public sealed record KeyDates(
    AgreementTerm Term,
    LocalDate NoticeDeadline,
    LocalDate DecisionDate,
    int LeadTimeDays,
    FiscalYear FundingYear,
    LocalDate BudgetRequestDeadline,
    IReadOnlyList<(BudgetMilestone Milestone, LocalDate Date)> Milestones)
{
    public LocalDate TermEnd => Term.End;

    /// <summary>The first day of the renewed term.</summary>
    public LocalDate RenewalStart => Term.Following;

    public bool UnfundedRenewalRisk => BudgetRequestDeadline < DecisionDate;

    /// <summary>The key dates of the signed term.</summary>
    public static KeyDates For(LocalDate termStart, LocalDate termEnd, RenewalTerms renewal, string? category, BudgetCalendar calendar) =>
        For(Schedule(termStart, termEnd, renewal), renewal.NoticePeriod, category, calendar, renewals: 0);

    /// <summary>The key dates of the term after <paramref name="renewals"/> tacit renewals.</summary>
    public static KeyDates For(RenewalSchedule schedule, Agreements.Period notice, string? category, BudgetCalendar calendar, int renewals) =>
        For(schedule.Term(renewals), notice, category, calendar);

    public static KeyDates For(AgreementTerm term, Agreements.Period notice, string? category, BudgetCalendar calendar)
    {
        var noticeDeadline = notice.Unit == PeriodUnit.Days ? term.End.PlusDays(-notice.Amount) : term.End.PlusMonths(-notice.Amount);
        var leadTime = calendar.LeadTimeDaysFor(category);
        var fundingYear = calendar.FiscalYearContaining(term.Following);
        return new KeyDates(term, noticeDeadline, noticeDeadline.PlusDays(-leadTime), leadTime, fundingYear,
            calendar.RequestDeadline.In(fundingYear), calendar.Milestones.Select(m => (m, m.In(fundingYear))).ToList());
    }

    public static RenewalSchedule Schedule(LocalDate termStart, LocalDate termEnd, RenewalTerms renewal) =>
        new(termStart, termEnd, renewal.AutoRenew ? renewal.RenewalTerm : null);

    /// <summary>The key dates of the term after this one, for an agreement that renews itself; each counted from its own term's end.</summary>
    public KeyDates Next(RenewalSchedule schedule, Agreements.Period notice, string? category, BudgetCalendar calendar) =>
        For(schedule.Next(Term), notice, category, calendar);
}
