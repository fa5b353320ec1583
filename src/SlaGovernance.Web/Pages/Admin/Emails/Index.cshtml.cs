using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Web.Features.Emails;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Admin.Emails;

public sealed class IndexModel(EmailOutbox outbox, EmailResends resends) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Status { get; set; } = OutboxStatus.Dead;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<OutboxRow> Emails { get; private set; } = new([], 1, 50, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Status is not (OutboxStatus.Pending or OutboxStatus.Sent or OutboxStatus.Dead))
            Status = OutboxStatus.Dead;
        Emails = await outbox.ListAsync(Status, PageRequest.Of(PageNumber, 50), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken cancellationToken)
    {
        TempData["Flash"] = await resends.ResendAsync(id, User.UserName(), cancellationToken)
            ? "The email is queued again with its original Message-ID."
            : "That email is not a dead letter any more.";
        return Redirect("/admin/emails");
    }
}
