using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Account;

public sealed class LoginModel(SignInService signIn, SignInAudit audit, LoginThrottle throttle, OpenIdConnectSettings oidc, IOptions<SecurityOptions> options) : PageModel
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
        if (!throttle.TryAcquire(HttpContext, Input.UserName))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Error = "Too many sign-in attempts from your address or for this user name. Wait a minute and try again.";
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
            default:
                // A locked account is answered as an unknown name or a wrong password is, so the answer tells no one which names exist.
                Error = $"The user name or password is not correct. After {options.Value.MaxFailedLogins} failed attempts an account is locked for " +
                    $"{options.Value.LockoutMinutes} minutes; an administrator can unlock it by setting a new password.";
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
