using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>
/// The address the approval email gives for a version's contract: the stored document, or, while there is none,
/// the agreement's page, which says so and offers to generate it.
/// </summary>
[Authorize(Policy = Policies.Reader)]
public sealed class ContractModel(AgreementDocumentStore documents) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, int number, CancellationToken cancellationToken)
    {
        if (await documents.OfVersionAsync(id, number, AgreementDocumentKinds.Contract, cancellationToken) is { } contract)
            return Redirect($"/agreements/{id}/documents/{contract.Id}");
        TempData["Flash"] = $"Version {number} has no contract yet; it appears under Versions once generated.";
        return Redirect($"/agreements/{id}");
    }
}
