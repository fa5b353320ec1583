using NodaTime;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Identity;

public sealed record UserAccountInput(
    string? UserName,
    string? DisplayName,
    string? Email,
    string? TimeZone,
    IReadOnlyList<string>? Roles);

public static class UserAccountRules
{
    public const int MinimumPasswordLength = 12;

    public static ValidationErrors Validate(UserAccountInput input)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.UserName))
            errors.Add("userName", "A user name is required.");
        else if (input.UserName.Length > 100 || !input.UserName.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            errors.Add("userName", $"User name '{input.UserName}' may only contain letters, digits, '.', '-', '_' and '@' (at most 100 characters).");
        if (string.IsNullOrWhiteSpace(input.DisplayName))
            errors.Add("displayName", "A display name is required.");
        else if (input.DisplayName.Length > 200)
            errors.Add("displayName", "The display name may be at most 200 characters.");
        if (!string.IsNullOrWhiteSpace(input.Email) && !EmailAddress.IsValid(input.Email))
            errors.Add("email", $"'{input.Email}' is not a valid email address.");
        ValidateTimeZone(input.TimeZone, errors);
        foreach (var role in input.Roles ?? [])
        {
            if (!Identity.Roles.IsKnown(role))
                errors.Add("roles", $"Unknown role '{role}'. Known roles: {string.Join(", ", Identity.Roles.All)}.");
        }
        return errors;
    }

    public static void ValidateTimeZone(string? zoneId, ValidationErrors errors, string field = "timeZone")
    {
        if (string.IsNullOrWhiteSpace(zoneId))
            errors.Add(field, "A time zone is required (an IANA name such as Europe/London).");
        else if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is null)
            errors.Add(field, $"'{zoneId}' is not an IANA time zone; use a name such as Europe/London or America/New_York.");
    }

    public static ValidationErrors ValidatePassword(string? password, string field = "password")
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
            errors.Add(field, $"The password must be at least {MinimumPasswordLength} characters long.");
        return errors;
    }
}
