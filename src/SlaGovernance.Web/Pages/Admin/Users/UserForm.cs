using SlaGovernance.Data.Identity;

namespace SlaGovernance.Web.Pages.Admin.Users;

public sealed class UserForm
{
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public string? TimeZone { get; set; } = "Europe/London";
    public List<string> Roles { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public string? Password { get; set; }

    public static UserForm From(UserRow user) => new()
    {
        UserName = user.UserName,
        DisplayName = user.DisplayName,
        Email = user.Email,
        TimeZone = user.TimeZone,
        Roles = user.Roles.ToList(),
        IsActive = user.IsActive,
    };
}
