using SlaGovernance.Data.Calendars;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Features.Clauses;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>
/// What every use case that stores content checks (drafting, saving, submitting, importing): the content's own rules, that its
/// vendor and business calendar exist, and that the library clauses it uses exist.
/// </summary>
public sealed class AgreementValidator(VendorStore vendors, BusinessCalendarStore calendars, AgreementClauses clauses)
{
    /// <summary>Checks the content; a retired library clause is refused.</summary>
    public Task<ValidationErrors> ValidateAsync(AgreementContent? content, CancellationToken cancellationToken) =>
        ValidateAsync(content, usedBefore: content, cancellationToken);

    /// <summary>As above, but a retired library clause is accepted when <paramref name="usedBefore"/> already used that version of it.</summary>
    public async Task<ValidationErrors> ValidateAsync(AgreementContent? content, AgreementContent? usedBefore, CancellationToken cancellationToken)
    {
        var errors = AgreementRules.Validate(content, ZonedDays.IsZone);
        if (content?.VendorId is { } vendorId && await vendors.GetAsync(vendorId, cancellationToken) is null)
            errors.Add("vendorId", $"No vendor has id {vendorId}.");
        if (content?.BusinessCalendarId is { } calendarId && await calendars.GetAsync(calendarId, cancellationToken) is null)
            errors.Add("businessCalendarId", $"No business calendar has id {calendarId}; choose one of the calendars at /admin/calendars or none for the default.");
        if (content is not null)
            await clauses.ValidateAsync(content, usedBefore, errors, cancellationToken);
        return errors;
    }

    /// <summary>One line for the audit log: title, term, fee, objectives, cap and hash.</summary>
    public static string Summary(AgreementContent content) =>
        $"{content.Title}; {content.TermStart:yyyy-MM-dd}..{content.TermEnd:yyyy-MM-dd}; {content.MonthlyFee:N2} {content.Currency}/month; " +
        $"{content.Slos.Count} SLO(s); cap {content.Credits.MonthlyCapPercent}%; SHA-256 {content.ContentHash()[..12]}";
}
