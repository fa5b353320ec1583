using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Renewals;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Admin;

public sealed class BudgetCalendarModel(BudgetCalendarStore calendars, BudgetCalendarCommands commands) : PageModel
{
    [BindProperty]
    public BudgetCalendarForm Input { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    public BudgetCalendarRow? Stored { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stored = await calendars.GetAsync(cancellationToken);
        Input = BudgetCalendarForm.From(Stored.ToCalendar());
        Version = Stored.Version;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await commands.SaveAsync(User.UserName(), Input.ToInput(), Version, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = "The budget calendar was saved; renewal key dates now follow it.";
            return RedirectToPage();
        }
        Problems = result.Errors?.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")).ToList() ?? [result.Message!];
        Stored = await calendars.GetAsync(cancellationToken);
        return Page();
    }
}

/// <summary>The form: milestones one per line ("120 Budget requests due"), lead times one per line ("Hosting: 90").</summary>
public sealed class BudgetCalendarForm
{
    public int? FiscalYearStartMonth { get; set; } = 1;
    public int? FiscalYearStartDay { get; set; } = 1;
    public string? TimeZone { get; set; }
    public string? Milestones { get; set; }
    public string? RequestDeadline { get; set; }
    public string? LeadTimes { get; set; }
    public int? DefaultLeadTimeDays { get; set; }

    public BudgetCalendarInput ToInput()
    {
        var milestones = Lines(Milestones).Select(line =>
        {
            var parts = line.Split([' ', '\t'], 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var days = int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : (int?)null;
            var name = days is null ? line : parts.ElementAtOrDefault(1);
            return new BudgetMilestoneInput(name, days, string.Equals(name?.Trim(), RequestDeadline?.Trim(), StringComparison.OrdinalIgnoreCase));
        }).ToList();
        var leadTimes = Lines(LeadTimes).Select(line =>
        {
            var colon = line.LastIndexOf(':');
            return colon < 0
                ? new LeadTimeInput(line, null)
                : new LeadTimeInput(line[..colon], int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : null);
        }).ToList();
        return new BudgetCalendarInput(FiscalYearStartMonth, FiscalYearStartDay, TimeZone, milestones, leadTimes, DefaultLeadTimeDays);
    }

    public static BudgetCalendarForm From(BudgetCalendar calendar) => new()
    {
        FiscalYearStartMonth = calendar.FiscalYearStartMonth,
        FiscalYearStartDay = calendar.FiscalYearStartDay,
        TimeZone = calendar.TimeZone,
        Milestones = string.Join("\n", calendar.Milestones.Select(m => $"{m.DaysBeforeYearStart} {m.Name}")),
        RequestDeadline = calendar.RequestDeadline.Name,
        LeadTimes = string.Join("\n", calendar.LeadTimeDaysByCategory.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => $"{p.Key}: {p.Value}")),
        DefaultLeadTimeDays = calendar.DefaultLeadTimeDays,
    };

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
