using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SlaGovernance.Domain.Agreements;

public enum AgreementKind { VendorSla, InternalSla, Ola }

public enum MetricKind { Availability, ResponseTime, ResolutionTime, Throughput, Csat, CustomRatio }

public enum WindowKind { CalendarMonth, Quarter, RollingDays }

public enum MeasurementMode { Passive, Active }

public enum MissingDataPolicy { ExcludedAsUnknown, CountedAsDown, CountedAsUp }

public enum ExclusionType { ScheduledMaintenance, ForceMajeure, CustomerCausedDelay, ThirdParty, Other }

public enum ExcludedTimeTreatment { CountsAsAvailable, RemovedFromPeriod }

public enum PeriodUnit { Days, Months }

/// <summary>A span of days or months, as notice periods and renewal terms are written in contracts.</summary>
public sealed record Period(int Amount, PeriodUnit Unit)
{
    public DateOnly AddTo(DateOnly date) => Unit == PeriodUnit.Days ? date.AddDays(Amount) : date.AddMonths(Amount);

    public DateOnly SubtractFrom(DateOnly date) => Unit == PeriodUnit.Days ? date.AddDays(-Amount) : date.AddMonths(-Amount);

    public override string ToString() => $"{Amount} {(Unit == PeriodUnit.Days ? "day" : "month")}{(Amount == 1 ? "" : "s")}";

    /// <summary>The length of a term from its first to its last day: whole months when it is a whole number of them, else days.</summary>
    public static Period LengthOf(DateOnly first, DateOnly last)
    {
        var following = last.AddDays(1);
        var months = (following.Year - first.Year) * 12 + following.Month - first.Month;
        return months > 0 && first.AddMonths(months) == following
            ? new Period(months, PeriodUnit.Months)
            : new Period(following.DayNumber - first.DayNumber, PeriodUnit.Days);
    }
}

public sealed record RenewalTerms(bool AutoRenew, Period NoticePeriod, Period? RenewalTerm);

/// <summary>How an SLO is measured: where the data comes from, passively or by probes, how precisely and how often.</summary>
public sealed record Measurement(string DataSource, MeasurementMode Mode, string? Precision, int FrequencySeconds);

/// <summary>For response and resolution times: the time a ticket of this priority must meet.</summary>
public sealed record PriorityTarget(string Priority, int Minutes);

/// <param name="Key">
/// Names the objective across versions, so impact, claims and budgets match an objective whose service or target changed; given
/// when the objective is first stored (see <see cref="AgreementContent.WithObjectiveKeys"/>).
/// </param>
public sealed record ServiceLevelObjective(
    string Service,
    MetricKind Metric,
    decimal Target,
    WindowKind Window,
    int? RollingDays,
    bool BusinessHoursOnly,
    string? Segment,
    Measurement Measurement,
    MissingDataPolicy MissingData,
    IReadOnlyList<PriorityTarget>? PriorityTargets = null,
    decimal? ThroughputFloor = null,
    int? IntervalMinutes = null,
    decimal? CsatMinimumScore = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CreditTier>? CreditTiers = null)
{
    /// <summary>
    /// The tiers this objective earns credits by: its own when it has them, else the agreement's, less any whose threshold lies
    /// above its target (an objective meeting its own target earns nothing, whatever the agreement's tiers say).
    /// </summary>
    public IReadOnlyList<CreditTier> TiersUnder(CreditScheme? credits) =>
        CreditTiers is { Count: > 0 } own ? own : [.. (credits?.Tiers ?? []).Where(t => t.BelowAttainment <= Target)];

    /// <summary>The agreement's tiers that do not apply to this objective because their thresholds lie above its target.</summary>
    public IReadOnlyList<CreditTier> AgreementTiersAboveTarget(CreditScheme? credits) =>
        CreditTiers is { Count: > 0 } ? [] : [.. (credits?.Tiers ?? []).Where(t => t.BelowAttainment > Target)];
}

/// <summary>Below <paramref name="BelowAttainment"/> % attainment, <paramref name="CreditPercent"/> % of the monthly fee is credited.</summary>
public sealed record CreditTier(decimal BelowAttainment, decimal CreditPercent);

public sealed record CreditScheme(IReadOnlyList<CreditTier> Tiers, decimal MonthlyCapPercent, ExcludedTimeTreatment ExcludedTime);

public sealed record Exclusion(ExclusionType Type, string ClauseText);

/// <summary>A recurring maintenance window in the agreement's zone: every <paramref name="Day"/> from <paramref name="Start"/>.</summary>
public sealed record MaintenanceWindow(DayOfWeek Day, TimeOnly Start, int DurationMinutes);

/// <summary>An escalation level: a role or a named contact, applying after the given minutes.</summary>
public sealed record EscalationLevel(int Level, string Contact, int AfterMinutes);

/// <param name="Frequency">The frequency as the contract words it.</param>
/// <param name="FrequencyMonths">
/// The same as a typed period in months, which schedules audits; added after the first content shapes, so left out of the canonical
/// JSON while absent and older versions keep their hash.
/// </param>
public sealed record AuditRights(string Frequency, int NoticeDays, string Scope, bool RawDataAccess,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? FrequencyMonths = null)
{
    /// <summary>The months between audits: the typed period, else what an older version's text plainly says, else none.</summary>
    [JsonIgnore]
    public int? Months => FrequencyMonths ?? Audits.AuditFrequency.MonthsFromText(Frequency);

    /// <summary>
    /// The frequency as the contract states it: the typed period in words ("Every year") where the version has one, so the contract
    /// says what the audit programme schedules; an older version's own text otherwise.
    /// </summary>
    [JsonIgnore]
    public string Described => FrequencyMonths is > 0 and var months
        ? string.Concat(Audits.AuditFrequency.Words(months)[..1].ToUpperInvariant(), Audits.AuditFrequency.Words(months).AsSpan(1))
        : Frequency;
}

public sealed record ExitTerms(IReadOnlyList<string> DataFormats, int TransitionAssistanceDays, bool DeletionCertificate);

/// <summary>
/// What follows when an objective's error budget runs out (its remaining share of the window's budget falls to
/// <paramref name="TriggerRemainingPercent"/>, 0 meaning exhausted): change requests other than emergency and termination are
/// refused on the agreement until the window ends, the Governance board is told, and a breach review is required at the close.
/// </summary>
public sealed record ErrorBudgetPolicy(decimal TriggerRemainingPercent, bool FreezeChanges, bool NotifyBoard, bool RequireBreachReview)
{
    /// <summary>Whether a budget with <paramref name="remainingPercent"/> of it left has reached the policy's trigger.</summary>
    public bool IsTriggeredAt(decimal remainingPercent) => remainingPercent <= TriggerRemainingPercent;
}

/// <summary>
/// A credit earned back: the credit of a period is forgiven when each of the next <paramref name="Periods"/> periods has every objective
/// met (none missed, none without data).
/// </summary>
public sealed record EarnBack(int Periods)
{
    public const int MaxPeriods = 12;
}

/// <summary>A clause of the draft: a version of a library clause, or non-standard text that Legal must review.</summary>
public sealed record ClauseUse(string Category, Guid? LibraryClauseId, int? LibraryVersion, string? Text)
{
    [JsonIgnore]
    public bool IsNonStandard => LibraryClauseId is null;
}

/// <summary>
/// Everything one version of an agreement says. A version's content is frozen once approved, and its SHA-256
/// over the canonical JSON is stored and printed in the contract. A field added after the first content shape is left out of
/// the canonical JSON while absent (<c>JsonIgnoreCondition.WhenWritingNull</c> on it), so every stored version's hash still
/// verifies; the content-shape fixtures in the Domain tests fail when a change breaks that.
/// </summary>
public sealed record AgreementContent(
    string Title,
    AgreementKind Kind,
    Guid? VendorId,
    string? InternalProvider,
    string? Category,
    string? Owner,
    DateOnly TermStart,
    DateOnly TermEnd,
    RenewalTerms Renewal,
    decimal MonthlyFee,
    string Currency,
    decimal AnnualValue,
    string? CostCentre,
    string TimeZone,
    Guid? BusinessCalendarId,
    IReadOnlyList<ServiceLevelObjective> Slos,
    CreditScheme Credits,
    IReadOnlyList<Exclusion>? Exclusions = null,
    IReadOnlyList<MaintenanceWindow>? MaintenanceWindows = null,
    IReadOnlyList<EscalationLevel>? Escalation = null,
    IReadOnlyList<string>? Assumptions = null,
    AuditRights? AuditRights = null,
    ExitTerms? Exit = null,
    IReadOnlyList<ClauseUse>? Clauses = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorBudgetPolicy? ErrorBudgetPolicy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? CloseGraceBusinessDays = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EarnBack? EarnBack = null)
{
    /// <summary>The business days after a period's end the month-end close waits for late data when the contract says nothing.</summary>
    public const int DefaultCloseGraceBusinessDays = 5;

    /// <summary>The largest grace period a contract may give late data, in business days.</summary>
    public const int MaxCloseGraceBusinessDays = 20;

    /// <summary>The grace period the month-end close waits: the contract's, else the default (5 business days).</summary>
    [JsonIgnore]
    public int EffectiveCloseGraceBusinessDays => CloseGraceBusinessDays ?? DefaultCloseGraceBusinessDays;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AgreementContent FromJson(string json) =>
        JsonSerializer.Deserialize<AgreementContent>(json, Json) ?? throw new JsonException("The agreement content is empty.");

    /// <summary>SHA-256 of the canonical JSON (properties in declaration order, enums by name), lower-case hex.</summary>
    public string ContentHash() => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this, Json)));

    /// <summary>
    /// The content with a key on every objective that has none: its service, metric and segment as a slug
    /// (<c>customer-portal/availability/gold</c>), numbered when two objectives would share one. Keys already given are kept.
    /// </summary>
    public AgreementContent WithObjectiveKeys()
    {
        if (Slos is null || Slos.All(s => s is null || !string.IsNullOrWhiteSpace(s.Key)))
            return this;
        var taken = Slos.Where(s => !string.IsNullOrWhiteSpace(s?.Key)).Select(s => s!.Key!).ToHashSet(StringComparer.Ordinal);
        var keyed = Slos.Select(slo =>
        {
            if (slo is null || !string.IsNullOrWhiteSpace(slo.Key))
                return slo!;
            var stem = ObjectiveKeys.Stem(slo);
            var key = stem;
            for (var n = 2; !taken.Add(key); n++)
                key = $"{stem}-{n}";
            return slo with { Key = key };
        }).ToList();
        return this with { Slos = keyed };
    }

    [JsonIgnore]
    public bool HasNonStandardClause => (Clauses ?? []).Any(c => c.IsNonStandard);

    [JsonIgnore]
    public bool HasExclusions => (Exclusions ?? []).Count > 0 || (MaintenanceWindows ?? []).Count > 0;
}

/// <summary>How an objective's key is written: lower-case letters, digits, '-' and '/', up to 100 characters.</summary>
public static partial class ObjectiveKeys
{
    public const int MaxLength = 100;

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9/-]{0,99}$")]
    public static partial System.Text.RegularExpressions.Regex Pattern();

    [System.Text.RegularExpressions.GeneratedRegex("[^a-z0-9]+")]
    private static partial System.Text.RegularExpressions.Regex NotSlug();

    public static string Stem(ServiceLevelObjective slo)
    {
        var metric = string.Concat(slo.Metric.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $"-{c}" : c.ToString()));
        var parts = new[] { slo.Service, metric, slo.Segment }.Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => NotSlug().Replace(p!.ToLowerInvariant(), "-").Trim('-')).Where(p => p.Length > 0);
        var stem = string.Join('/', parts);
        stem = stem.Length == 0 ? "objective" : stem;
        return stem.Length > MaxLength - 4 ? stem[..(MaxLength - 4)].TrimEnd('-', '/') : stem;
    }
}
