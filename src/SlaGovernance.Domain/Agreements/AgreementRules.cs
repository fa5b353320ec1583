using SlaGovernance.Domain.Validation;
using SlaGovernance.Domain.Wording;

namespace SlaGovernance.Domain.Agreements;

/// <summary>What a draft must satisfy before it can be saved for submission, with a message per field path (e.g. slos[0].target).</summary>
public static class AgreementRules
{
    public const int MaxTitle = 300;
    public const int MaxClause = 200_000;

    /// <summary>Names and short phrases: provider, category, owner, cost centre, service, segment, data source, contacts, formats.</summary>
    public const int MaxShortText = 200;

    /// <summary>All assumptions together, one per line as the editor takes them.</summary>
    public const int MaxAssumptions = 4_000;

    /// <summary>The longest IANA zone name is 32 characters; this leaves room without taking essays.</summary>
    public const int MaxTimeZone = 64;

    public static ValidationErrors Validate(AgreementContent? content, Func<string, bool> isKnownZone)
    {
        var errors = new ValidationErrors();
        if (content is null)
        {
            errors.Add("content", "The agreement is empty.");
            return errors;
        }
        if (string.IsNullOrWhiteSpace(content.Title))
            errors.Add("title", "Give the agreement a title.");
        else if (content.Title.Length > MaxTitle)
            errors.Add("title", $"The title is longer than {MaxTitle} characters.");
        ValidateLengths(content, errors);
        if (content.Kind == AgreementKind.VendorSla && content.VendorId is null)
            errors.Add("vendorId", "A vendor SLA names its vendor.");
        if (content.Kind != AgreementKind.VendorSla && string.IsNullOrWhiteSpace(content.InternalProvider) && content.VendorId is null)
            errors.Add("internalProvider", "An internal SLA or OLA names the team that provides the service.");
        if (content.TermEnd <= content.TermStart)
            errors.Add("termEnd", "The term must end after it starts.");
        else if (content.Renewal?.NoticePeriod is { } notice && notice.SubtractFrom(content.TermEnd) <= content.TermStart)
            errors.Add("renewal.noticePeriod", $"A notice period of {notice} is not shorter than the term ({content.TermStart:yyyy-MM-dd} to {content.TermEnd:yyyy-MM-dd}).");
        if (content.Renewal is null)
            errors.Add("renewal", "State the renewal terms.");
        else
        {
            if (content.Renewal.NoticePeriod is null || content.Renewal.NoticePeriod.Amount < 0)
                errors.Add("renewal.noticePeriod", "The notice period is a whole number of days or months, zero or more.");
            if (content.Renewal.AutoRenew && content.Renewal.RenewalTerm is not { Amount: > 0 })
                errors.Add("renewal.renewalTerm", "An auto-renewing agreement states how long each renewal runs.");
        }
        if (content.MonthlyFee < 0)
            errors.Add("monthlyFee", "The monthly fee cannot be negative.");
        if (content.AnnualValue < 0)
            errors.Add("annualValue", "The annual value cannot be negative.");
        if (string.IsNullOrWhiteSpace(content.Currency) || content.Currency.Length != 3 || !content.Currency.All(char.IsAsciiLetterUpper))
            errors.Add("currency", "The currency is a three-letter ISO 4217 code such as EUR or GBP.");
        if (string.IsNullOrWhiteSpace(content.TimeZone) || !isKnownZone(content.TimeZone))
            errors.Add("timeZone", $"'{content.TimeZone}' is not an IANA time zone such as Europe/Berlin.");

        if (content.Slos is null || content.Slos.Count == 0)
            errors.Add("slos", "An agreement has at least one service level objective.");
        for (var i = 0; i < (content.Slos?.Count ?? 0); i++)
            ValidateSlo(content.Slos![i], $"slos[{i}]", errors);
        ValidateKeys(content.Slos ?? [], errors);

        ValidateCredits(content.Credits, errors);

        for (var i = 0; i < (content.Exclusions?.Count ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(content.Exclusions![i].ClauseText))
                errors.Add($"exclusions[{i}].clauseText", "An exclusion carries the clause text that defines it.");
            else if (content.Exclusions[i].ClauseText.Length > MaxClause)
                errors.Add($"exclusions[{i}].clauseText", $"The clause is longer than {MaxClause:N0} characters.");
        }
        for (var i = 0; i < (content.MaintenanceWindows?.Count ?? 0); i++)
        {
            if (content.MaintenanceWindows![i].DurationMinutes is <= 0 or > 7 * 24 * 60)
                errors.Add($"maintenanceWindows[{i}].durationMinutes", "A maintenance window lasts between a minute and a week.");
        }
        for (var i = 0; i < (content.Escalation?.Count ?? 0); i++)
        {
            var level = content.Escalation![i];
            if (string.IsNullOrWhiteSpace(level.Contact))
                errors.Add($"escalation[{i}].contact", "Name the role or contact of this level.");
            if (level.AfterMinutes < 0)
                errors.Add($"escalation[{i}].afterMinutes", "A level applies after zero or more minutes.");
            if (i > 0 && level.AfterMinutes < content.Escalation[i - 1].AfterMinutes)
                errors.Add($"escalation[{i}].afterMinutes", "Each level applies no earlier than the one before it.");
        }
        if (content.AuditRights is { } audit && (string.IsNullOrWhiteSpace(audit.Frequency) || audit.NoticeDays < 0))
            errors.Add("auditRights", "Audit rights state a frequency and a notice period of zero or more days.");
        if (content.AuditRights is { FrequencyMonths: < 1 })
            errors.Add("auditRights.frequencyMonths", $"Choose how often an audit falls due: every 1 to {Audits.AuditFrequency.MaxMonths} months.");
        else if (content.AuditRights is { FrequencyMonths: > Audits.AuditFrequency.MaxMonths } tooRare)
            errors.Add("auditRights.frequencyMonths",
                $"An audit falls due every 1 to {Audits.AuditFrequency.MaxMonths} months; {tooRare.FrequencyMonths} is more than that.");
        if (content.Exit is { } exit && exit.TransitionAssistanceDays < 0)
            errors.Add("exit.transitionAssistanceDays", "The transition assistance period is zero or more days.");
        if (content.ErrorBudgetPolicy is { } policy)
        {
            if (policy.TriggerRemainingPercent is < 0 or >= 100)
                errors.Add("errorBudgetPolicy.triggerRemainingPercent",
                    $"{policy.TriggerRemainingPercent} % is not a share of the budget left that can trigger the policy; give 0 (exhausted) up to 99.");
            if (!policy.FreezeChanges && !policy.NotifyBoard && !policy.RequireBreachReview)
                errors.Add("errorBudgetPolicy", "An error-budget policy does something: freeze changes, tell the board or require a breach review. Remove it otherwise.");
            if (content.Slos?.Any(s => s?.Metric == MetricKind.Availability) != true)
                errors.Add("errorBudgetPolicy", "Only availability objectives have an error budget, and this agreement has none; remove the policy or add one.");
        }
        if (content.CloseGraceBusinessDays is < 0 or > AgreementContent.MaxCloseGraceBusinessDays)
            errors.Add("closeGraceBusinessDays",
                $"{content.CloseGraceBusinessDays} business days is not a grace period for late data; give 0 to {AgreementContent.MaxCloseGraceBusinessDays} " +
                $"(leave it empty for the default of {AgreementContent.DefaultCloseGraceBusinessDays}).");
        if (content.EarnBack is { } earnBack)
        {
            if (earnBack.Periods is < 1 or > EarnBack.MaxPeriods)
                errors.Add("earnBack.periods",
                    $"{earnBack.Periods} periods is not an earn-back term; a credit is earned back after 1 to {EarnBack.MaxPeriods} met periods.");
            if ((content.Credits?.Tiers ?? []).Count == 0 && content.Slos?.Any(s => s?.CreditTiers is { Count: > 0 }) != true)
                errors.Add("earnBack", "An earn-back forgives service credits, and this agreement earns none; remove the earn-back or add credit tiers.");
        }
        for (var i = 0; i < (content.Clauses?.Count ?? 0); i++)
        {
            var clause = content.Clauses![i];
            if (clause.LibraryClauseId is null && string.IsNullOrWhiteSpace(clause.Text))
                errors.Add($"clauses[{i}].text", "A non-standard clause carries its text.");
            if (clause.LibraryClauseId is not null && clause.LibraryVersion is not > 0)
                errors.Add($"clauses[{i}].libraryVersion", "A library clause names the version used.");
            if (clause.LibraryClauseId is not null && !string.IsNullOrWhiteSpace(clause.Text))
                errors.Add($"clauses[{i}].text",
                    "A library clause is used as Legal published it and carries no text of its own; to change its wording, mark it non-standard.");
        }
        return errors;
    }

    /// <summary>Every text of the content has a limit, the same number the editor's field carries as its maxlength.</summary>
    private static void ValidateLengths(AgreementContent content, ValidationErrors errors)
    {
        void Limit(string path, string field, string? text, int max)
        {
            if (text is not null && text.Length > max)
                errors.Add(path, $"{field}: {text.Length:N0} characters, over the limit of {max:N0}. Shorten the text, or put the detail in a clause.");
        }
        Limit("internalProvider", "Internal provider", content.InternalProvider, MaxShortText);
        Limit("category", "Category", content.Category, MaxShortText);
        Limit("owner", "Owner", content.Owner, MaxShortText);
        Limit("costCentre", "Cost centre", content.CostCentre, MaxShortText);
        Limit("timeZone", "Time zone", content.TimeZone, MaxTimeZone);
        for (var i = 0; i < (content.Slos?.Count ?? 0); i++)
        {
            var slo = content.Slos![i];
            if (slo is null)
                continue;
            Limit($"slos[{i}].service", $"Service of objective {i + 1}", slo.Service, MaxShortText);
            Limit($"slos[{i}].segment", $"Segment of objective {i + 1}", slo.Segment, MaxShortText);
            Limit($"slos[{i}].measurement.dataSource", $"Data source of objective {i + 1}", slo.Measurement?.DataSource, MaxShortText);
            Limit($"slos[{i}].measurement.precision", $"Precision of objective {i + 1}", slo.Measurement?.Precision, MaxShortText);
            if (slo.PriorityTargets is { Count: > 0 } targets)
                Limit($"slos[{i}].priorityTargets", $"Priority targets of objective {i + 1}",
                    string.Join(", ", targets.Select(t => $"{t.Priority}={t.Minutes}")), MaxShortText);
        }
        for (var i = 0; i < (content.Escalation?.Count ?? 0); i++)
            Limit($"escalation[{i}].contact", $"Contact of escalation level {i + 1}", content.Escalation![i]?.Contact, MaxShortText);
        if (content.Assumptions is { Count: > 0 } assumptions)
            Limit("assumptions", "Assumptions", string.Join("\n", assumptions), MaxAssumptions);
        if (content.AuditRights is { } audit)
        {
            Limit("auditRights.frequency", "Audit frequency", audit.Frequency, MaxShortText);
            Limit("auditRights.scope", "Audit scope", audit.Scope, MaxShortText);
        }
        if (content.Exit?.DataFormats is { Count: > 0 } formats)
            Limit("exit.dataFormats", "Exit data formats", string.Join(", ", formats), MaxShortText);
        for (var i = 0; i < (content.Clauses?.Count ?? 0); i++)
        {
            Limit($"clauses[{i}].category", $"Category of clause {i + 1}", content.Clauses![i]?.Category, MaxShortText);
            Limit($"clauses[{i}].text", $"Text of clause {i + 1}", content.Clauses[i]?.Text, MaxClause);
        }
    }

    private static void ValidateSlo(ServiceLevelObjective slo, string path, ValidationErrors errors)
    {
        if (slo.CreditTiers is { Count: > 0 } own)
        {
            ValidateTiers(own, $"{path}.creditTiers", errors);
            if (own.FirstOrDefault(t => t is not null && t.BelowAttainment > slo.Target) is { } above)
                errors.Add($"{path}.creditTiers", $"The tier below {above.BelowAttainment} % lies above this objective's {slo.Target} % target; " +
                    "it would credit an objective that is met. Give thresholds at or below the target.");
        }
        if (string.IsNullOrWhiteSpace(slo.Service))
            errors.Add($"{path}.service", "Name the service this objective covers.");
        if (slo.Target is <= 0 or > 100)
            errors.Add($"{path}.target", "The target is a percentage above 0 and at most 100.");
        if (slo.Window == WindowKind.RollingDays && slo.RollingDays is not (>= 1 and <= 366))
            errors.Add($"{path}.rollingDays", "A rolling window is between 1 and 366 days.");
        if (slo.Measurement is null || string.IsNullOrWhiteSpace(slo.Measurement.DataSource))
            errors.Add($"{path}.measurement.dataSource", "Name the data source the objective is measured from.");
        else if (slo.Measurement.FrequencySeconds <= 0)
            errors.Add($"{path}.measurement.frequencySeconds", "Measurements are taken at least once per period; give the interval in seconds.");
        switch (slo.Metric)
        {
            case MetricKind.ResponseTime or MetricKind.ResolutionTime:
                if (slo.PriorityTargets is not { Count: > 0 })
                    errors.Add($"{path}.priorityTargets", "Give the time each ticket priority must meet.");
                else if (slo.PriorityTargets.Any(p => string.IsNullOrWhiteSpace(p.Priority) || p.Minutes <= 0))
                    errors.Add($"{path}.priorityTargets", "Each priority has a name and a time of at least a minute.");
                else if (slo.PriorityTargets.GroupBy(p => p.Priority.Trim(), StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
                    errors.Add($"{path}.priorityTargets", "Each priority appears once.");
                break;
            case MetricKind.Throughput:
                if (slo.ThroughputFloor is not > 0)
                    errors.Add($"{path}.throughputFloor", "Give the events per interval the service must reach.");
                if (slo.IntervalMinutes is not > 0)
                    errors.Add($"{path}.intervalMinutes", "Give the interval length in minutes.");
                break;
            case MetricKind.Csat when slo.CsatMinimumScore is not > 0:
                errors.Add($"{path}.csatMinimumScore", "Give the score a response must reach to count as satisfied.");
                break;
        }
    }

    private static void ValidateCredits(CreditScheme? credits, ValidationErrors errors)
    {
        if (credits is null)
        {
            errors.Add("credits", "State the service-credit scheme (it may have no tiers).");
            return;
        }
        if (credits.MonthlyCapPercent is < 0 or > 100)
            errors.Add("credits.monthlyCapPercent", "The monthly cap is a percentage of the monthly fee from 0 to 100.");
        ValidateTiers(credits.Tiers ?? [], "credits.tiers", errors);
    }

    private static void ValidateTiers(IReadOnlyList<CreditTier> tiers, string path, ValidationErrors errors)
    {
        for (var i = 0; i < tiers.Count; i++)
        {
            if (tiers[i] is null)
            {
                errors.Add($"{path}[{i}]", "A tier has a threshold and a credit.");
                continue;
            }
            if (tiers[i].BelowAttainment is <= 0 or > 100)
                errors.Add($"{path}[{i}].belowAttainment", "A tier's threshold is a percentage above 0 and at most 100.");
            if (tiers[i].CreditPercent is <= 0 or > 100)
                errors.Add($"{path}[{i}].creditPercent", "A tier's credit is a percentage of the monthly fee above 0 and at most 100.");
            if (i > 0 && tiers[i - 1] is not null && tiers[i].BelowAttainment >= tiers[i - 1].BelowAttainment)
                errors.Add($"{path}[{i}].belowAttainment", "Thresholds decrease strictly from one tier to the next.");
            if (i > 0 && tiers[i - 1] is not null && tiers[i].CreditPercent <= tiers[i - 1].CreditPercent)
                errors.Add($"{path}[{i}].creditPercent", "Credits increase strictly as the thresholds fall.");
        }
    }

    /// <summary>
    /// What the editor warns about without refusing it: for each objective without tiers of its own, the agreement's tiers whose
    /// thresholds lie above its target, which do not apply to it. Keyed by the objective's path (slos[i].creditTiers).
    /// </summary>
    public static IReadOnlyList<(string Path, string Message)> Warnings(AgreementContent? content)
    {
        var warnings = new List<(string, string)>();
        var slos = content?.Slos ?? [];
        for (var i = 0; i < slos.Count; i++)
        {
            if (slos[i] is not { } slo || slo.AgreementTiersAboveTarget(content!.Credits) is not { Count: > 0 } above)
                continue;
            var name = string.IsNullOrWhiteSpace(slo.Service) ? $"Objective {i + 1}" : $"{slo.Service} {slo.Metric.Label().ToLowerInvariant()}";
            var tiers = string.Join(" and ", above.Select(t => $"below {t.BelowAttainment.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} %"));
            warnings.Add(($"slos[{i}].creditTiers",
                $"{name}: the agreement's tier{(above.Count == 1 ? "" : "s")} {tiers} lie{(above.Count == 1 ? "s" : "")} above its " +
                $"{slo.Target.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} % target, so {(above.Count == 1 ? "it does" : "they do")} not apply to it: " +
                "it earns no credit while it meets its own target" +
                (slo.TiersUnder(content!.Credits).Count == 0 ? ", and none at all unless you give it tiers of its own." : ".")));
        }
        return warnings;
    }

    /// <summary>An objective's key, when it has one, is written as keys are, and no two objectives share one.</summary>
    private static void ValidateKeys(IReadOnlyList<ServiceLevelObjective> slos, ValidationErrors errors)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < slos.Count; i++)
        {
            if (slos[i]?.Key is not { } key)
                continue;
            if (!ObjectiveKeys.Pattern().IsMatch(key))
                errors.Add($"slos[{i}].key", $"'{key}' is not an objective key: use lower-case letters, digits, '-' and '/', up to {ObjectiveKeys.MaxLength} characters, or leave it out to have one made.");
            else if (!seen.TryAdd(key, i))
                errors.Add($"slos[{i}].key", $"The key '{key}' is also the key of objective {seen[key] + 1}; each objective keeps its own key across versions.");
        }
    }
}
