using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Vendors;

/// <summary>What a subcontractor (a fourth party) can reach of the organisation's data.</summary>
public enum DataAccess
{
    None,
    Metadata,
    Personal,
    Confidential,
}

public sealed record SubcontractorInput(Guid? AgreementId, string? Name, string? Service, string? Location, string? DataAccess);

public sealed record ValidSubcontractor(Guid? AgreementId, string Name, string Service, string Location, DataAccess DataAccess);

public static class SubcontractorRules
{
    public const int MaxLength = 200;

    /// <summary>The form two spellings of one company share, so a concentration counts "AWS" and "aws " once.</summary>
    public static string Normalize(string name) => VendorRules.Normalize(name);

    public static (ValidSubcontractor? Subcontractor, ValidationErrors Errors) Validate(SubcontractorInput input)
    {
        var errors = new ValidationErrors();
        string? Required(string field, string? value, string what)
        {
            var text = value?.Trim();
            if (string.IsNullOrEmpty(text))
                errors.Add(field, $"{what} is required.");
            else if (text.Length > MaxLength)
                errors.Add(field, $"{what} may be at most {MaxLength} characters (it has {text.Length}).");
            return text;
        }
        var name = Required("name", input.Name, "The subcontractor's name");
        var service = Required("service", input.Service, "The service it provides");
        var location = Required("location", input.Location, "Where it works from (country or region)");
        DataAccess access = default;
        var accesses = string.Join(", ", Enum.GetNames<DataAccess>());
        if (string.IsNullOrWhiteSpace(input.DataAccess))
            errors.Add("dataAccess", $"Say what data it can reach: {accesses}.");
        else if (!Enum.TryParse(input.DataAccess.Trim(), ignoreCase: true, out access) || !Enum.IsDefined(access) || int.TryParse(input.DataAccess, out _))
            errors.Add("dataAccess", $"Data access '{input.DataAccess}' is not one of {accesses}.");
        return errors.IsValid ? (new ValidSubcontractor(input.AgreementId, name!, service!, location!, access), errors) : (null, errors);
    }
}
