using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Admin.Tokens;

public sealed class IndexModel(ApiTokenStore store, ApiTokens tokens, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<ApiTokenRow> Tokens { get; private set; } = new([], 1, 50, 0);

    /// <summary>Live vendor tokens whose issuer's password was reset or who was deactivated: keep or revoke each.</summary>
    public IReadOnlyList<ApiTokenRow> ForReview { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        ForReview = await store.ForReviewAsync(cancellationToken);
        Tokens = await store.ListAsync(PageRequest.Of(PageNumber, 50), cancellationToken);
    }

    public async Task<IActionResult> OnPostKeepAsync(Guid id, CancellationToken cancellationToken)
    {
        await tokens.KeepAfterReviewAsync(id, User.UserName(), cancellationToken);
        TempData["Flash"] = "The vendor token was reviewed and kept.";
        return Redirect("/admin/tokens");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(id, User.UserId()!.Value, User.UserName(), actorIsAdmin: true, cancellationToken);
        TempData["Flash"] = "The token was revoked.";
        return Redirect("/admin/tokens");
    }
}
