using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Account;

public sealed class LoginModel(SignInService signIn, SignInAudit audit, LoginThrottle throttle, OpenIdConnectSettings oidc, TimeProvider time) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool SingleSignOn => oidc.Enabled;

    public string SingleSignOnName => oidc.DisplayName;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!throttle.TryAcquire(HttpContext))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Error = "Too many sign-in attempts from your address. Wait a minute and try again.";
            return Page();
        }
        if (!ModelState.IsValid)
            return Page();
        var result = await signIn.PasswordSignInAsync(Input.UserName, Input.Password, CookieAuthenticationDefaults.AuthenticationScheme,
            cancellationToken);
        await audit.RecordAsync(Input.UserName, HttpContext.Connection.RemoteIpAddress, result.Status, cancellationToken);
        switch (result.Status)
        {
            case SignInStatus.Succeeded:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case SignInStatus.LockedOut:
                var minutes = Math.Max(1, (int)Math.Ceiling((result.LockedUntil!.Value - time.GetUtcNow()).TotalMinutes));
                Error = $"This account is locked after too many failed sign-ins. Try again in {minutes} minute(s), or ask an administrator to unlock it.";
                return Page();
            default:
                Error = "The user name or password is not correct.";
                return Page();
        }
    }

    public IActionResult OnPostSingleSignOn() =>
        Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" }, OpenIdConnectSignIn.SchemeName);

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your user name.")]
        [Display(Name = "User name")]
        public string? UserName { get; set; }

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string? Password { get; set; }
    }
}
