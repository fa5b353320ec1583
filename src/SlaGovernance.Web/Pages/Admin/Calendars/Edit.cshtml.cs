using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Calendars;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Admin.Calendars;

public sealed class EditModel(BusinessCalendarStore calendars, CalendarCommands commands) : PageModel
{
    [BindProperty]
    public CalendarForm Input { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    public BusinessCalendarRow? Calendar { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public bool IsNew => Calendar is null;

    /// <summary>"new", or the id of the calendar to edit.</summary>
    private static bool TryRead(string id, out Guid? calendarId)
    {
        calendarId = null;
        if (id == "new")
            return true;
        if (!Guid.TryParse(id, out var parsed))
            return false;
        calendarId = parsed;
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!TryRead(id, out var calendarId))
            return NotFound();
        if (calendarId is null)
            return Page();
        Calendar = await calendars.GetAsync(calendarId.Value, cancellationToken);
        if (Calendar is null)
            return NotFound();
        Input = CalendarForm.From(Calendar);
        Version = Calendar.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (!TryRead(id, out var calendarId))
            return NotFound();
        var result = calendarId is null
            ? await commands.CreateAsync(User.UserName(), Input.ToInput(), Input.IsDefault, cancellationToken)
            : await commands.UpdateAsync(User.UserName(), calendarId.Value, Input.ToInput(), Input.IsDefault, Version, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Calendar {result.Value!.Name} was saved.";
            return Redirect("/admin/calendars");
        }
        if (result.Status == CommandStatus.NotFound)
            return NotFound();
        Problems = result.Errors?.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")).ToList() ?? [result.Message!];
        if (calendarId is not null)
            Calendar = await calendars.GetAsync(calendarId.Value, cancellationToken);
        return Page();
    }
}
