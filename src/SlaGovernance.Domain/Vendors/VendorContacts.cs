using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Vendors;

/// <summary>What a vendor's contact is there for; each letter goes to the contact whose role fits it.</summary>
public enum VendorContactRole
{
    Commercial,
    AccountManager,
    Security,
    Escalation,
    DataProtection,
}

/// <summary>Why the organisation writes to a vendor; it decides whose desk the letter lands on.</summary>
public enum VendorLetter
{
    AuditNotice,
    Claim,
    NoticeOfNonRenewal,
    NoticeOfTermination,
    Escalation,
    DataProtectionNotice,
}

/// <summary>One named person at a vendor, in one role.</summary>
public sealed record VendorContact(Guid Id, Guid VendorId, VendorContactRole Role, string Name, string Email, string? Phone);

/// <summary>What a person or script submits as a vendor's contact.</summary>
public sealed record VendorContactInput(string? Role, string? Name, string? Email, string? Phone);

public static class VendorContactRules
{
    public const int MaxNameLength = 200;
    public const int MaxPhoneLength = 50;

    /// <summary>The roles a letter goes to, in order: the first role the vendor has a contact in receives it.</summary>
    public static IReadOnlyList<VendorContactRole> RolesFor(VendorLetter letter) => letter switch
    {
        VendorLetter.AuditNotice => [VendorContactRole.Security, VendorContactRole.AccountManager, VendorContactRole.Commercial],
        VendorLetter.Claim => [VendorContactRole.Commercial, VendorContactRole.AccountManager],
        VendorLetter.NoticeOfNonRenewal or VendorLetter.NoticeOfTermination => [VendorContactRole.Commercial, VendorContactRole.AccountManager],
        VendorLetter.Escalation => [VendorContactRole.Escalation, VendorContactRole.AccountManager, VendorContactRole.Commercial],
        VendorLetter.DataProtectionNotice => [VendorContactRole.DataProtection, VendorContactRole.Security, VendorContactRole.Commercial],
        _ => throw new ArgumentOutOfRangeException(nameof(letter), letter, null),
    };

    /// <summary>
    /// The contact a letter goes to: the first of <see cref="RolesFor"/> the vendor has someone in (the earliest recorded of a role),
    /// else null, and the caller falls back on the vendor's general contact.
    /// </summary>
    public static VendorContact? Pick(IEnumerable<VendorContact> contacts, VendorLetter letter)
    {
        var list = contacts.ToList();
        return RolesFor(letter).Select(role => list.FirstOrDefault(c => c.Role == role)).FirstOrDefault(c => c is not null);
    }

    public static (VendorContact? Contact, ValidationErrors Errors) Validate(Guid id, Guid vendorId, VendorContactInput input)
    {
        var errors = new ValidationErrors();
        VendorContactRole role = default;
        var roles = string.Join(", ", Enum.GetNames<VendorContactRole>());
        if (string.IsNullOrWhiteSpace(input.Role))
            errors.Add("role", $"Choose the contact's role: {roles}.");
        else if (!Enum.TryParse(input.Role.Trim(), ignoreCase: true, out role) || !Enum.IsDefined(role) || int.TryParse(input.Role, out _))
            errors.Add("role", $"Role '{input.Role}' is not one of {roles}.");
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors.Add("name", "The contact's name is required.");
        else if (name.Length > MaxNameLength)
            errors.Add("name", $"The name may be at most {MaxNameLength} characters (it has {name.Length}).");
        var email = input.Email?.Trim();
        if (string.IsNullOrEmpty(email))
            errors.Add("email", "The contact's email address is required: letters and requests are sent there.");
        else if (!EmailAddress.IsValid(email))
            errors.Add("email", $"'{email}' is not a valid email address.");
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
        if (phone is { Length: > MaxPhoneLength })
            errors.Add("phone", $"The phone number may be at most {MaxPhoneLength} characters.");
        return errors.IsValid ? (new VendorContact(id, vendorId, role, name!, email!, phone), errors) : (null, errors);
    }
}
