using System.Text.Json;
using System.Text.Json.Serialization;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Vendors;
using AgreementCreditTier = SlaGovernance.Domain.Agreements.CreditTier;
using AgreementExclusionType = SlaGovernance.Domain.Agreements.ExclusionType;

namespace SlaGovernance.Domain.Changes;

/// <summary>What a change does to the customer's protection: a direction where the term has one, else just changed.</summary>
public enum ChangeEffect { Unchanged, Changed, Strengthened, Weakened, Mixed }

/// <summary>What became of one item (objective, exclusion, clause, maintenance window) between the two versions.</summary>
public enum ItemChange { Unchanged, Added, Removed, Changed }

/// <summary>One term that changed, as an approver reads it: "P1 response time", "15 min" to "30 min", weakened.</summary>
public sealed record TermChange(string Term, string? Before, string? After, ChangeEffect Effect);

/// <summary>
/// One objective, matched across the versions by its key. <see cref="TargetEffect"/> covers what is promised (the target, the
/// minutes per priority, a throughput floor, a CSAT minimum); <see cref="Effect"/> adds the service hours and how missing data counts.
/// </summary>
public sealed record ObjectiveImpact(
    string Key,
    string Service,
    MetricKind Metric,
    string? Segment,
    ItemChange Change,
    ChangeEffect Effect,
    ChangeEffect TargetEffect,
    decimal? TargetBefore,
    decimal? TargetAfter,
    IReadOnlyList<TermChange> Target,
    TermChange? Window,
    TermChange? Hours,
    IReadOnlyList<TermChange> Measurement,
    IReadOnlyList<TermChange> Other);

/// <summary>An exclusion added (weakens), removed (strengthens), or reworded or retyped (Legal reads the new text).</summary>
public sealed record ExclusionImpact(
    ItemChange Change,
    AgreementExclusionType Type,
    AgreementExclusionType? TypeBefore,
    string? TextBefore,
    string? TextAfter,
    ChangeEffect Effect);

/// <summary>A recurring maintenance window added, removed, moved or resized: more maintenance is more excluded time.</summary>
public sealed record MaintenanceImpact(ItemChange Change, string? Before, string? After, ChangeEffect Effect);

/// <summary>A clause of the contract whose text changed, by category; a library clause reads as rendered where that was given.</summary>
public sealed record ClauseImpact(ItemChange Change, string Category, string? TextBefore, string? TextAfter, bool NonStandardBefore, bool NonStandardAfter);

/// <summary>
/// The credit scheme before and after, and the largest credit one month can bring: every objective at its most severe tier,
/// limited by the cap, in each version's currency.
/// </summary>
public sealed record CreditImpact(
    IReadOnlyList<AgreementCreditTier> TiersBefore,
    IReadOnlyList<AgreementCreditTier> TiersAfter,
    decimal CapPercentBefore,
    decimal CapPercentAfter,
    ExcludedTimeTreatment ExcludedTimeBefore,
    ExcludedTimeTreatment ExcludedTimeAfter,
    Money LargestMonthlyCreditBefore,
    Money LargestMonthlyCreditAfter,
    ChangeEffect TiersEffect,
    ChangeEffect Effect)
{
    [JsonIgnore]
    public bool IsChanged => Effect != ChangeEffect.Unchanged || LargestMonthlyCreditBefore != LargestMonthlyCreditAfter;

    /// <summary>How much of the largest monthly credit the change takes away, in percent of it; zero when it grows or stays, or the currency changes.</summary>
    [JsonIgnore]
    public decimal LargestMonthlyCreditCutPercent =>
        LargestMonthlyCreditBefore.Currency == LargestMonthlyCreditAfter.Currency && LargestMonthlyCreditBefore.Amount > 0
            && LargestMonthlyCreditAfter.Amount < LargestMonthlyCreditBefore.Amount
            ? (LargestMonthlyCreditBefore.Amount - LargestMonthlyCreditAfter.Amount) * 100m / LargestMonthlyCreditBefore.Amount
            : 0m;
}

/// <summary>The fee and annual value before and after, in each version's currency.</summary>
public sealed record FeeImpact(
    decimal MonthlyFeeBefore,
    decimal MonthlyFeeAfter,
    decimal AnnualValueBefore,
    decimal AnnualValueAfter,
    string CurrencyBefore,
    string CurrencyAfter)
{
    [JsonIgnore]
    public bool IsChanged => MonthlyFeeBefore != MonthlyFeeAfter || AnnualValueBefore != AnnualValueAfter || CurrencyBefore != CurrencyAfter;

    /// <summary>The monthly fee's change in percent of the old fee (negative for a cut); null when there was no fee or the currency changes.</summary>
    [JsonIgnore]
    public decimal? MonthlyFeeChangePercent =>
        CurrencyBefore == CurrencyAfter && MonthlyFeeBefore != 0 ? (MonthlyFeeAfter - MonthlyFeeBefore) * 100m / MonthlyFeeBefore : null;
}

/// <summary>
/// What a change request does to an agreement, computed from the governing version's content and the proposed one, with the
/// vendor's risk tier (null for an internal provider) as the request was filed. Stored with the request as JSON
/// (<see cref="ToJson"/>, enums by name) and shown to every approver; <see cref="Summary"/> is the line for inbox rows and emails.
/// Objectives list every objective, unchanged ones too; the other lists hold only what changed.
/// </summary>
public sealed partial record ChangeImpact(
    RiskTier? VendorRiskTier,
    IReadOnlyList<ObjectiveImpact> Objectives,
    IReadOnlyList<ExclusionImpact> Exclusions,
    IReadOnlyList<MaintenanceImpact> MaintenanceWindows,
    CreditImpact Credits,
    FeeImpact Fees,
    IReadOnlyList<TermChange> Term,
    IReadOnlyList<TermChange> AuditRights,
    IReadOnlyList<TermChange> Exit,
    IReadOnlyList<ClauseImpact> Clauses,
    IReadOnlyList<TermChange> Administrative,
    IReadOnlyList<TermChange> Other)
{
    public static readonly JsonSerializerOptions Json = AgreementContent.Json;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ChangeImpact FromJson(string json) =>
        JsonSerializer.Deserialize<ChangeImpact>(json, Json) ?? throw new JsonException("The stored change impact is empty.");

    [JsonIgnore]
    public int ObjectivesAdded => Objectives.Count(o => o.Change == ItemChange.Added);

    [JsonIgnore]
    public int ObjectivesRemoved => Objectives.Count(o => o.Change == ItemChange.Removed);

    /// <summary>Objectives kept whose promise weakens in any term, including those that also strengthen in another.</summary>
    [JsonIgnore]
    public int ObjectivesWeakened => Objectives.Count(o => o.Change == ItemChange.Changed && o.Effect is ChangeEffect.Weakened or ChangeEffect.Mixed);

    [JsonIgnore]
    public int ObjectivesStrengthened => Objectives.Count(o => o.Change == ItemChange.Changed && o.Effect is ChangeEffect.Strengthened or ChangeEffect.Mixed);

    [JsonIgnore]
    public int ExclusionsAdded => Exclusions.Count(e => e.Change == ItemChange.Added);

    [JsonIgnore]
    public int ExclusionsRemoved => Exclusions.Count(e => e.Change == ItemChange.Removed);

    [JsonIgnore]
    public int ExclusionsReworded => Exclusions.Count(e => e.Change == ItemChange.Changed);

    /// <summary>More time the vendor may leave out of the count: an exclusion or a maintenance window added, or a window made longer.</summary>
    [JsonIgnore]
    public bool WidensExclusions => ExclusionsAdded > 0 || MaintenanceWindows.Any(m => m.Effect is ChangeEffect.Weakened or ChangeEffect.Mixed);

    /// <summary>An objective weakened on a vendor rated critical: the governance board decides such a change.</summary>
    [JsonIgnore]
    public bool WeakensCriticalVendor => VendorRiskTier == RiskTier.Critical && ObjectivesWeakened > 0;

    /// <summary>Only contacts, owner, cost centre, title or category change.</summary>
    [JsonIgnore]
    public bool IsAdministrativeOnly => Administrative.Count > 0 && !ChangesSubstance;

    [JsonIgnore]
    public bool ChangesAnything => Administrative.Count > 0 || ChangesSubstance;

    private bool ChangesSubstance =>
        Objectives.Any(o => o.Change != ItemChange.Unchanged) || Exclusions.Count > 0 || MaintenanceWindows.Count > 0 || Credits.IsChanged
        || Fees.IsChanged || Term.Count > 0 || AuditRights.Count > 0 || Exit.Count > 0 || Clauses.Count > 0 || Other.Count > 0;
}
