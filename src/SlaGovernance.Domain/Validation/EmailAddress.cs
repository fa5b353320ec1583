namespace SlaGovernance.Domain.Validation;

public static class EmailAddress
{
    /// <summary>A pragmatic check: one '@', a non-empty local part, a dotted domain, no spaces.</summary>
    public static bool IsValid(string value)
    {
        if (value.Length > 254 || value.Any(char.IsWhiteSpace))
            return false;
        var at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@'))
            return false;
        var domain = value[(at + 1)..];
        return domain.Length >= 3 && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..");
    }
}
