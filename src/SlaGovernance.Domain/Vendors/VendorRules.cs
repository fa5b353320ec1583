using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Vendors;

/// <summary>What a person or script submits to create or change a vendor.</summary>
public sealed record VendorInput(
    string? Name,
    string? ContactName,
    string? ContactEmail,
    string? RiskTier,
    string? Notes,
    Guid? OwnerUserId = null);

/// <summary>A vendor's fields after validation, ready to store.</summary>
public sealed record ValidVendor(string Name, string? ContactName, string? ContactEmail, RiskTier RiskTier, string? Notes, Guid? OwnerUserId)
{
    /// <summary>The form used for the uniqueness check: trimmed, case-folded.</summary>
    public string NormalizedName => VendorRules.Normalize(Name);
}

public static class VendorRules
{
    public const int MaxNameLength = 200;
    public const int MaxNotesLength = 4000;

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();

    public static (ValidVendor? Vendor, ValidationErrors Errors) Validate(VendorInput input)
    {
        var errors = new ValidationErrors();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors.Add("name", "A vendor name is required.");
        else if (name.Length > MaxNameLength)
            errors.Add("name", $"The vendor name may be at most {MaxNameLength} characters (it has {name.Length}).");

        var email = NullIfBlank(input.ContactEmail);
        if (email is not null && !EmailAddress.IsValid(email))
            errors.Add("contactEmail", $"'{email}' is not a valid email address.");

        RiskTier tier = default;
        if (string.IsNullOrWhiteSpace(input.RiskTier))
            errors.Add("riskTier", "A risk tier is required: Low, Medium, High or Critical.");
        else if (!Enum.TryParse(input.RiskTier.Trim(), ignoreCase: true, out tier) || !Enum.IsDefined(tier) || int.TryParse(input.RiskTier, out _))
            errors.Add("riskTier", $"Risk tier '{input.RiskTier}' is not one of Low, Medium, High or Critical.");

        var contactName = NullIfBlank(input.ContactName);
        if (contactName is { Length: > MaxNameLength })
            errors.Add("contactName", $"The contact name may be at most {MaxNameLength} characters.");
        var notes = NullIfBlank(input.Notes);
        if (notes is { Length: > MaxNotesLength })
            errors.Add("notes", $"Notes may be at most {MaxNotesLength} characters (they have {notes.Length}).");

        return errors.IsValid
            ? (new ValidVendor(name!, contactName, email, tier, notes, input.OwnerUserId), errors)
            : (null, errors);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
