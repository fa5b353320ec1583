using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Account;

public sealed class TokensModel(ApiTokenStore store, ApiTokens tokens, TimeProvider time) : PageModel
{
    public DateTimeOffset Now => time.GetUtcNow();

    public IReadOnlyList<ApiTokenRow> Tokens { get; private set; } = [];

    [BindProperty]
    public IssueInput Input { get; set; } = new();

    public string? IssuedSecret { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Tokens = await store.ListForUserAsync(User.UserId()!.Value, cancellationToken);

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? expires = Input.ExpiresAt is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        var result = await tokens.IssueAsync(User.UserId()!.Value, User.UserName(), Input.Name, expires, cancellationToken: cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            IssuedSecret = result.Value!.Secret;
            Input = new IssueInput();
            ModelState.Clear();
        }
        else
        {
            ModelState.AddFieldErrors(result.Errors);
        }
        Tokens = await store.ListForUserAsync(User.UserId()!.Value, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(id, User.UserId()!.Value, User.UserName(), User.IsInRole(Roles.Admin), cancellationToken);
        TempData["Flash"] = "The token was revoked; scripts using it are refused from now on.";
        return RedirectToPage();
    }

    public sealed class IssueInput
    {
        public string? Name { get; set; }
        public DateOnly? ExpiresAt { get; set; }
    }
}
