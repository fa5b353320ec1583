using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Domain.Incidents;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Incidents;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Admin.Services;

/// <summary>
/// The services incidents name (the names agreements' objectives use): an Admin keeps each one's owner, its channels' owners and lists, the
/// test list and the recovery playbook (one item a line: what | owner | hours after resolution).
/// </summary>
public sealed class IndexModel(IncidentServices services) : PageModel
{
    public IReadOnlyList<IncidentService> Services { get; private set; } = [];

    public IncidentService? Editing { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public Dictionary<string, string?> ChannelOwners { get; set; } = [];
    [BindProperty] public Dictionary<string, string?> ChannelLists { get; set; } = [];
    [BindProperty] public string? TestList { get; set; }
    [BindProperty] public string? Steps { get; set; }
    [BindProperty] public string? Compensations { get; set; }

    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken cancellationToken)
    {
        Services = await services.ListAsync(cancellationToken);
        if (name is null)
            return Page();
        Editing = Services.FirstOrDefault(s => s.Name == name);
        if (Editing is null)
            return NotFound();
        Owner = Editing.Settings?.Owner;
        foreach (var channel in IncidentChannels.All)
        {
            ChannelOwners[channel] = Editing.Channels.GetValueOrDefault(channel)?.Owner;
            ChannelLists[channel] = string.Join(", ", Editing.Channels.GetValueOrDefault(channel)?.Recipients ?? []);
        }
        TestList = string.Join(", ", Editing.TestRecipients);
        Steps = Lines(Editing.Playbook.StepList);
        Compensations = Lines(Editing.Playbook.CompensationList);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken cancellationToken)
    {
        var input = new ServiceSettingsInput(Owner,
            IncidentChannels.All.ToDictionary(c => c, c => new ServiceChannel(ChannelOwners.GetValueOrDefault(c), Split(ChannelLists.GetValueOrDefault(c)))),
            Split(TestList), new RecoveryPlaybook(Items(Steps), Items(Compensations)));
        var result = await services.SaveAsync(User.UserName(), name, input, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"The owner, channels and recovery playbook of {name} are saved (playbook version {result.Value!.Settings!.PlaybookVersion}).";
            return Redirect("/admin/services");
        }
        if (result.Status == CommandStatus.NotFound)
            return NotFound();
        Services = await services.ListAsync(cancellationToken);
        Editing = Services.First(s => s.Name == name);
        Errors = result.Errors ?? new Dictionary<string, string[]> { [""] = [result.Message ?? "Nothing was saved."] };
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        return Page();
    }

    private static List<string> Split(string? text) =>
        [.. (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Lines(IReadOnlyList<PlaybookItem> items) =>
        string.Join("\n", items.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Title} | {i.Owner} | {i.DueInHours}")));

    /// <summary>One item a line, "what | owner | hours"; a part missing or not a number is left empty for the rules to name.</summary>
    private static List<PlaybookItem> Items(string? text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            return new PlaybookItem(parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1),
                int.TryParse(parts.ElementAtOrDefault(2), NumberStyles.Integer, CultureInfo.InvariantCulture, out var hours) ? hours : null);
        })];
}
