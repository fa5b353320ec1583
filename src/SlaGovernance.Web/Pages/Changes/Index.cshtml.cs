using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Changes;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Changes;

/// <summary>
/// The change calendar: change requests across agreements by effective date. Without a status chosen it shows what is pending
/// or scheduled: requests being drafted or in approval, and approved ones whose day has not passed.
/// </summary>
[Authorize(Policy = Policies.Reader)]
public sealed class IndexModel(ChangeRequestStore changes, TimeProvider time) : PageModel
{
    /// <summary>The status filter's value for every status, decided and withdrawn too.</summary>
    public const string AnyStatus = "any";

    public IReadOnlyList<ChangeRequestListRow> Rows { get; private set; } = [];
    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }
    public string? Status { get; private set; }
    public string? Class { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public bool Filtered => From is not null || To is not null || Status is not null || Class is not null;

    public async Task OnGetAsync(string? from, string? to, string? status, string? @class, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        From = Day(from, "From", problems);
        To = Day(to, "To", problems);
        if (From is { } f && To is { } t && t < f)
            problems.Add($"“To” ({t:yyyy-MM-dd}) is before “From” ({f:yyyy-MM-dd}); choose a later “To” or an earlier “From”.");
        Status = string.IsNullOrWhiteSpace(status) ? null : status.Trim();
        if (Status is not null && Status != AnyStatus && !ChangeRequestStatus.Lifecycle.IsState(Status))
        {
            problems.Add($"“{Status}” is not a status of a change request; choose one from the list.");
            Status = null;
        }
        Class = string.IsNullOrWhiteSpace(@class) ? null : @class.Trim();
        if (Class is not null && (!Enum.TryParse<ChangeClass>(Class, out var parsed) || !Enum.IsDefined(parsed) || Class.All(char.IsAsciiDigit)))
        {
            problems.Add($"“{Class}” is not a class of change; choose one from the list.");
            Class = null;
        }
        Problems = problems;
        Today = ZonedDays.DayOf(time.GetUtcNow(), User.TimeZoneId());
        var rows = await changes.CalendarAsync(new ChangeCalendarQuery(From, To, Status is AnyStatus ? null : Status, Class, null), cancellationToken);
        Rows = Status is null
            ? [.. rows.Where(r => ChangeRequestStatus.IsOpen(r.Status) || (r.Status == ChangeRequestStatus.Approved && r.EffectiveOn >= Today))]
            : rows;
    }

    private static DateOnly? Day(string? text, string name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var day))
            return day;
        problems.Add($"“{name}” reads “{text}”, which is not a date; give it as yyyy-MM-dd or leave it empty.");
        return null;
    }
}
