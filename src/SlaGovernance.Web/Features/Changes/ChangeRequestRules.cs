using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Changes;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Domain.Wording;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>The checks a change request's own fields pass when it is opened, corrected and submitted.</summary>
public static class ChangeRequestRules
{
    public const int MaxReason = 2000;

    /// <summary>The newest approved version: what a change request changes, and what must still govern when it is submitted.</summary>
    public static AgreementVersionRow? Governing(IEnumerable<AgreementVersionRow> versions) =>
        versions.Where(v => v.Status == AgreementVersionStatus.Approved).MaxBy(v => v.Number);

    /// <summary>The class named in <paramref name="text"/>, by name only (a number is refused, as every enum in the API is).</summary>
    public static ChangeClass? ParseClass(string? text, ValidationErrors errors)
    {
        var names = string.Join(", ", Enum.GetNames<ChangeClass>());
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("class", $"Choose the class of change: {names}.");
            return null;
        }
        if (text.Trim().All(char.IsAsciiDigit) || !Enum.TryParse<ChangeClass>(text.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            errors.Add("class", $"'{Truncate(text)}' is not a class of change; use one of {names}.");
            return null;
        }
        return parsed;
    }

    public static string? CheckReason(string? reason, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add("reason", "Say why the agreement should change; every approver reads it.");
            return null;
        }
        var trimmed = reason.Trim();
        if (trimmed.Length > MaxReason)
            errors.Add("reason", $"The reason is {trimmed.Length:N0} characters; keep it to {MaxReason:N0}.");
        return trimmed;
    }

    /// <summary>
    /// The effective date: given, today in the agreement's zone or later, and not after the term's last day for a termination, nor
    /// after the next term's first day for a change (a renegotiation takes effect then).
    /// </summary>
    public static void CheckEffectiveOn(DateOnly? effectiveOn, ChangeClass? changeClass, DateTimeOffset now, string timeZone, DateOnly termEnd,
        ValidationErrors errors)
    {
        var termination = changeClass == ChangeClass.Termination;
        var what = termination ? "termination" : "change";
        var today = ZonedDays.DayOf(now, timeZone);
        if (effectiveOn is not { } day)
            errors.Add("effectiveOn", termination
                ? "Give the termination date: the first day the agreement no longer runs (yyyy-MM-dd)."
                : "Give the day the change takes effect (yyyy-MM-dd).");
        else if (day < today)
            errors.Add("effectiveOn", $"{day:yyyy-MM-dd} has passed; a {what} takes effect today ({today:yyyy-MM-dd} in {timeZone}) or later.");
        else if (termination && day > termEnd)
            errors.Add("effectiveOn", $"The term ends on {termEnd:yyyy-MM-dd}; a termination takes effect on that day or earlier " +
                "(to stop a tacit renewal instead, decide the renewal on the renewals page).");
        else if (!termination && day > termEnd.AddDays(1))
            errors.Add("effectiveOn", $"The term ends on {termEnd:yyyy-MM-dd}; a change takes effect within it, or from the first day of the next " +
                $"term ({termEnd.AddDays(1):yyyy-MM-dd}) when it renegotiates that term.");
    }

    /// <summary>The zone and last day of the agreement's term: the signed term when there is one, else the governing version's.</summary>
    public static (string TimeZone, DateOnly TermEnd) Term(AgreementTermRow? term, AgreementContent governing) =>
        term is null ? (governing.TimeZone, governing.TermEnd) : (term.TimeZone, term.TermEnd);

    /// <summary>Why another request cannot be opened: the open one, named as people know it, and where to finish it.</summary>
    public static string OpenConflict(ChangeRequestRow open, string title) =>
        $"{open.Reference} ({open.Class.Label().ToLowerInvariant()} change, {ChangeRequestStatus.Label(open.Status).ToLowerInvariant()}, " +
        $"requested by {open.RequestedBy}) is open on {title}; an agreement has one open change request at a time. Finish or withdraw it first: " +
        $"/changes/{open.Id}";

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
