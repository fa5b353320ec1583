using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Exits;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Vendors;

/// <summary>One exit readiness test: the request, the sample export with its SHA-256, the outcome with its gaps, each task; and the outcome form.</summary>
public sealed class ExitReadinessModel(ExitReadinessTests tests) : PageModel
{
    /// <summary>How many gap lines the outcome form offers.</summary>
    public const int GapLines = 3;

    public ExitReadinessView? View { get; private set; }
    public string? Problem { get; private set; }
    public bool CanRecord => ExitReadinessTests.MayRun(User.Roles()) && View?.Test.Status == ExitReadinessStatus.Received;

    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public List<GapLine> Gaps { get; set; } = [.. Enumerable.Range(0, GapLines).Select(_ => new GapLine())];

    public sealed class GapLine
    {
        public string? Gap { get; set; }
        public string? Action { get; set; }
        public string? Owner { get; set; }
        public DateOnly? DueOn { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        (View = await tests.ViewAsync(id, cancellationToken)) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!ExitReadinessTests.MayRun(User.Roles()))
            return Forbid();
        // Blank lines of the form are not gaps.
        var gaps = Gaps.Where(g => !string.IsNullOrWhiteSpace(g.Gap) || !string.IsNullOrWhiteSpace(g.Action) || !string.IsNullOrWhiteSpace(g.Owner) || g.DueOn is not null)
            .Select(g => new ReadinessGap(g.Gap, g.Action, g.Owner, g.DueOn)).ToList();
        var result = await tests.RecordOutcomeAsync(User.UserName(), id, new ReadinessOutcomeInput(Outcome, Notes, gaps), cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"The outcome is recorded: {ExitReadinessStatus.Label(result.Value!.Test.Status)}.";
            return Redirect($"/exit-readiness/{id}");
        }
        if ((View = await tests.ViewAsync(id, cancellationToken)) is null)
            return NotFound();
        ModelState.AddFieldErrors(result.Errors);
        Problem = result.Message ?? "The outcome was not recorded: correct the fields named below.";
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        return Page();
    }
}
