using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Vendors;

[Authorize(Policy = Policies.VendorEditor)]
public sealed class NewModel(VendorCommands commands) : PageModel
{
    [BindProperty]
    public VendorForm Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await commands.CreateAsync(User.UserName(), Input.ToInput(), cancellationToken);
        if (result.Status != CommandStatus.Ok)
        {
            ModelState.AddFieldErrors(result.Errors);
            return Page();
        }
        TempData["Flash"] = $"Vendor {result.Value!.Name} was created.";
        return Redirect("/vendors");
    }
}
