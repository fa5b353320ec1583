using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Account;

public sealed class ProfileModel(UserStore users, UserAdministration administration) : PageModel
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    [BindProperty]
    public PasswordInput Password { get; set; } = new();

    public UserRow? Account { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Account = await users.GetAsync(User.UserId()!.Value, cancellationToken);
        if (Account is null)
            return NotFound();
        Input = new ProfileInput { DisplayName = Account.DisplayName, Email = Account.Email, TimeZone = Account.TimeZone };
        return Page();
    }

    public async Task<IActionResult> OnPostProfileAsync(CancellationToken cancellationToken)
    {
        var result = await administration.UpdateProfileAsync(User.UserName(), User.UserId()!.Value, Input.DisplayName, Input.Email,
            Input.TimeZone, cancellationToken);
        Account = await users.GetAsync(User.UserId()!.Value, cancellationToken);
        if (result.Status != CommandStatus.Ok)
        {
            ModelState.AddFieldErrors(result.Errors);
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            PrincipalFactory.Create(result.Value!, CookieAuthenticationDefaults.AuthenticationScheme));
        TempData["Flash"] = "Your profile was saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        var result = await administration.SetPasswordAsync(User.UserName(), User.UserId()!.Value, Password.NewPassword,
            Password.CurrentPassword, requireCurrent: true, cancellationToken);
        Account = await users.GetAsync(User.UserId()!.Value, cancellationToken);
        Input = new ProfileInput { DisplayName = Account!.DisplayName, Email = Account.Email, TimeZone = Account.TimeZone };
        if (result.Status != CommandStatus.Ok)
        {
            ModelState.AddFieldErrors(result.Errors, "Password");
            return Page();
        }
        TempData["Flash"] = "Your password was changed.";
        return RedirectToPage();
    }

    public sealed class ProfileInput
    {
        public string? DisplayName { get; set; }
        public string? Email { get; set; }
        public string? TimeZone { get; set; }
    }

    public sealed class PasswordInput
    {
        public string? CurrentPassword { get; set; }
        public string? NewPassword { get; set; }
    }
}
