using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Vendors;

public sealed class EditModel(VendorStore vendors, VendorCommands commands) : PageModel
{
    [BindProperty]
    public VendorForm Input { get; set; } = new();

    /// <summary>The version the form was loaded from; a save against a newer stored version is refused.</summary>
    [BindProperty]
    public int Version { get; set; }

    public VendorRow? Vendor { get; private set; }

    public string? StaleMessage { get; private set; }

    public bool CanEdit => Roles.VendorEditors.Any(User.IsInRole);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Vendor = await vendors.GetAsync(id, cancellationToken);
        if (Vendor is null)
            return NotFound();
        Input = VendorForm.From(Vendor);
        Version = Vendor.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        return await AnswerAsync(id, await commands.UpdateAsync(User.UserName(), id, Input.ToInput(), Version, cancellationToken),
            "saved", cancellationToken);
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid id, bool archived, CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        return await AnswerAsync(id, await commands.SetArchivedAsync(User.UserName(), id, archived, Version, cancellationToken),
            archived ? "archived" : "restored", cancellationToken);
    }

    private async Task<IActionResult> AnswerAsync(Guid id, CommandResult<VendorRow> result, string done, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case CommandStatus.Ok:
                TempData["Flash"] = $"Vendor {result.Value!.Name} was {done}.";
                return Redirect($"/vendors/{id}/edit");
            case CommandStatus.NotFound:
                return NotFound();
            case CommandStatus.Stale:
                StaleMessage = result.Message;
                break;
            default:
                ModelState.AddFieldErrors(result.Errors);
                break;
        }
        Vendor = await vendors.GetAsync(id, cancellationToken);
        return Page();
    }
}
