using NodaTime;

namespace SlaGovernance.Domain.Renewals;

/// <summary>A budget milestone of every fiscal year, so many days before the year starts.</summary>
public sealed record BudgetMilestone(string Name, int DaysBeforeYearStart, bool IsRequestDeadline)
{
    public LocalDate In(FiscalYear year) => year.Start.PlusDays(-DaysBeforeYearStart);
}

/// <summary>One fiscal year, named after the calendar year it ends in (a year starting 1 April 2026 is FY2027).</summary>
public sealed record FiscalYear(LocalDate Start, LocalDate End)
{
    public int Number => End.Year;

    public string Name => $"FY{Number}";

    public bool Contains(LocalDate date) => Start <= date && date <= End;
}

/// <summary>
/// The organisation's budget cycle: when its fiscal year starts, its zone, the milestones before each year starts (one of
/// them the budget-request deadline) and how many days procurement needs before a notice deadline, per agreement category.
/// Build one through <see cref="BudgetCalendarRules.Validate"/>; the constructor trusts its arguments.
/// </summary>
public sealed record BudgetCalendar(
    int FiscalYearStartMonth,
    int FiscalYearStartDay,
    string TimeZone,
    IReadOnlyList<BudgetMilestone> Milestones,
    IReadOnlyDictionary<string, int> LeadTimeDaysByCategory,
    int DefaultLeadTimeDays)
{
    /// <summary>The calendar a new organisation starts with: calendar-year budgets, requests 120 days ahead, approval 30 days ahead.</summary>
    public static BudgetCalendar Default(string timeZone) => new(1, 1, timeZone,
        [new BudgetMilestone("Budget requests due", 120, true), new BudgetMilestone("Budget approved", 30, false)],
        new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase), 60);

    public BudgetMilestone RequestDeadline => Milestones.First(m => m.IsRequestDeadline);

    public FiscalYear FiscalYearContaining(LocalDate date)
    {
        var start = new LocalDate(date.Year, FiscalYearStartMonth, FiscalYearStartDay);
        if (date < start)
            start = start.PlusYears(-1);
        return new FiscalYear(start, start.PlusYears(1).PlusDays(-1));
    }

    /// <summary>The days procurement needs before the notice deadline: the category's own lead time, or the default.</summary>
    public int LeadTimeDaysFor(string? category) =>
        category is not null && LeadTimeDaysByCategory.TryGetValue(category.Trim(), out var days) ? days : DefaultLeadTimeDays;
}
