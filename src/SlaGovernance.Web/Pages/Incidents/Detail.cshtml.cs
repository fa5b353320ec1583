using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Domain.Incidents;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Incidents;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Incidents;

/// <summary>
/// One incident: its times and timeline, the criteria its impact matched, the agreements it reaches, each channel with its last update and
/// when the next is due, the recovery tasks; incident managers declare it major here, channel owners send their updates.
/// </summary>
[Authorize(Policy = Policies.Reader)]
public sealed class DetailModel(Features.Incidents.Incidents incidents, TimeProvider time) : PageModel
{
    public IncidentView? View { get; private set; }

    public DateTimeOffset Now => time.GetUtcNow();

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? FailedForm { get; private set; }

    [BindProperty]
    public string? Commander { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Channel { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    public bool MayManage => Features.Incidents.Incidents.MayManage(User.Roles());

    public bool CanDeclare => MayManage && View is { Incident: { Major: false, ResolvedAt: null }, Matched.Count: > 0 };

    /// <summary>The channels this person may send updates on: all for incident managers and the commander, else those they own.</summary>
    public IReadOnlyList<string> ChannelsToSend => View is null || !View.Incident.Major ? []
        : MayManage || string.Equals(View.Incident.Commander, User.UserName(), StringComparison.OrdinalIgnoreCase) ? [.. View.Channels.Select(c => c.Channel)]
        : [.. View.Channels.Where(c => string.Equals(c.Owner, User.UserName(), StringComparison.OrdinalIgnoreCase)).Select(c => c.Channel)];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        (View = await incidents.ViewAsync(id, cancellationToken)) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostDeclareAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!MayManage)
            return Forbid();
        var result = await incidents.DeclareAsync(User.UserName(), id, Commander, Reason, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"{result.Value!.Reference} is declared major; {result.Value.Incident.Commander} commands it and each channel's owner is told.";
            return Redirect($"/incidents/{id}");
        }
        return await FailedAsync(id, "declare", result.Status, result.Errors, result.Message, cancellationToken);
    }

    public async Task<IActionResult> OnPostUpdateAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await incidents.PostUpdateAsync(User.UserName(), User.Roles(), id, Channel, Body, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"The {IncidentChannels.Label(result.Value!.Channel).ToLowerInvariant()} update is on its way to the channel's list.";
            return Redirect($"/incidents/{id}");
        }
        return await FailedAsync(id, "update", result.Status, result.Errors, result.Message, cancellationToken);
    }

    public async Task<IActionResult> OnPostCompleteAsync(Guid id, Guid actionId, CancellationToken cancellationToken)
    {
        var result = await incidents.CompleteActionAsync(User.UserName(), User.Roles(), id, actionId, Body, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Done: {result.Value!.Title}.";
            return Redirect($"/incidents/{id}");
        }
        return await FailedAsync(id, "complete", result.Status, result.Errors, result.Message, cancellationToken);
    }

    private async Task<IActionResult> FailedAsync(Guid id, string form, CommandStatus status, IReadOnlyDictionary<string, string[]>? errors, string? message,
        CancellationToken cancellationToken)
    {
        if (status == CommandStatus.NotFound && (View = await incidents.ViewAsync(id, cancellationToken)) is null)
            return NotFound();
        View ??= await incidents.ViewAsync(id, cancellationToken);
        FailedForm = form;
        Errors = errors ?? new Dictionary<string, string[]> { [""] = [message ?? "Nothing was changed."] };
        Response.StatusCode = CommandStatuses.PageStatus(status);
        return Page();
    }
}
