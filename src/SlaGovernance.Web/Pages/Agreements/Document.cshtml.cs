using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>Downloads a document kept with an agreement: the page's address signs a person in first, where the API's would answer 401.</summary>
[Authorize(Policy = Policies.Reader)]
public sealed class DocumentModel(AgreementDocumentStore documents) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid documentId, CancellationToken cancellationToken) =>
        await documents.GetAsync(id, documentId, cancellationToken) is { } document
            ? File(document.Content, document.ContentType, document.FileName)
            : NotFound();
}
