using System.Globalization;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Audits;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>
/// The agreement as the editor posts it: plain fields, and one list of rows per repeating part, bound as Input.Slos[0].Service and so on.
/// A row left blank is dropped on save, so an added row that was never filled in does not block the draft.
/// </summary>
public sealed class AgreementForm
{
    public string? Title { get; set; }
    public AgreementKind Kind { get; set; } = AgreementKind.VendorSla;
    public Guid? VendorId { get; set; }
    public string? InternalProvider { get; set; }
    public string? Category { get; set; }
    public string? Owner { get; set; }
    public DateOnly TermStart { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow.Date.AddMonths(1));
    public DateOnly TermEnd { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow.Date.AddMonths(1).AddYears(2).AddDays(-1));
    public bool AutoRenew { get; set; }
    public int NoticeAmount { get; set; } = 3;
    public PeriodUnit NoticeUnit { get; set; } = PeriodUnit.Months;
    public int? RenewalMonths { get; set; } = 12;
    public decimal MonthlyFee { get; set; }
    public string Currency { get; set; } = "EUR";
    public decimal AnnualValue { get; set; }
    public string? CostCentre { get; set; }
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>The business calendar business-hours objectives are measured in; none means the organisation's default.</summary>
    public Guid? BusinessCalendarId { get; set; }

    public List<SloRow> Slos { get; set; } = [];
    public List<CreditTierRow> Tiers { get; set; } = [];
    public decimal? CapPercent { get; set; }
    public ExcludedTimeTreatment ExcludedTime { get; set; } = ExcludedTimeTreatment.CountsAsAvailable;
    public List<ExclusionRow> Exclusions { get; set; } = [];
    public List<MaintenanceWindowRow> MaintenanceWindows { get; set; } = [];
    public List<EscalationRow> Escalation { get; set; } = [];
    public string? Assumptions { get; set; }
    public AuditRightsFields Audit { get; set; } = new();
    public ExitFields Exit { get; set; } = new();
    public ErrorBudgetPolicyFields BudgetPolicy { get; set; } = new();

    /// <summary>Business days the month-end close waits for late data; empty for the default (5).</summary>
    public int? CloseGraceBusinessDays { get; set; }

    /// <summary>A credit is forgiven when this many following periods are all met; empty for no earn-back.</summary>
    public int? EarnBackPeriods { get; set; }
    public List<ClauseRow> Clauses { get; set; } = [];

    /// <summary>The repeating parts, by the name the Add and Remove buttons post.</summary>
    public static readonly IReadOnlyList<string> Sections = ["slos", "tiers", "exclusions", "maintenanceWindows", "escalation", "clauses"];

    /// <summary>A new draft starts with one objective and one credit tier to fill in.</summary>
    public static AgreementForm Blank(string? owner) => new() { Owner = owner, Slos = [SloRow.Blank()], Tiers = [new CreditTierRow()] };

    public static AgreementForm From(AgreementContent c) => new()
    {
        Title = c.Title, Kind = c.Kind, VendorId = c.VendorId, InternalProvider = c.InternalProvider, Category = c.Category, Owner = c.Owner,
        TermStart = c.TermStart, TermEnd = c.TermEnd, AutoRenew = c.Renewal.AutoRenew, NoticeAmount = c.Renewal.NoticePeriod.Amount,
        NoticeUnit = c.Renewal.NoticePeriod.Unit, RenewalMonths = c.Renewal.RenewalTerm?.Unit == PeriodUnit.Months ? c.Renewal.RenewalTerm.Amount : null,
        MonthlyFee = c.MonthlyFee, Currency = c.Currency, AnnualValue = c.AnnualValue, CostCentre = c.CostCentre, TimeZone = c.TimeZone, BusinessCalendarId = c.BusinessCalendarId,
        Slos = (c.Slos ?? []).Select(SloRow.From).ToList(),
        Tiers = (c.Credits?.Tiers ?? []).Select(t => new CreditTierRow { BelowAttainment = t.BelowAttainment, CreditPercent = t.CreditPercent }).ToList(),
        CapPercent = c.Credits?.MonthlyCapPercent,
        ExcludedTime = c.Credits?.ExcludedTime ?? ExcludedTimeTreatment.CountsAsAvailable,
        Exclusions = (c.Exclusions ?? []).Select(e => new ExclusionRow { Type = e.Type, ClauseText = e.ClauseText }).ToList(),
        MaintenanceWindows = (c.MaintenanceWindows ?? []).Select(w => new MaintenanceWindowRow { Day = w.Day, Start = w.Start, DurationMinutes = w.DurationMinutes }).ToList(),
        Escalation = (c.Escalation ?? []).Select(e => new EscalationRow { Level = e.Level, Contact = e.Contact, AfterMinutes = e.AfterMinutes }).ToList(),
        Assumptions = string.Join("\n", c.Assumptions ?? []),
        Audit = c.AuditRights is { } a
            ? new AuditRightsFields
            {
                Frequency = a.Frequency, FrequencyMonths = a.FrequencyMonths, NoticeDays = a.NoticeDays, Scope = a.Scope, RawDataAccess = a.RawDataAccess,
            }
            : new AuditRightsFields(),
        Exit = c.Exit is { } x
            ? new ExitFields { DataFormats = string.Join(", ", x.DataFormats), TransitionDays = x.TransitionAssistanceDays, DeletionCertificate = x.DeletionCertificate }
            : new ExitFields(),
        BudgetPolicy = ErrorBudgetPolicyFields.From(c.ErrorBudgetPolicy),
        CloseGraceBusinessDays = c.CloseGraceBusinessDays,
        EarnBackPeriods = c.EarnBack?.Periods,
        Clauses = (c.Clauses ?? []).Select(u => new ClauseRow
        {
            Category = u.Category, LibraryClauseId = u.LibraryClauseId, LibraryVersion = u.LibraryVersion, Text = u.Text,
        }).ToList(),
    };

    /// <summary>Drops the rows left blank, so that the indexes of the domain's field paths (slos[1].target) are the indexes of the rows shown.</summary>
    public void DropBlankRows()
    {
        Slos.RemoveAll(r => r.IsBlank);
        Tiers.RemoveAll(r => r.IsBlank);
        Exclusions.RemoveAll(r => r.IsBlank);
        MaintenanceWindows.RemoveAll(r => r.IsBlank);
        Escalation.RemoveAll(r => r.IsBlank);
        Clauses.RemoveAll(r => r.IsBlank);
    }

    public void AddRow(string section)
    {
        switch (section)
        {
            case "slos": Slos.Add(SloRow.Blank()); break;
            case "tiers": Tiers.Add(new CreditTierRow()); break;
            case "exclusions": Exclusions.Add(new ExclusionRow()); break;
            case "maintenanceWindows": MaintenanceWindows.Add(new MaintenanceWindowRow()); break;
            case "escalation": Escalation.Add(new EscalationRow { Level = Escalation.Count + 1 }); break;
            case "clauses": Clauses.Add(new ClauseRow()); break;
        }
    }

    public void RemoveRow(string section, int index)
    {
        static void Remove<T>(List<T> rows, int i)
        {
            if (i >= 0 && i < rows.Count)
                rows.RemoveAt(i);
        }
        switch (section)
        {
            case "slos": Remove(Slos, index); break;
            case "tiers": Remove(Tiers, index); break;
            case "exclusions": Remove(Exclusions, index); break;
            case "maintenanceWindows": Remove(MaintenanceWindows, index); break;
            case "escalation": Remove(Escalation, index); break;
            case "clauses": Remove(Clauses, index); break;
        }
    }

    /// <summary>A library clause picked without a version takes the latest published one, as the list shows it.</summary>
    public async Task UseLatestClauseVersionsAsync(SlaGovernance.Data.Clauses.ClauseStore clauses, CancellationToken cancellationToken)
    {
        var unversioned = Clauses.Where(c => c.LibraryClauseId is not null && c.LibraryVersion is null).ToList();
        if (unversioned.Count == 0)
            return;
        var latest = (await clauses.ListAsync(null, cancellationToken)).ToDictionary(c => c.Id, c => c.LatestVersion);
        foreach (var clause in unversioned)
            clause.LibraryVersion = latest.TryGetValue(clause.LibraryClauseId!.Value, out var version) && version > 0 ? version : null;
    }

    /// <summary>The content the rows say; call <see cref="DropBlankRows"/> first so that messages land on the rows shown.</summary>
    public AgreementContent ToContent() => new(Title ?? "", Kind, VendorId, InternalProvider, Category, Owner, TermStart, TermEnd,
        new RenewalTerms(AutoRenew, new Period(NoticeAmount, NoticeUnit), RenewalMonths is { } months ? new Period(months, PeriodUnit.Months) : null),
        MonthlyFee, (Currency ?? "").Trim().ToUpperInvariant(), AnnualValue, CostCentre, (TimeZone ?? "").Trim(), BusinessCalendarId,
        Slos.Select(r => r.ToSlo()).ToList(),
        new CreditScheme(Tiers.Select(t => new CreditTier(t.BelowAttainment ?? 0, t.CreditPercent ?? 0)).ToList(), CapPercent ?? 0, ExcludedTime),
        Exclusions.Select(e => new Exclusion(e.Type, e.ClauseText?.Trim() ?? "")).ToList(),
        MaintenanceWindows.Select(w => new MaintenanceWindow(w.Day, w.Start ?? TimeOnly.MinValue, w.DurationMinutes ?? 0)).ToList(),
        Escalation.Select(e => new EscalationLevel(e.Level ?? 0, e.Contact?.Trim() ?? "", e.AfterMinutes ?? 0)).ToList(),
        (Assumptions ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList(),
        Audit.ToAuditRights(), Exit.ToExitTerms(),
        Clauses.Select(c => c.ToClauseUse()).ToList(), BudgetPolicy.ToPolicy(), CloseGraceBusinessDays,
        EarnBackPeriods is { } periods ? new EarnBack(periods) : null);

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed class SloRow
{
    /// <summary>Kept in a hidden field, so an objective keeps its key across saves and versions; empty for a new row.</summary>
    public string? Key { get; set; }
    public string? Service { get; set; }
    public MetricKind Metric { get; set; } = MetricKind.Availability;
    public decimal? Target { get; set; }
    public WindowKind Window { get; set; } = WindowKind.CalendarMonth;
    public int? RollingDays { get; set; }
    public bool BusinessHoursOnly { get; set; }
    public string? Segment { get; set; }
    public string? DataSource { get; set; }
    public MeasurementMode Mode { get; set; } = MeasurementMode.Active;
    public string? Precision { get; set; }
    public int? FrequencySeconds { get; set; }
    public MissingDataPolicy MissingData { get; set; } = MissingDataPolicy.ExcludedAsUnknown;

    /// <summary>For response and resolution times, written as "P1=15, P2=60" (minutes).</summary>
    public string? PriorityTargets { get; set; }
    public decimal? ThroughputFloor { get; set; }
    public int? IntervalMinutes { get; set; }
    public decimal? CsatMinimumScore { get; set; }

    /// <summary>The objective's own credit tiers, written as "99=5, 95=10" (below 99 % attainment, 5 % of the fee); empty for the agreement's.</summary>
    public string? CreditTiers { get; set; }

    /// <summary>The measurement frequency is filled in for new rows, so it alone does not make a row filled.</summary>
    public bool IsBlank => AgreementForm.Clean(Service) is null && Target is null && RollingDays is null && AgreementForm.Clean(Segment) is null
        && AgreementForm.Clean(DataSource) is null && AgreementForm.Clean(Precision) is null && AgreementForm.Clean(PriorityTargets) is null
        && ThroughputFloor is null && IntervalMinutes is null && CsatMinimumScore is null && AgreementForm.Clean(CreditTiers) is null;

    public static SloRow Blank() => new() { FrequencySeconds = 60 };

    public static SloRow From(ServiceLevelObjective s) => new()
    {
        Service = s.Service, Metric = s.Metric, Target = s.Target, Window = s.Window, RollingDays = s.RollingDays, BusinessHoursOnly = s.BusinessHoursOnly,
        Segment = s.Segment, DataSource = s.Measurement?.DataSource, Mode = s.Measurement?.Mode ?? MeasurementMode.Active,
        Precision = s.Measurement?.Precision, FrequencySeconds = s.Measurement?.FrequencySeconds, MissingData = s.MissingData,
        PriorityTargets = s.PriorityTargets is { Count: > 0 } p ? string.Join(", ", p.Select(t => $"{t.Priority}={t.Minutes}")) : null,
        ThroughputFloor = s.ThroughputFloor, IntervalMinutes = s.IntervalMinutes, CsatMinimumScore = s.CsatMinimumScore, Key = s.Key,
        CreditTiers = s.CreditTiers is { Count: > 0 } tiers
            ? string.Join(", ", tiers.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.BelowAttainment}={t.CreditPercent}")))
            : null,
    };

    /// <summary>The objective, keeping only the fields its metric and window use: a row switched from one metric to another keeps no stale targets.</summary>
    public ServiceLevelObjective ToSlo() => new(Service?.Trim() ?? "", Metric, Target ?? 0, Window,
        Window == WindowKind.RollingDays ? RollingDays : null, BusinessHoursOnly, AgreementForm.Clean(Segment),
        new Measurement(DataSource?.Trim() ?? "", Mode, AgreementForm.Clean(Precision), FrequencySeconds ?? 0), MissingData,
        Metric is MetricKind.ResponseTime or MetricKind.ResolutionTime ? ParsePriorityTargets(PriorityTargets) : null,
        Metric == MetricKind.Throughput ? ThroughputFloor : null, Metric == MetricKind.Throughput ? IntervalMinutes : null,
        Metric == MetricKind.Csat ? CsatMinimumScore : null, AgreementForm.Clean(Key), ParseCreditTiers(CreditTiers));

    /// <summary>"99=5, 95=10" as tiers; an entry that is not two numbers gets zeros, which the rules refuse with a message.</summary>
    public static IReadOnlyList<CreditTier>? ParseCreditTiers(string? text)
    {
        var entries = (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
            return null;
        static decimal Number(string part) =>
            decimal.TryParse(part.TrimEnd('%', ' '), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : 0m;
        return entries.Select(entry => entry.Split('=', 2, StringSplitOptions.TrimEntries) is [var below, var credit]
            ? new CreditTier(Number(below), Number(credit))
            : new CreditTier(0m, 0m)).ToList();
    }

    /// <summary>"P1=15, P2=60" as priority targets; an entry without a whole number of minutes gets zero, which the rules refuse with a message.</summary>
    public static IReadOnlyList<PriorityTarget>? ParsePriorityTargets(string? text)
    {
        var entries = (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
            return null;
        return entries.Select(entry =>
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            var minutes = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : 0;
            return new PriorityTarget(parts[0], minutes);
        }).ToList();
    }
}

public sealed class CreditTierRow
{
    public decimal? BelowAttainment { get; set; }
    public decimal? CreditPercent { get; set; }

    public bool IsBlank => BelowAttainment is null && CreditPercent is null;
}

public sealed class ExclusionRow
{
    public ExclusionType Type { get; set; } = ExclusionType.ScheduledMaintenance;
    public string? ClauseText { get; set; }

    public bool IsBlank => AgreementForm.Clean(ClauseText) is null;
}

public sealed class MaintenanceWindowRow
{
    public DayOfWeek Day { get; set; } = DayOfWeek.Sunday;
    public TimeOnly? Start { get; set; }
    public int? DurationMinutes { get; set; }

    public bool IsBlank => Start is null && DurationMinutes is null;
}

public sealed class EscalationRow
{
    public int? Level { get; set; }
    public string? Contact { get; set; }
    public int? AfterMinutes { get; set; }

    /// <summary>The level number is filled in for new rows, so it alone does not make a row filled.</summary>
    public bool IsBlank => AgreementForm.Clean(Contact) is null && AfterMinutes is null;
}

public sealed class ClauseRow
{
    public string? Category { get; set; }
    public Guid? LibraryClauseId { get; set; }
    public int? LibraryVersion { get; set; }
    public string? Text { get; set; }

    public bool IsBlank => AgreementForm.Clean(Category) is null && LibraryClauseId is null && LibraryVersion is null && AgreementForm.Clean(Text) is null;

    public ClauseUse ToClauseUse() => new(Category?.Trim() ?? "", LibraryClauseId, LibraryClauseId is null ? null : LibraryVersion, AgreementForm.Clean(Text));
}

public sealed class AuditRightsFields
{
    public string? Frequency { get; set; }

    /// <summary>
    /// The typed period that schedules audits; the editor asks for it whenever audit rights are given. Left empty, the text's plain
    /// meaning ("annually") stands in, else 0, which is refused with the field's error.
    /// </summary>
    public int? FrequencyMonths { get; set; }

    public int? NoticeDays { get; set; }
    public string? Scope { get; set; }
    public bool RawDataAccess { get; set; }

    /// <summary>No audit rights when every field is left empty.</summary>
    public AuditRights? ToAuditRights() =>
        AgreementForm.Clean(Frequency) is null && FrequencyMonths is null && NoticeDays is null && AgreementForm.Clean(Scope) is null && !RawDataAccess
            ? null
            : new AuditRights(Frequency?.Trim() ?? "", NoticeDays ?? 0, Scope?.Trim() ?? "", RawDataAccess,
                FrequencyMonths ?? AuditFrequency.MonthsFromText(Frequency) ?? 0);
}

public sealed class ExitFields
{
    /// <summary>Comma-separated, e.g. "CSV, JSON".</summary>
    public string? DataFormats { get; set; }
    public int? TransitionDays { get; set; }
    public bool DeletionCertificate { get; set; }

    /// <summary>No exit terms when every field is left empty.</summary>
    public ExitTerms? ToExitTerms()
    {
        var formats = (DataFormats ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return formats.Length == 0 && TransitionDays is null && !DeletionCertificate
            ? null
            : new ExitTerms(formats, TransitionDays ?? 0, DeletionCertificate);
    }
}

public sealed class ErrorBudgetPolicyFields
{
    /// <summary>The share of the budget left (percent) that triggers the policy; empty or 0 means when it is exhausted.</summary>
    public decimal? TriggerRemainingPercent { get; set; }
    public bool FreezeChanges { get; set; }
    public bool NotifyBoard { get; set; }
    public bool RequireBreachReview { get; set; }

    public static ErrorBudgetPolicyFields From(ErrorBudgetPolicy? policy) => policy is null ? new() : new()
    {
        TriggerRemainingPercent = policy.TriggerRemainingPercent, FreezeChanges = policy.FreezeChanges, NotifyBoard = policy.NotifyBoard,
        RequireBreachReview = policy.RequireBreachReview,
    };

    /// <summary>No policy when nothing is ticked and no trigger is given.</summary>
    public ErrorBudgetPolicy? ToPolicy() =>
        TriggerRemainingPercent is null && !FreezeChanges && !NotifyBoard && !RequireBreachReview
            ? null
            : new ErrorBudgetPolicy(TriggerRemainingPercent ?? 0, FreezeChanges, NotifyBoard, RequireBreachReview);
}
