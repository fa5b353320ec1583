using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Clauses;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Clauses;

/// <summary>A library clause with every version; Legal publishes the next version or retires the clause here.</summary>
public sealed class DetailModel(ClauseCommands commands) : PageModel
{
    public ClauseView? View { get; private set; }
    public string? Problem { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty]
    public int? BasedOnVersion { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    public bool CanEdit => Roles.ClauseEditors.Any(User.IsInRole);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        View = await commands.GetAsync(id, cancellationToken);
        if (View is null)
            return NotFound();
        BasedOnVersion = View.Clause.LatestVersion;
        Text = View.Versions[0].Text;
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        var result = await commands.PublishAsync(User.UserName(), id, BasedOnVersion, Text, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Published version {result.Value!.Clause.LatestVersion} of {result.Value.Clause.Title}.";
            return Redirect($"/clauses/{id}");
        }
        return await AnswerAsync(id, result, cancellationToken);
    }

    public async Task<IActionResult> OnPostRetireAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        var result = await commands.RetireAsync(User.UserName(), id, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Retired {result.Value!.Clause.Title}; drafts that use it keep it, new uses are refused.";
            return Redirect($"/clauses/{id}");
        }
        return await AnswerAsync(id, result, cancellationToken);
    }

    /// <summary>The page again with what went wrong; the wording typed is kept, and a stale one is offered against the latest version.</summary>
    private async Task<IActionResult> AnswerAsync(Guid id, CommandResult<ClauseView> result, CancellationToken cancellationToken)
    {
        View = await commands.GetAsync(id, cancellationToken);
        if (View is null)
            return NotFound();
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        if (result.Status == CommandStatus.Stale)
            BasedOnVersion = View.Clause.LatestVersion;
        Errors = result.Errors ?? new Dictionary<string, string[]>();
        Problem = result.Message ?? "The version was not published; see the messages by its fields.";
        return Page();
    }
}
