using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Claims;
using SlaGovernance.Domain.Claims;
using SlaGovernance.Web.Features.Claims;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Claims;

/// <summary>The credit claims register: every claim with what is settled and outstanding, and totals per vendor, year and currency.</summary>
[Authorize(Policy = Policies.Reader)]
public sealed class IndexModel(CreditClaimStore claims) : PageModel
{
    public IReadOnlyList<CreditClaimListRow> Claims { get; private set; } = [];
    public IReadOnlyList<ClaimTotalDto> Totals { get; private set; } = [];
    public string? Status { get; private set; }

    public async Task OnGetAsync(string? status, CancellationToken cancellationToken)
    {
        Status = CreditClaimStatus.Lifecycle.States.Contains(status ?? "") ? status : null;
        var all = await claims.ListAsync(null, null, null, cancellationToken);
        Claims = Status is null ? all : [.. all.Where(c => c.Status == Status)];
        Totals = ClaimTotalDto.Of(all);
    }
}
