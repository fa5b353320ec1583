using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Organisation;
using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Pages;

/// <summary>The start page: what needs my attention, gathered from every capability that registered a source.</summary>
public sealed class IndexModel(OrganisationStore organisations, HomeAttention attention) : PageModel
{
    public string OrganisationName { get; private set; } = "";
    public AttentionDto Attention { get; private set; } = new([]);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        OrganisationName = (await organisations.GetAsync(cancellationToken))?.Name ?? "";
        Attention = await attention.ForAsync(AttentionViewer.Of(User), cancellationToken);
    }
}
