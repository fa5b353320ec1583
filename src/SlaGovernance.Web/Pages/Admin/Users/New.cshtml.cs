using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Admin.Users;

public sealed class NewModel(UserAdministration administration) : PageModel
{
    [BindProperty]
    public UserForm Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await administration.CreateAsync(User.UserName(),
            new UserAccountInput(Input.UserName, Input.DisplayName, Input.Email, Input.TimeZone, Input.Roles), Input.Password,
            cancellationToken: cancellationToken);
        if (result.Status != CommandStatus.Ok)
        {
            ModelState.AddFieldErrors(result.Errors);
            return Page();
        }
        TempData["Flash"] = $"User {result.Value!.UserName} was created; give them their password by a safe channel.";
        return Redirect("/admin/users");
    }
}
