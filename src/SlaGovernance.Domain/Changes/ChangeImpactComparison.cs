using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Domain.Wording;
using static SlaGovernance.Domain.Changes.ImpactWords;
using AgreementCreditTier = SlaGovernance.Domain.Agreements.CreditTier;
using AgreementMissingData = SlaGovernance.Domain.Agreements.MissingDataPolicy;
using ComplianceCreditScheme = SlaGovernance.Domain.Compliance.CreditScheme;
using ComplianceCreditTier = SlaGovernance.Domain.Compliance.CreditTier;
using Exclusion = SlaGovernance.Domain.Agreements.Exclusion;

namespace SlaGovernance.Domain.Changes;

public sealed partial record ChangeImpact
{
    /// <summary>
    /// The impact of replacing <paramref name="before"/> (the governing version) with <paramref name="after"/> (the proposed one); both
    /// are expected to pass <see cref="AgreementRules"/>. Clauses are compared as rendered when the rendered lists are given (so a
    /// library clause whose placeholders now read differently shows as changed), else by their library version or own text.
    /// </summary>
    public static ChangeImpact Between(
        AgreementContent before,
        AgreementContent after,
        RiskTier? vendorRiskTier,
        IReadOnlyList<RenderedClause>? clausesBefore = null,
        IReadOnlyList<RenderedClause>? clausesAfter = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        before = before.WithObjectiveKeys();
        after = after.WithObjectiveKeys();
        return new ChangeImpact(
            vendorRiskTier,
            CompareObjectives(before.Slos ?? [], after.Slos ?? []),
            CompareExclusions(before.Exclusions ?? [], after.Exclusions ?? []),
            CompareMaintenance(before.MaintenanceWindows ?? [], after.MaintenanceWindows ?? []),
            CompareCredits(before, after),
            new FeeImpact(before.MonthlyFee, after.MonthlyFee, before.AnnualValue, after.AnnualValue, before.Currency, after.Currency),
            CompareTerm(before, after),
            CompareAuditRights(before.AuditRights, after.AuditRights),
            CompareExit(before.Exit, after.Exit),
            CompareClauses(clausesBefore ?? AsWritten(before), clausesAfter ?? AsWritten(after)),
            CompareAdministrative(before, after),
            CompareOther(before, after));
    }

    private static List<ObjectiveImpact> CompareObjectives(IReadOnlyList<ServiceLevelObjective> before, IReadOnlyList<ServiceLevelObjective> after) =>
        [.. Pairing.Match(before, after, (b, a) => string.Equals(b.Key, a.Key, StringComparison.Ordinal)).Select(pair => CompareObjective(pair.Before, pair.After))];

    /// <summary>One objective across the versions; an objective added or removed lists its terms against nothing, with the effect of the whole.</summary>
    private static ObjectiveImpact CompareObjective(ServiceLevelObjective? b, ServiceLevelObjective? a)
    {
        ChangeEffect? whole = b is null ? ChangeEffect.Strengthened : a is null ? ChangeEffect.Weakened : null;
        ChangeEffect Way(ChangeEffect effect) => whole ?? effect;
        var slo = (a ?? b)!;

        var target = new TermChanges();
        target.Add("target", Percent(b?.Target), Percent(a?.Target), Way(Direction(b?.Target, a?.Target, higherIsStronger: true)));
        var time = slo.Metric switch { MetricKind.ResponseTime => "response time", MetricKind.ResolutionTime => "resolution time", _ => "time" };
        foreach (var (was, now) in Pairing.Match(b?.PriorityTargets ?? [], a?.PriorityTargets ?? [],
            (x, y) => string.Equals(x.Priority.Trim(), y.Priority.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            var priority = (now ?? was)!.Priority.Trim();
            target.Add($"{priority} {time}", Minutes(was?.Minutes), Minutes(now?.Minutes),
                was is null ? ChangeEffect.Strengthened : now is null ? ChangeEffect.Weakened : Direction(was.Minutes, now.Minutes, higherIsStronger: false));
        }
        target.Add("throughput floor", Number(b?.ThroughputFloor), Number(a?.ThroughputFloor),
            Way(Direction(b?.ThroughputFloor, a?.ThroughputFloor, higherIsStronger: true)));
        // The floor is counted per interval, so the same floor over a longer interval asks for less.
        target.Add("throughput interval", Minutes(b?.IntervalMinutes), Minutes(a?.IntervalMinutes),
            Way(Direction(b?.IntervalMinutes, a?.IntervalMinutes, higherIsStronger: false)));
        target.Add("CSAT minimum score", Number(b?.CsatMinimumScore), Number(a?.CsatMinimumScore),
            Way(Direction(b?.CsatMinimumScore, a?.CsatMinimumScore, higherIsStronger: true)));

        var window = WindowOf(b) == WindowOf(a) ? null : new TermChange("window", WindowOf(b), WindowOf(a), ChangeEffect.Changed);
        var hours = HoursOf(b) == HoursOf(a) ? null
            : new TermChange("hours", HoursOf(b), HoursOf(a), whole ?? (a!.BusinessHoursOnly ? ChangeEffect.Weakened : ChangeEffect.Strengthened));

        var measurement = new TermChanges();
        measurement.Add("data source", b?.Measurement?.DataSource, a?.Measurement?.DataSource);
        measurement.Add("measurement mode", Lower(b?.Measurement?.Mode.Label()), Lower(a?.Measurement?.Mode.Label()));
        measurement.Add("precision", b?.Measurement?.Precision, a?.Measurement?.Precision);
        measurement.Add("measured every", Seconds(b?.Measurement?.FrequencySeconds), Seconds(a?.Measurement?.FrequencySeconds));
        measurement.Add("missing data", Lower(b?.MissingData.Label()), Lower(a?.MissingData.Label()),
            Way(Direction(Strictness(b?.MissingData), Strictness(a?.MissingData), higherIsStronger: true)));

        var other = new TermChanges();
        if (b is not null && a is not null)
        {
            other.Add("service", b.Service, a.Service);
            other.Add("metric", Lower(b.Metric.Label()), Lower(a.Metric.Label()));
            other.Add("segment", b.Segment, a.Segment);
            other.Add("credit tiers", TiersOf(b), TiersOf(a));
        }

        var all = target.Items.Concat(measurement.Items).Concat(other.Items).Append(window).Append(hours).OfType<TermChange>().ToList();
        var change = b is null ? ItemChange.Added : a is null ? ItemChange.Removed : all.Count == 0 ? ItemChange.Unchanged : ItemChange.Changed;
        return new ObjectiveImpact(slo.Key!, slo.Service, slo.Metric, slo.Segment, change, whole ?? Combine(all.Select(t => t.Effect)),
            whole ?? Combine(target.Items.Select(t => t.Effect)), b?.Target, a?.Target, target.Items, window, hours, measurement.Items, other.Items);
    }

    private static string? WindowOf(ServiceLevelObjective? slo) => slo is null ? null
        : slo.Window == WindowKind.RollingDays ? $"rolling {slo.RollingDays} days" : Lower(slo.Window.Label());

    private static string? HoursOf(ServiceLevelObjective? slo) => slo is null ? null : slo.BusinessHoursOnly ? "business hours" : "24x7";

    /// <summary>Missing data counted as down holds the vendor to the most; counted as up, to the least.</summary>
    private static int? Strictness(AgreementMissingData? policy) => policy switch
    {
        null => null,
        AgreementMissingData.CountedAsDown => 2,
        AgreementMissingData.ExcludedAsUnknown => 1,
        _ => 0,
    };

    private static List<ExclusionImpact> CompareExclusions(IReadOnlyList<Exclusion> before, IReadOnlyList<Exclusion> after) =>
        [.. Pairing.Match(before, after,
                (b, a) => b.Type == a.Type && b.ClauseText == a.ClauseText,
                (b, a) => b.ClauseText == a.ClauseText,
                (b, a) => b.Type == a.Type)
            .Where(pair => pair.Before != pair.After)
            .Select(pair => pair switch
            {
                (null, { } added) => new ExclusionImpact(ItemChange.Added, added.Type, null, null, added.ClauseText, ChangeEffect.Weakened),
                ({ } removed, null) => new ExclusionImpact(ItemChange.Removed, removed.Type, null, removed.ClauseText, null, ChangeEffect.Strengthened),
                _ => new ExclusionImpact(ItemChange.Changed, pair.After!.Type, pair.Before!.Type == pair.After.Type ? null : pair.Before.Type,
                    pair.Before.ClauseText, pair.After.ClauseText, ChangeEffect.Changed),
            })];

    private static List<MaintenanceImpact> CompareMaintenance(IReadOnlyList<MaintenanceWindow> before, IReadOnlyList<MaintenanceWindow> after) =>
        [.. Pairing.Match(before, after, (b, a) => b == a, (b, a) => b.Day == a.Day && b.Start == a.Start, (b, a) => b.Day == a.Day)
            .Where(pair => pair.Before != pair.After)
            .Select(pair => pair switch
            {
                (null, { } added) => new MaintenanceImpact(ItemChange.Added, null, Describe(added), ChangeEffect.Weakened),
                ({ } removed, null) => new MaintenanceImpact(ItemChange.Removed, Describe(removed), null, ChangeEffect.Strengthened),
                _ => new MaintenanceImpact(ItemChange.Changed, Describe(pair.Before!), Describe(pair.After!),
                    pair.Before!.DurationMinutes == pair.After!.DurationMinutes
                        ? ChangeEffect.Changed
                        : Direction(pair.Before.DurationMinutes, pair.After.DurationMinutes, higherIsStronger: false)),
            })];

    /// <summary>An objective's own credit tiers as text, or that it follows the agreement's.</summary>
    private static string TiersOf(ServiceLevelObjective slo) => slo.CreditTiers is { Count: > 0 } own
        ? string.Join(", ", own.Select(t => $"below {Percent(t.BelowAttainment)} {Percent(t.CreditPercent)} credit"))
        : "the agreement's";

    private static string Describe(MaintenanceWindow window) =>
        $"{window.Day.Label()} {window.Start:HH\\:mm} for {Minutes(window.DurationMinutes)}";

    private static CreditImpact CompareCredits(AgreementContent before, AgreementContent after)
    {
        var (tiersBefore, tiersAfter) = (before.Credits.Tiers ?? [], after.Credits.Tiers ?? []);
        var (schemeBefore, schemeAfter) = (Scheme(tiersBefore), Scheme(tiersAfter));
        var tiersEffect = CompareCreditCurves(schemeBefore, schemeAfter, tiersBefore.Concat(tiersAfter).Select(t => t.BelowAttainment));
        if (tiersEffect == ChangeEffect.Unchanged && !tiersBefore.SequenceEqual(tiersAfter))
            tiersEffect = ChangeEffect.Changed;
        var capEffect = Direction(before.Credits.MonthlyCapPercent, after.Credits.MonthlyCapPercent, higherIsStronger: true);
        // Excluded time counted as available raises attainment, so the vendor meets the target more easily.
        var excludedEffect = before.Credits.ExcludedTime == after.Credits.ExcludedTime ? ChangeEffect.Unchanged
            : after.Credits.ExcludedTime == ExcludedTimeTreatment.CountsAsAvailable ? ChangeEffect.Weakened : ChangeEffect.Strengthened;
        return new CreditImpact(tiersBefore, tiersAfter, before.Credits.MonthlyCapPercent, after.Credits.MonthlyCapPercent,
            before.Credits.ExcludedTime, after.Credits.ExcludedTime, LargestMonthlyCredit(before), LargestMonthlyCredit(after),
            tiersEffect, Combine([tiersEffect, capEffect, excludedEffect]));
    }

    /// <summary>As compliance evaluates it: no tiers, or tiers that do not form a scheme, credit nothing.</summary>
    private static ComplianceCreditScheme? Scheme(IReadOnlyList<AgreementCreditTier> tiers) =>
        tiers.Count == 0 ? null : ComplianceCreditScheme.Create(tiers.Select(t => new ComplianceCreditTier(t.BelowAttainment, t.CreditPercent))).Scheme;

    /// <summary>
    /// Compares the credit each attainment earns under either scheme. The credit only steps at a threshold, so the attainments
    /// to try are zero and every threshold of either scheme: each stands for the stretch from it up to the next one.
    /// </summary>
    private static ChangeEffect CompareCreditCurves(ComplianceCreditScheme? before, ComplianceCreditScheme? after, IEnumerable<decimal> thresholds) =>
        Combine(thresholds.Prepend(0m).Distinct().Select(attainment =>
            Direction(before?.CreditPercentFor(attainment) ?? 0m, after?.CreditPercentFor(attainment) ?? 0m, higherIsStronger: true)));

    /// <summary>The most one month can credit: every objective at zero attainment, so at the most severe tier it earns by, limited by the cap.</summary>
    private static Money LargestMonthlyCredit(AgreementContent content)
    {
        var results = (content.Slos ?? []).Select(slo => SloResult.ForRatio(new SloTarget(100m, Scheme(slo.TiersUnder(content.Credits))), 0m));
        return MonthlyCredit.Calculate(new Money(content.MonthlyFee, content.Currency), content.Credits.MonthlyCapPercent, results).Amount;
    }

    private static List<TermChange> CompareTerm(AgreementContent before, AgreementContent after)
    {
        var term = new TermChanges();
        term.Add("term start", Date(before.TermStart), Date(after.TermStart));
        term.Add("term end", Date(before.TermEnd), Date(after.TermEnd));
        term.Add("automatic renewal", YesNo(before.Renewal?.AutoRenew), YesNo(after.Renewal?.AutoRenew));
        term.Add("notice period", before.Renewal?.NoticePeriod?.ToString(), after.Renewal?.NoticePeriod?.ToString());
        term.Add("renewal term", before.Renewal?.RenewalTerm?.ToString(), after.Renewal?.RenewalTerm?.ToString());
        return term.Items;
    }

    private static List<TermChange> CompareAuditRights(AuditRights? before, AuditRights? after)
    {
        var audit = new TermChanges();
        if (before is null || after is null)
        {
            audit.Add("audit rights", Describe(before), Describe(after), after is null ? ChangeEffect.Weakened : ChangeEffect.Strengthened);
            return audit.Items;
        }
        audit.Add("audit frequency", before.Frequency, after.Frequency);
        audit.Add("audit period", before.Months is { } was ? Audits.AuditFrequency.Words(was) : null, after.Months is { } now ? Audits.AuditFrequency.Words(now) : null);
        audit.Add("audit notice", Days(before.NoticeDays), Days(after.NoticeDays), Direction(before.NoticeDays, after.NoticeDays, higherIsStronger: false));
        audit.Add("audit scope", before.Scope, after.Scope);
        audit.Add("raw data access", YesNo(before.RawDataAccess), YesNo(after.RawDataAccess), after.RawDataAccess ? ChangeEffect.Strengthened : ChangeEffect.Weakened);
        return audit.Items;
    }

    private static string? Describe(AuditRights? audit) => audit is null ? null
        : $"{audit.Described}, {Days(audit.NoticeDays)}' notice, scope: {audit.Scope}, raw data access: {YesNo(audit.RawDataAccess)}";

    private static List<TermChange> CompareExit(ExitTerms? before, ExitTerms? after)
    {
        var exit = new TermChanges();
        if (before is null || after is null)
        {
            exit.Add("exit terms", Describe(before), Describe(after), after is null ? ChangeEffect.Weakened : ChangeEffect.Strengthened);
            return exit.Items;
        }
        var (formatsBefore, formatsAfter) = (before.DataFormats ?? [], after.DataFormats ?? []);
        var added = formatsAfter.Except(formatsBefore, StringComparer.OrdinalIgnoreCase).Any();
        var dropped = formatsBefore.Except(formatsAfter, StringComparer.OrdinalIgnoreCase).Any();
        exit.Add("exit data formats", string.Join(", ", formatsBefore), string.Join(", ", formatsAfter),
            Combine([added ? ChangeEffect.Strengthened : ChangeEffect.Unchanged, dropped ? ChangeEffect.Weakened : ChangeEffect.Changed]));
        exit.Add("transition assistance", Days(before.TransitionAssistanceDays), Days(after.TransitionAssistanceDays),
            Direction(before.TransitionAssistanceDays, after.TransitionAssistanceDays, higherIsStronger: true));
        exit.Add("deletion certificate", YesNo(before.DeletionCertificate), YesNo(after.DeletionCertificate),
            after.DeletionCertificate ? ChangeEffect.Strengthened : ChangeEffect.Weakened);
        return exit.Items;
    }

    private static string? Describe(ExitTerms? exit) => exit is null ? null
        : $"data as {string.Join(", ", exit.DataFormats ?? [])}, {Days(exit.TransitionAssistanceDays)} of transition assistance, deletion certificate: {YesNo(exit.DeletionCertificate)}";

    /// <summary>Clauses as the content writes them: a non-standard clause's own text, a library clause by its id and version.</summary>
    private static List<RenderedClause> AsWritten(AgreementContent content) =>
        [.. (content.Clauses ?? []).Select(use => new RenderedClause(use, null,
            use.IsNonStandard ? use.Text ?? "" : $"Library clause {use.LibraryClauseId}, version {use.LibraryVersion}"))];

    private static List<ClauseImpact> CompareClauses(IReadOnlyList<RenderedClause> before, IReadOnlyList<RenderedClause> after) =>
        [.. Pairing.Match(before, after,
                (b, a) => SameCategory(b, a) && b.Text == a.Text && b.IsNonStandard == a.IsNonStandard,
                SameCategory)
            .Where(pair => pair.Before is null || pair.After is null || pair.Before.Text != pair.After.Text || pair.Before.IsNonStandard != pair.After.IsNonStandard)
            .Select(pair => new ClauseImpact(
                pair switch { (null, _) => ItemChange.Added, (_, null) => ItemChange.Removed, _ => ItemChange.Changed },
                (pair.After ?? pair.Before)!.Use.Category, pair.Before?.Text, pair.After?.Text,
                pair.Before?.IsNonStandard ?? false, pair.After?.IsNonStandard ?? false))];

    private static bool SameCategory(RenderedClause b, RenderedClause a) =>
        string.Equals(b.Use.Category?.Trim(), a.Use.Category?.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Who and what the agreement is filed under, and whom to call: nothing the vendor promises.</summary>
    private static List<TermChange> CompareAdministrative(AgreementContent before, AgreementContent after)
    {
        var administrative = new TermChanges();
        administrative.Add("title", before.Title, after.Title);
        administrative.Add("category", before.Category, after.Category);
        administrative.Add("owner", before.Owner, after.Owner);
        administrative.Add("cost centre", before.CostCentre, after.CostCentre);
        foreach (var (was, now) in EscalationPairs(before, after))
        {
            if (was is not null && now is not null && was.AfterMinutes == now.AfterMinutes)
                administrative.Add($"escalation level {now.Level} contact", was.Contact, now.Contact);
        }
        return administrative.Items;
    }

    private static List<TermChange> CompareOther(AgreementContent before, AgreementContent after)
    {
        var other = new TermChanges();
        other.Add("kind", Lower(before.Kind.Label()), Lower(after.Kind.Label()));
        other.Add("vendor", before.VendorId?.ToString(), after.VendorId?.ToString());
        other.Add("internal provider", before.InternalProvider, after.InternalProvider);
        other.Add("time zone", before.TimeZone, after.TimeZone);
        other.Add("business calendar", before.BusinessCalendarId?.ToString() ?? "the organisation's default",
            after.BusinessCalendarId?.ToString() ?? "the organisation's default");
        foreach (var (was, now) in EscalationPairs(before, after))
        {
            if (was is null || now is null || was.AfterMinutes != now.AfterMinutes)
                other.Add($"escalation level {(now ?? was)!.Level}", Describe(was), Describe(now));
        }
        other.Add("error-budget policy", Describe(before.ErrorBudgetPolicy), Describe(after.ErrorBudgetPolicy));
        other.Add("month-end close grace period", BusinessDays(before.EffectiveCloseGraceBusinessDays), BusinessDays(after.EffectiveCloseGraceBusinessDays));
        // An earn-back lets the vendor keep credits it owed, so adding one or shortening it favours the vendor.
        other.Add("earn-back", Describe(before.EarnBack), Describe(after.EarnBack),
            Direction(before.EarnBack?.Periods ?? int.MaxValue, after.EarnBack?.Periods ?? int.MaxValue, higherIsStronger: true));
        var (assumedBefore, assumedAfter) = (before.Assumptions ?? [], after.Assumptions ?? []);
        foreach (var dropped in assumedBefore.Except(assumedAfter, StringComparer.Ordinal))
            other.Add("assumptions", dropped, null);
        foreach (var added in assumedAfter.Except(assumedBefore, StringComparer.Ordinal))
            other.Add("assumptions", null, added);
        return other.Items;
    }

    private static List<(EscalationLevel? Before, EscalationLevel? After)> EscalationPairs(AgreementContent before, AgreementContent after) =>
        Pairing.Match(before.Escalation ?? [], after.Escalation ?? [], (b, a) => b == a, (b, a) => b.Level == a.Level)
            .Where(pair => pair.Before != pair.After).ToList();

    private static string? Describe(ErrorBudgetPolicy? policy) => policy is null ? null
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"at {policy.TriggerRemainingPercent:0.#} % of the budget left: ") + string.Join(", ",
            new[] { policy.FreezeChanges ? "freeze changes" : null, policy.NotifyBoard ? "tell the board" : null, policy.RequireBreachReview ? "breach review" : null }
                .Where(a => a is not null));

    private static string BusinessDays(int days) => $"{days} business day{(days == 1 ? "" : "s")}";

    private static string? Describe(EarnBack? earnBack) => earnBack is null ? null
        : $"a credit is forgiven when the next {earnBack.Periods} period{(earnBack.Periods == 1 ? " is" : "s are")} all met";

    private static string? Describe(EscalationLevel? level) => level is null ? null : $"{level.Contact} after {Minutes(level.AfterMinutes)}";
}
