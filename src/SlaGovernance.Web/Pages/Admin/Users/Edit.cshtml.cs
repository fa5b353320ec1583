using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Admin.Users;

public sealed class EditModel(UserStore users, UserAdministration administration, TimeProvider time) : PageModel
{
    [BindProperty]
    public UserForm Input { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public UserRow? Account { get; private set; }

    public string? StaleMessage { get; private set; }

    public bool IsLockedOut => Account?.LockoutEnd > time.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Account = await users.GetAsync(id, cancellationToken);
        if (Account is null)
            return NotFound();
        Input = UserForm.From(Account);
        Version = Account.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (id == User.UserId() && (!Input.IsActive || !Input.Roles.Contains(Roles.Admin)))
        {
            ModelState.AddModelError("Input.Roles", "You cannot remove your own Admin role or deactivate yourself; ask another administrator.");
            Account = await users.GetAsync(id, cancellationToken);
            return Page();
        }
        var result = await administration.UpdateAsync(User.UserName(), id, new UserChange(
            new UserAccountInput(null, Input.DisplayName, Input.Email, Input.TimeZone, Input.Roles), Input.IsActive, Version), cancellationToken);
        return await AnswerAsync(id, result, "saved", cancellationToken);
    }

    public async Task<IActionResult> OnPostPasswordAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await administration.SetPasswordAsync(User.UserName(), id, NewPassword, null, requireCurrent: false, cancellationToken);
        if (result.Status == CommandStatus.Invalid)
        {
            ModelState.AddModelError(nameof(NewPassword), result.Errors!.SelectMany(e => e.Value).First());
            Account = await users.GetAsync(id, cancellationToken);
            Input = UserForm.From(Account!);
            Version = Account!.Version;
            return Page();
        }
        return await AnswerAsync(id, result, "given a new password (and unlocked)", cancellationToken);
    }

    private async Task<IActionResult> AnswerAsync(Guid id, CommandResult<UserRow> result, string done, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case CommandStatus.Ok:
                TempData["Flash"] = $"User {result.Value!.UserName} was {done}.";
                return Redirect($"/admin/users/{id}");
            case CommandStatus.NotFound:
                return NotFound();
            case CommandStatus.Stale:
                StaleMessage = result.Message;
                break;
            default:
                ModelState.AddFieldErrors(result.Errors);
                break;
        }
        Account = await users.GetAsync(id, cancellationToken);
        return Page();
    }
}
