using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Domain.Claims;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Claims;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Claims;

/// <summary>One credit claim: its grounds, letter, the vendor's answer, Legal's decision, and the credit notes Finance records.</summary>
[Authorize(Policy = Policies.Reader)]
public sealed class DetailModel(CreditClaims claims, TimeProvider time) : PageModel
{
    public CreditClaimView? View { get; private set; }

    public bool CanSettle => (User.IsInRole(Roles.Finance) || User.IsInRole(Roles.Admin)) && View is { } view
        && view.Claim.Status is not (CreditClaimStatus.Settled or CreditClaimStatus.Withdrawn or CreditClaimStatus.Disputed);

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty]
    public string? CreditNote { get; set; }

    [BindProperty]
    public decimal? Amount { get; set; }

    [BindProperty]
    public DateOnly? SettledOn { get; set; }

    public string Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        (View = await claims.ViewAsync(id, cancellationToken)) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostSettleAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await claims.SettleAsync(User.UserName(), User.Roles(), id, CreditNote, Amount, SettledOn, cancellationToken);
        if (result.Status == CommandStatus.NotFound)
            return NotFound();
        if (result.Status == CommandStatus.Forbidden)
            return Forbid();
        if (result.Status == CommandStatus.Ok)
        {
            var view = result.Value!;
            TempData["Flash"] = $"Credit note {CreditNote?.Trim()} recorded on {view.Claim.Reference}: " +
                (view.Outstanding == 0 ? "the claim is settled." : $"{CreditClaims.Money(view.Outstanding, view.Claim.Currency)} outstanding.");
            return Redirect($"/claims/{id}");
        }
        View = await claims.ViewAsync(id, cancellationToken);
        Errors = result.Errors ?? new Dictionary<string, string[]> { [""] = [result.Message ?? "The credit note was not recorded."] };
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        return Page();
    }
}
