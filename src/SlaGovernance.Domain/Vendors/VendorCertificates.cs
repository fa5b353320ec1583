using NodaTime;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Vendors;

public enum CertificateKind
{
    Soc2Type2,
    Iso27001,
    PciDss,
    Insurance,
    FinancialStatements,
}

/// <summary>Where a certificate stands on a given day.</summary>
public enum CertificateState
{
    NotYetValid,
    Valid,
    ExpiringSoon,
    Expired,
}

public sealed record CertificateInput(string? Kind, string? Issuer, string? Scope, LocalDate? ValidFrom, LocalDate? ValidUntil, Guid? EvidenceId);

public sealed record ValidCertificate(CertificateKind Kind, string Issuer, string Scope, LocalDate ValidFrom, LocalDate ValidUntil, Guid? EvidenceId);

public static class CertificateRules
{
    public const int MaxIssuerLength = 200;
    public const int MaxScopeLength = 2000;

    /// <summary>How many days before its last valid day a certificate is reminded of, and shown as expiring.</summary>
    public static readonly IReadOnlyList<int> ReminderDays = [60, 30, 7];

    public static CertificateState StateOn(LocalDate validFrom, LocalDate validUntil, LocalDate today) =>
        today < validFrom ? CertificateState.NotYetValid
        : today > validUntil ? CertificateState.Expired
        : Period.Between(today, validUntil, PeriodUnits.Days).Days <= ReminderDays[0] ? CertificateState.ExpiringSoon
        : CertificateState.Valid;

    /// <summary>An expired certificate is a risk flag where the vendor matters most.</summary>
    public static bool IsRiskFlag(CertificateState state, RiskTier tier) => state == CertificateState.Expired && tier is RiskTier.High or RiskTier.Critical;

    /// <summary>The reminder due on <paramref name="today"/>: the smallest threshold already reached, or none before the first or after expiry.</summary>
    public static int? ReminderDue(LocalDate validUntil, LocalDate today)
    {
        if (today > validUntil)
            return null;
        var left = Period.Between(today, validUntil, PeriodUnits.Days).Days;
        return ReminderDays.Where(d => left <= d).Cast<int?>().LastOrDefault();
    }

    public static (ValidCertificate? Certificate, ValidationErrors Errors) Validate(CertificateInput input)
    {
        var errors = new ValidationErrors();
        CertificateKind kind = default;
        var kinds = string.Join(", ", Enum.GetNames<CertificateKind>());
        if (string.IsNullOrWhiteSpace(input.Kind))
            errors.Add("kind", $"Choose the kind of certificate: {kinds}.");
        else if (!Enum.TryParse(input.Kind.Trim(), ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(input.Kind, out _))
            errors.Add("kind", $"Kind '{input.Kind}' is not one of {kinds}.");
        var issuer = input.Issuer?.Trim();
        if (string.IsNullOrEmpty(issuer))
            errors.Add("issuer", "Name the issuer: the audit firm, certification body or insurer.");
        else if (issuer.Length > MaxIssuerLength)
            errors.Add("issuer", $"The issuer may be at most {MaxIssuerLength} characters.");
        var scope = input.Scope?.Trim();
        if (string.IsNullOrEmpty(scope))
            errors.Add("scope", "Say what the certificate covers (services, sites, the period of the financial statements).");
        else if (scope.Length > MaxScopeLength)
            errors.Add("scope", $"The scope may be at most {MaxScopeLength} characters.");
        if (input.ValidFrom is null)
            errors.Add("validFrom", "The first valid day is required (yyyy-mm-dd).");
        if (input.ValidUntil is null)
            errors.Add("validUntil", "The last valid day is required (yyyy-mm-dd).");
        else if (input.ValidFrom is { } from && input.ValidUntil < from)
            errors.Add("validUntil", $"The last valid day {input.ValidUntil:yyyy-MM-dd} is before the first ({from:yyyy-MM-dd}).");
        return errors.IsValid
            ? (new ValidCertificate(kind, issuer!, scope!, input.ValidFrom!.Value, input.ValidUntil!.Value, input.EvidenceId), errors)
            : (null, errors);
    }
}
