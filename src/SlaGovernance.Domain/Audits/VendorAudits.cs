using NodaTime;
using SlaGovernance.Domain.Lifecycles;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Audits;

/// <summary>
/// Where an audit of a vendor stands: scheduled (the notice not yet due), notified, waiting for the vendor's evidence, in fieldwork
/// with its lead, in remediation of its findings, closed once every finding is closed or its risk accepted; cancelled before fieldwork.
/// </summary>
public static class VendorAuditStatus
{
    public const string Scheduled = "Scheduled";
    public const string EvidenceRequested = "EvidenceRequested";
    public const string Fieldwork = "Fieldwork";
    public const string Remediation = "Remediation";
    public const string Closed = "Closed";
    public const string Cancelled = "Cancelled";

    public static readonly Lifecycle Lifecycle = new Lifecycle("audit")
        .State(Scheduled, "Scheduled: notice not yet sent")
        .State(EvidenceRequested, "Notice sent, waiting for evidence", Scheduled)
        .State(Fieldwork, "Fieldwork", EvidenceRequested)
        .State(Remediation, "Remediation of findings", Fieldwork)
        .State(Closed, "Closed", Fieldwork, Remediation)
        .State(Cancelled, "Cancelled", Scheduled, EvidenceRequested);

    public static string Label(string? status) => Lifecycle.Label(status);

    public static bool IsOpen(string status) => status is not (Closed or Cancelled);
}

public enum FindingSeverity
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>
/// A finding and its remediation action: open until the vendor or staff report the action done (with evidence), then verified and
/// closed by the audit lead or sent back; or its risk accepted by the Governance board.
/// </summary>
public static class FindingStatus
{
    public const string Open = "Open";
    public const string ReadyForVerification = "ReadyForVerification";
    public const string Closed = "Closed";
    public const string RiskAccepted = "RiskAccepted";

    public static readonly Lifecycle Lifecycle = new Lifecycle("finding")
        .State(Open, "Open: remediation under way")
        .State(ReadyForVerification, "Done, waiting for verification", Open)
        .State(Closed, "Closed: verified", ReadyForVerification)
        .State(RiskAccepted, "Risk accepted by the board", Open, ReadyForVerification)
        .Allow(ReadyForVerification, Open);

    public static string Label(string? status) => Lifecycle.Label(status);

    public static bool IsSettled(string status) => status is Closed or RiskAccepted;
}

/// <summary>How often audit rights allow an audit: the typed months, or, for versions written before they were typed, read from the text.</summary>
public static class AuditFrequency
{
    public const int MaxMonths = 120;

    /// <summary>The months a free-text frequency of an older version means, when it says so plainly; null when it does not.</summary>
    public static int? MonthsFromText(string? text)
    {
        var t = (text ?? "").Trim().ToLowerInvariant();
        if (t.Length == 0)
            return null;
        if (t.Contains("quarter", StringComparison.Ordinal))
            return 3;
        if (t.Contains("twice a year", StringComparison.Ordinal) || t.Contains("semi-annual", StringComparison.Ordinal)
            || t.Contains("half-year", StringComparison.Ordinal) || t.Contains("six months", StringComparison.Ordinal))
            return 6;
        if (t.Contains("every two years", StringComparison.Ordinal) || t.Contains("biennial", StringComparison.Ordinal))
            return 24;
        if (t.Contains("annual", StringComparison.Ordinal) || t.Contains("yearly", StringComparison.Ordinal) || t.Contains("once a year", StringComparison.Ordinal)
            || t.Contains("every year", StringComparison.Ordinal) || t.Contains("per year", StringComparison.Ordinal) || t.Contains("a year", StringComparison.Ordinal))
            return 12;
        if (t.Contains("month", StringComparison.Ordinal))
            return 1;
        return null;
    }

    public static string Words(int months) => months switch
    {
        1 => "every month",
        12 => "every year",
        24 => "every two years",
        _ when months % 12 == 0 => $"every {months / 12} years",
        _ => $"every {months} months",
    };
}

/// <summary>What staff send to start an audit by hand.</summary>
public sealed record VendorAuditInput(Guid? AgreementId, string? Lead, LocalDate? FieldworkOn, IReadOnlyList<string>? Periods, IReadOnlyList<string>? Documents,
    string? Scope);

public sealed record ValidVendorAudit(Guid AgreementId, string Lead, LocalDate FieldworkOn, IReadOnlyList<string> Periods, IReadOnlyList<string> Documents,
    string? Scope);

/// <summary>What the audit lead records as a finding, with its agreed remediation action.</summary>
public sealed record FindingInput(string? Title, string? Severity, string? Concerns, string? Evidence, string? VendorOwner, string? Action,
    LocalDate? ActionDueOn, string? ActionOwner);

public sealed record ValidFinding(string Title, FindingSeverity Severity, string Concerns, string Evidence, string VendorOwner, string Action,
    LocalDate ActionDueOn, string ActionOwner);

public static class VendorAuditRules
{
    public const int MaxText = 300;
    public const int MaxLongText = 4000;
    public const int MaxPeriods = 12;
    public const int MaxDocuments = 20;

    /// <summary>A month (2027-03) or a quarter (2027-Q1), as compliance reports name periods.</summary>
    public static bool IsPeriod(string text) =>
        text.Length == 7 && int.TryParse(text[..4], out var year) && year is >= 1900 and <= 9999
        && ((text[4] == '-' && int.TryParse(text[5..], out var month) && month is >= 1 and <= 12 && char.IsDigit(text[5]))
            || (text[4..6] == "-Q" && text[6] is >= '1' and <= '4'));

    public static (ValidVendorAudit? Audit, ValidationErrors Errors) Validate(VendorAuditInput input, LocalDate today)
    {
        var errors = new ValidationErrors();
        if (input.AgreementId is null)
            errors.Add("agreementId", "Choose the agreement whose audit rights the audit uses.");
        var lead = input.Lead?.Trim();
        if (string.IsNullOrEmpty(lead))
            errors.Add("lead", "Name the audit lead: a vendor manager's user name.");
        if (input.FieldworkOn is not { } fieldwork)
            errors.Add("fieldworkOn", "Give the day fieldwork starts (yyyy-mm-dd); the notice goes out the agreement's notice period before it.");
        else if (fieldwork <= today)
            errors.Add("fieldworkOn", $"Fieldwork on {fieldwork:yyyy-MM-dd} is not after today ({today:yyyy-MM-dd}); the vendor needs notice.");
        var periods = (input.Periods ?? []).Select(p => p?.Trim() ?? "").Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (periods.Count == 0)
            errors.Add("periods", "Name at least one period to recompute from raw data, a month such as 2027-03 or a quarter such as 2027-Q1.");
        else if (periods.Count > MaxPeriods)
            errors.Add("periods", $"Audit at most {MaxPeriods} periods at once (there are {periods.Count}).");
        foreach (var bad in periods.Where(p => !IsPeriod(p)))
            errors.Add("periods", $"'{bad}' is not a period; give a month such as 2027-03 or a quarter such as 2027-Q1.");
        var documents = (input.Documents ?? []).Select(d => d?.Trim() ?? "").Where(d => d.Length > 0).ToList();
        if (documents.Count > MaxDocuments)
            errors.Add("documents", $"Ask for at most {MaxDocuments} documents (there are {documents.Count}).");
        foreach (var long_ in documents.Where(d => d.Length > MaxText))
            errors.Add("documents", $"Name each document in at most {MaxText} characters ('{long_[..40]}…' has {long_.Length}).");
        var scope = input.Scope?.Trim();
        if (scope is { Length: > MaxLongText })
            errors.Add("scope", $"The scope may be at most {MaxLongText} characters (it has {scope.Length}).");
        return errors.IsValid
            ? (new ValidVendorAudit(input.AgreementId!.Value, lead!, input.FieldworkOn!.Value, periods, documents, string.IsNullOrEmpty(scope) ? null : scope), errors)
            : (null, errors);
    }

    public static (ValidFinding? Finding, ValidationErrors Errors) Validate(FindingInput input, LocalDate today)
    {
        var errors = new ValidationErrors();
        string? Required(string field, string? value, string what, int max)
        {
            var text = value?.Trim();
            if (string.IsNullOrEmpty(text))
                errors.Add(field, what);
            else if (text.Length > max)
                errors.Add(field, $"At most {max} characters (it has {text.Length}).");
            return text;
        }
        var title = Required("title", input.Title, "Give the finding a title, e.g. 'Backups not tested since March'.", MaxText);
        FindingSeverity severity = default;
        var severities = string.Join(", ", Enum.GetNames<FindingSeverity>());
        if (string.IsNullOrWhiteSpace(input.Severity))
            errors.Add("severity", $"Choose a severity: {severities}.");
        else if (!Enum.TryParse(input.Severity.Trim(), ignoreCase: true, out severity) || !Enum.IsDefined(severity) || int.TryParse(input.Severity, out _))
            errors.Add("severity", $"Severity '{input.Severity}' is not one of {severities}.");
        var concerns = Required("concerns", input.Concerns, "Name the clause or objective the finding concerns, e.g. 'Portal availability' or 'Audit rights'.", MaxText);
        var evidence = Required("evidence", input.Evidence, "Say what the finding rests on: the evidence seen or the recomputed figures.", MaxLongText);
        var vendorOwner = Required("vendorOwner", input.VendorOwner, "Name the person at the vendor who owns the finding.", MaxText);
        var action = Required("action", input.Action, "State the remediation action agreed with the vendor.", MaxLongText);
        var actionOwner = Required("actionOwner", input.ActionOwner, "Name who owns the remediation action (a user name or the vendor's contact).", MaxText);
        if (input.ActionDueOn is not { } due)
            errors.Add("actionDueOn", "Give the day the action is due (yyyy-mm-dd).");
        else if (due < today)
            errors.Add("actionDueOn", $"The action's due date {due:yyyy-MM-dd} is in the past; give today ({today:yyyy-MM-dd}) or later.");
        return errors.IsValid
            ? (new ValidFinding(title!, severity, concerns!, evidence!, vendorOwner!, action!, input.ActionDueOn!.Value, actionOwner!), errors)
            : (null, errors);
    }

    /// <summary>
    /// Segregation of duties on remediation: the person who owns an action, or who reported it done, does not verify it; only the
    /// audit lead (or an administrator standing in) does. Null when <paramref name="verifier"/> may verify, else why not.
    /// </summary>
    public static string? VerifierRefusal(string verifier, string lead, bool verifierIsAdmin, string actionOwner, string? reportedDoneBy)
    {
        if (string.Equals(verifier, actionOwner, StringComparison.OrdinalIgnoreCase))
            return $"{verifier} owns this remediation action, so someone else verifies it (rule: owner-does-not-verify).";
        if (reportedDoneBy is not null && string.Equals(verifier, reportedDoneBy, StringComparison.OrdinalIgnoreCase))
            return $"{verifier} reported this action done, so someone else verifies it (rule: owner-does-not-verify).";
        if (!verifierIsAdmin && !string.Equals(verifier, lead, StringComparison.OrdinalIgnoreCase))
            return $"Only the audit lead, {lead}, verifies and closes the audit's findings (rule: lead-verifies).";
        return null;
    }
}
