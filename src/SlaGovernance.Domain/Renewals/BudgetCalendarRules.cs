using System.Globalization;
using NodaTime;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Renewals;

public sealed record BudgetMilestoneInput(string? Name, int? DaysBeforeYearStart, bool IsRequestDeadline);

public sealed record LeadTimeInput(string? Category, int? Days);

/// <summary>What an administrator submits for the organisation's budget calendar.</summary>
public sealed record BudgetCalendarInput(
    int? FiscalYearStartMonth,
    int? FiscalYearStartDay,
    string? TimeZone,
    IReadOnlyList<BudgetMilestoneInput>? Milestones,
    IReadOnlyList<LeadTimeInput>? LeadTimes,
    int? DefaultLeadTimeDays);

public static class BudgetCalendarRules
{
    /// <summary>Two years: a milestone or lead time further out than that is a typing error, not a plan.</summary>
    public const int MaxDays = 730;

    public const int MaxName = 200;

    public static (BudgetCalendar? Calendar, ValidationErrors Errors) Validate(BudgetCalendarInput input)
    {
        var errors = new ValidationErrors();
        ValidateYearStart(input.FiscalYearStartMonth, input.FiscalYearStartDay, errors);
        UserAccountRules.ValidateTimeZone(input.TimeZone, errors);

        var milestones = new List<BudgetMilestone>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var given = input.Milestones ?? [];
        if (given.Count == 0)
            errors.Add("milestones", "Give at least the budget-request deadline, e.g. \"Budget requests due\" 120 days before the year starts.");
        for (var i = 0; i < given.Count; i++)
        {
            var name = given[i].Name?.Trim();
            if (string.IsNullOrEmpty(name))
                errors.Add($"milestones[{i}].name", "Name the milestone, e.g. \"Budget approved\".");
            else if (name.Length > MaxName)
                errors.Add($"milestones[{i}].name", $"The milestone name may be at most {MaxName} characters.");
            else if (!names.Add(name))
                errors.Add($"milestones[{i}].name", $"\"{name}\" is listed twice.");
            var days = given[i].DaysBeforeYearStart;
            if (days is not (>= 0 and <= MaxDays))
                errors.Add($"milestones[{i}].daysBeforeYearStart",
                    $"{Show(days)} is not a number of days from 0 to {MaxDays} before the fiscal year starts.");
            else if (!string.IsNullOrEmpty(name))
                milestones.Add(new BudgetMilestone(name, days.Value, given[i].IsRequestDeadline));
        }
        if (given.Count > 0 && given.Count(m => m.IsRequestDeadline) != 1)
            errors.Add("milestones", "Mark exactly one milestone as the budget-request deadline; renewals are flagged against it.");

        var leadTimes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var categories = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var leads = input.LeadTimes ?? [];
        for (var i = 0; i < leads.Count; i++)
        {
            var category = leads[i].Category?.Trim();
            if (string.IsNullOrEmpty(category))
                errors.Add($"leadTimes[{i}].category", "Name the agreement category this lead time applies to, e.g. Hosting.");
            else if (category.Length > MaxName)
                errors.Add($"leadTimes[{i}].category", $"The category may be at most {MaxName} characters.");
            else if (!categories.Add(category))
                errors.Add($"leadTimes[{i}].category", $"Category {category} is listed twice.");
            if (leads[i].Days is not (>= 0 and <= MaxDays))
                errors.Add($"leadTimes[{i}].days", $"A procurement lead time is from 0 to {MaxDays} days.");
            else if (!string.IsNullOrEmpty(category))
                leadTimes.TryAdd(category, leads[i].Days!.Value);
        }
        if (input.DefaultLeadTimeDays is not (>= 0 and <= MaxDays))
            errors.Add("defaultLeadTimeDays", $"The default procurement lead time is from 0 to {MaxDays} days.");

        return errors.IsValid
            ? (new BudgetCalendar(input.FiscalYearStartMonth!.Value, input.FiscalYearStartDay!.Value, input.TimeZone!.Trim(),
                milestones.OrderByDescending(m => m.DaysBeforeYearStart).ToList(), leadTimes, input.DefaultLeadTimeDays!.Value), errors)
            : (null, errors);
    }

    /// <summary>A fiscal year starts on a day every year has: 29 February is refused as well as 30 February.</summary>
    private static void ValidateYearStart(int? month, int? day, ValidationErrors errors)
    {
        if (month is not (>= 1 and <= 12))
        {
            errors.Add("fiscalYearStartMonth", $"{Show(month)} is not a month; give 1 (January) to 12 (December).");
            return;
        }
        var monthName = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month.Value);
        var days = CalendarSystem.Iso.GetDaysInMonth(2001, month.Value);
        if (day is null or < 1)
            errors.Add("fiscalYearStartDay", $"{Show(day)} is not a day of the month; give 1 to {days}.");
        else if (month == 2 && day == 29)
            errors.Add("fiscalYearStartDay", "29 February comes only in leap years; start the fiscal year on 28 February or 1 March.");
        else if (day > days)
            errors.Add("fiscalYearStartDay", $"{day} {monthName} is not a date: {monthName} has {days} days{(month == 2 ? " (29 in a leap year)" : "")}. Give a day from 1 to {days}.");
    }

    private static string Show(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "Nothing";
}
