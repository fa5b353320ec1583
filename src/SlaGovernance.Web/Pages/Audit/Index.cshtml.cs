using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Audit;

namespace SlaGovernance.Web.Pages.Audit;

public sealed class IndexModel(AuditLog audit, AuditCheckpoints checkpoints) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityId { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<AuditEntry> Entries { get; private set; } = new([], 1, 50, 0);

    public AuditChainReport? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Entries = await audit.ListAsync(PageRequest.Of(PageNumber, 50), NullIfBlank(EntityType), NullIfBlank(EntityId), cancellationToken);

    public async Task OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verification = await checkpoints.VerifyAsync(cancellationToken);
        await OnGetAsync(cancellationToken);
    }

    public string PageLink(int page) => $"/audit?page={page}&entityType={EntityType}&entityId={EntityId}";

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
