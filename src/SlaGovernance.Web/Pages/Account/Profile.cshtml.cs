using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Account;

public sealed class ProfileModel(UserStore users, UserAdministration administration, CalendarFeedTokenStore feedTokens, CalendarFeed feed) : PageModel
{
    /// <summary>The user's calendar feed token that still works, if any (never its secret).</summary>
    public CalendarFeedTokenRow? FeedToken { get; private set; }

    /// <summary>The feed's address, shown once right after it is created.</summary>
    public string? IssuedFeedUrl { get; private set; }

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
        await LoadFeedAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostFeedAsync(CancellationToken cancellationToken)
    {
        var issued = await feed.IssueAsync(User.UserId()!.Value, User.UserName(), cancellationToken);
        IssuedFeedUrl = $"{Request.Scheme}://{Request.Host}/api/v1/calendar.ics?token={Uri.EscapeDataString(issued.Secret)}";
        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeFeedAsync(CancellationToken cancellationToken)
    {
        await feed.RevokeAsync(User.UserId()!.Value, User.UserName(), cancellationToken);
        TempData["Flash"] = "Your calendar feed was revoked; calendars subscribed to it get nothing from now on.";
        return RedirectToPage();
    }

    private async Task LoadFeedAsync(CancellationToken cancellationToken) =>
        FeedToken = (await feedTokens.ListForUserAsync(User.UserId()!.Value, cancellationToken)).FirstOrDefault(t => t.RevokedAt is null);

    public async Task<IActionResult> OnPostProfileAsync(CancellationToken cancellationToken)
    {
        var result = await administration.UpdateProfileAsync(User.UserName(), User.UserId()!.Value, Input.DisplayName, Input.Email,
            Input.TimeZone, cancellationToken);
        Account = await users.GetAsync(User.UserId()!.Value, cancellationToken);
        if (result.Status != CommandStatus.Ok)
        {
            ModelState.AddFieldErrors(result.Errors);
            await LoadFeedAsync(cancellationToken);
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
            await LoadFeedAsync(cancellationToken);
            return Page();
        }
        // This session goes on under the new security stamp; every other session of the user ends.
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            PrincipalFactory.Create(result.Value!, CookieAuthenticationDefaults.AuthenticationScheme));
        TempData["Flash"] = "Your password was changed; your other sessions and personal API tokens have ended.";
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
