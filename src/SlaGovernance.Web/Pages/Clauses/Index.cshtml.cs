using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Clauses;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Clauses;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Clauses;

/// <summary>The clause library by category; Legal adds clauses here.</summary>
public sealed class IndexModel(ClauseStore clauses, ClauseCommands commands) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty]
    public string? NewCategory { get; set; }

    [BindProperty]
    public string? NewTitle { get; set; }

    [BindProperty]
    public string? NewText { get; set; }

    public IReadOnlyList<string> Categories { get; private set; } = [];
    public IReadOnlyList<LibraryClause> Clauses { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public bool CanEdit => Roles.ClauseEditors.Any(User.IsInRole);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        var result = await commands.CreateAsync(User.UserName(), NewCategory, NewTitle, NewText, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Added {result.Value!.Clause.Title} to the library as version 1.";
            return Redirect($"/clauses/{result.Value.Clause.Id}");
        }
        Errors = result.Errors ?? new Dictionary<string, string[]>();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Categories = await clauses.CategoriesAsync(cancellationToken);
        Clauses = await clauses.ListAsync(Category, cancellationToken);
    }
}
