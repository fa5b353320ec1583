using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Tests;
using CreditScheme = SlaGovernance.Domain.Agreements.CreditScheme;
using CreditTier = SlaGovernance.Domain.Agreements.CreditTier;
using Exclusion = SlaGovernance.Domain.Agreements.Exclusion;
using ExclusionType = SlaGovernance.Domain.Agreements.ExclusionType;
using MissingDataPolicy = SlaGovernance.Domain.Agreements.MissingDataPolicy;

namespace SlaGovernance.Domain.Tests.Changes;

/// <summary>
/// The hosting sample throughout: 12,500 EUR a month, two objectives (portal availability 99.9 %, service desk response 95 % with
/// P1 15 / P2 60 / P3 480 minutes), tiers 5 % below 99.9, 10 % below 99.5, 25 % below 99, a 30 % cap. The agreement's tiers all lie
/// above the service desk's 95 %, so here it has its own: 5 % below 95, 10 % below 90, 25 % below 85. Its largest monthly credit is
/// both objectives at 25 % = 50 %, capped at 30 %: 30 % × 12,500 = 3,750 EUR.
/// </summary>
public sealed class ChangeImpactTests
{
    private static readonly AgreementContent Before = WithSlo(AgreementSamples.Hosting().WithObjectiveKeys(), 1,
        desk => desk with { CreditTiers = [new CreditTier(95m, 5m), new CreditTier(90m, 10m), new CreditTier(85m, 25m)] });

    private const string Portal = "customer-portal/availability/gold";
    private const string Desk = "service-desk/response-time";

    private static AgreementContent WithSlo(AgreementContent content, int index, Func<ServiceLevelObjective, ServiceLevelObjective> change)
    {
        var slos = content.Slos.ToList();
        slos[index] = change(slos[index]);
        return content with { Slos = slos };
    }

    private static ChangeImpact ImpactOf(AgreementContent after, RiskTier? risk = RiskTier.Medium) => ChangeImpact.Between(Before, after, risk);

    private static ObjectiveImpact Objective(ChangeImpact impact, string key) => Assert.Single(impact.Objectives, o => o.Key == key);

    [Fact]
    public void The_same_content_changes_nothing_and_lists_every_objective_as_unchanged()
    {
        var impact = ImpactOf(Before);

        Assert.False(impact.ChangesAnything);
        Assert.Equal([Portal, Desk], impact.Objectives.Select(o => o.Key));
        Assert.All(impact.Objectives, o => Assert.Equal((ItemChange.Unchanged, ChangeEffect.Unchanged), (o.Change, o.Effect)));
        Assert.Empty(impact.Exclusions);
        Assert.False(impact.Credits.IsChanged);
        Assert.Equal(new Money(3_750m, "EUR"), impact.Credits.LargestMonthlyCreditBefore);
        Assert.Equal(new Money(3_750m, "EUR"), impact.Credits.LargestMonthlyCreditAfter);
        Assert.Equal("No change", impact.Summary());
    }

    [Fact]
    public void A_lower_availability_target_weakens_the_objective()
    {
        var impact = ImpactOf(WithSlo(Before, 0, s => s with { Target = 99.5m }));

        var portal = Objective(impact, Portal);
        Assert.Equal((ItemChange.Changed, ChangeEffect.Weakened, ChangeEffect.Weakened), (portal.Change, portal.Effect, portal.TargetEffect));
        Assert.Equal((99.9m, 99.5m), (portal.TargetBefore, portal.TargetAfter));
        Assert.Equal([new TermChange("target", "99.9%", "99.5%", ChangeEffect.Weakened)], portal.Target);
        Assert.Equal(ItemChange.Unchanged, Objective(impact, Desk).Change);
        Assert.Equal(1, impact.ObjectivesWeakened);
        Assert.Equal("1 objective weakened", impact.Summary());
    }

    [Fact]
    public void More_minutes_for_a_priority_weaken_a_response_time_objective_and_fewer_strengthen_it()
    {
        var slower = Objective(ImpactOf(WithSlo(Before, 1, s => s with
        {
            PriorityTargets = [new PriorityTarget("P1", 30), new PriorityTarget("P2", 60), new PriorityTarget("P3", 480)],
        })), Desk);
        var faster = Objective(ImpactOf(WithSlo(Before, 1, s => s with
        {
            PriorityTargets = [new PriorityTarget("P1", 10), new PriorityTarget("P2", 60), new PriorityTarget("P3", 480)],
        })), Desk);

        Assert.Equal([new TermChange("P1 response time", "15 min", "30 min", ChangeEffect.Weakened)], slower.Target);
        Assert.Equal(ChangeEffect.Weakened, slower.Effect);
        Assert.Equal([new TermChange("P1 response time", "15 min", "10 min", ChangeEffect.Strengthened)], faster.Target);
        Assert.Equal(ChangeEffect.Strengthened, faster.Effect);
    }

    [Fact]
    public void A_higher_target_with_a_slower_priority_is_both_strengthened_and_weakened_and_counts_as_each()
    {
        var impact = ImpactOf(WithSlo(Before, 1, s => s with
        {
            Target = 97m,
            PriorityTargets = [new PriorityTarget("P1", 15), new PriorityTarget("P2", 90), new PriorityTarget("P3", 480)],
        }));

        var desk = Objective(impact, Desk);
        Assert.Equal(ChangeEffect.Mixed, desk.Effect);
        Assert.Equal(
            [new TermChange("target", "95%", "97%", ChangeEffect.Strengthened), new TermChange("P2 response time", "60 min", "90 min", ChangeEffect.Weakened)],
            desk.Target);
        Assert.Equal((1, 1), (impact.ObjectivesWeakened, impact.ObjectivesStrengthened));
        Assert.Equal("1 objective both weakened and strengthened", impact.Summary());
    }

    [Fact]
    public void A_priority_dropped_weakens_and_a_priority_added_strengthens_matched_by_name_whatever_the_case()
    {
        var desk = Objective(ImpactOf(WithSlo(Before, 1, s => s with
        {
            PriorityTargets = [new PriorityTarget("p1", 15), new PriorityTarget("P2", 60), new PriorityTarget("P4", 960)],
        })), Desk);

        Assert.Equal(
            [new TermChange("P4 response time", null, "960 min", ChangeEffect.Strengthened), new TermChange("P3 response time", "480 min", null, ChangeEffect.Weakened)],
            desk.Target);
        Assert.Equal(ChangeEffect.Mixed, desk.Effect);
    }

    [Fact]
    public void Business_hours_only_weakens_an_objective_while_a_new_window_or_data_source_only_changes_it()
    {
        var impact = ImpactOf(WithSlo(WithSlo(Before, 0, s => s with { BusinessHoursOnly = true }), 1, s => s with
        {
            Window = WindowKind.RollingDays,
            RollingDays = 30,
            Measurement = s.Measurement with { DataSource = "ServiceNow API" },
        }));

        var portal = Objective(impact, Portal);
        Assert.Equal(new TermChange("hours", "24x7", "business hours", ChangeEffect.Weakened), portal.Hours);
        Assert.Equal((ChangeEffect.Weakened, ChangeEffect.Unchanged), (portal.Effect, portal.TargetEffect));
        var desk = Objective(impact, Desk);
        Assert.Equal(new TermChange("window", "calendar month", "rolling 30 days", ChangeEffect.Changed), desk.Window);
        Assert.Equal([new TermChange("data source", "Ticketing system export", "ServiceNow API", ChangeEffect.Changed)], desk.Measurement);
        Assert.Equal((ItemChange.Changed, ChangeEffect.Changed), (desk.Change, desk.Effect));
        Assert.Equal("1 objective weakened, 1 objective re-measured or renamed", impact.Summary());
    }

    [Fact]
    public void Missing_data_counted_as_unknown_instead_of_down_weakens_the_objective()
    {
        var desk = Objective(ImpactOf(WithSlo(Before, 1, s => s with { MissingData = MissingDataPolicy.ExcludedAsUnknown })), Desk);

        Assert.Equal([new TermChange("missing data", "counted as down", "excluded as unknown", ChangeEffect.Weakened)], desk.Measurement);
        Assert.Equal(ChangeEffect.Weakened, desk.Effect);
    }

    [Fact]
    public void A_lower_throughput_floor_or_a_longer_interval_weakens_and_a_higher_csat_minimum_strengthens()
    {
        var throughput = new ServiceLevelObjective("Order API", MetricKind.Throughput, 99m, WindowKind.CalendarMonth, null, false, null,
            new Measurement("Gateway logs", MeasurementMode.Passive, null, 60), MissingDataPolicy.ExcludedAsUnknown, ThroughputFloor: 1_000m, IntervalMinutes: 5,
            Key: "order-api/throughput");
        var csat = new ServiceLevelObjective("Service desk", MetricKind.Csat, 90m, WindowKind.Quarter, null, false, null,
            new Measurement("Survey", MeasurementMode.Passive, null, 86_400), MissingDataPolicy.ExcludedAsUnknown, CsatMinimumScore: 4m, Key: "service-desk/csat");
        var before = Before with { Slos = [throughput, csat] };
        var after = before with { Slos = [throughput with { ThroughputFloor = 800m, IntervalMinutes = 10 }, csat with { CsatMinimumScore = 4.5m }] };

        var impact = ChangeImpact.Between(before, after, RiskTier.Low);

        Assert.Equal(
            [new TermChange("throughput floor", "1000", "800", ChangeEffect.Weakened), new TermChange("throughput interval", "5 min", "10 min", ChangeEffect.Weakened)],
            Objective(impact, "order-api/throughput").Target);
        Assert.Equal([new TermChange("CSAT minimum score", "4", "4.5", ChangeEffect.Strengthened)], Objective(impact, "service-desk/csat").Target);
    }

    [Fact]
    public void Objectives_are_matched_by_key_so_a_renamed_service_is_a_change_and_not_a_removal_and_an_addition()
    {
        var impact = ImpactOf(WithSlo(Before, 0, s => s with { Service = "Customer web portal" }));

        var portal = Objective(impact, Portal);
        Assert.Equal(ItemChange.Changed, portal.Change);
        Assert.Equal([new TermChange("service", "Customer portal", "Customer web portal", ChangeEffect.Changed)], portal.Other);
        Assert.Equal((0, 0), (impact.ObjectivesAdded, impact.ObjectivesRemoved));
    }

    [Fact]
    public void A_proposal_without_keys_is_keyed_as_stored_content_is_so_its_objectives_still_match()
    {
        var unkeyed = AgreementSamples.Hosting();
        var after = WithSlo(unkeyed, 0, s => s with { Target = 99.95m });

        var impact = ImpactOf(after);

        Assert.Equal([Portal, Desk], impact.Objectives.Select(o => o.Key));
        Assert.Equal(ChangeEffect.Strengthened, Objective(impact, Portal).Effect);
    }

    [Fact]
    public void An_objective_added_and_one_removed_are_listed_with_their_targets_after_the_kept_ones()
    {
        var api = Before.Slos[0] with { Service = "Public API", Segment = null, Target = 99.5m, Key = null };
        var impact = ImpactOf(Before with { Slos = [api, Before.Slos[0]] });

        Assert.Equal(
            [("public-api/availability", ItemChange.Added, null, 99.5m), (Portal, ItemChange.Unchanged, 99.9m, 99.9m), (Desk, ItemChange.Removed, 95m, null)],
            impact.Objectives.Select(o => (o.Key, o.Change, o.TargetBefore, o.TargetAfter)));
        Assert.Equal((1, 1), (impact.ObjectivesAdded, impact.ObjectivesRemoved));
        var added = Objective(impact, "public-api/availability");
        Assert.Equal([new TermChange("target", null, "99.5%", ChangeEffect.Strengthened)], added.Target);
        Assert.Equal(new TermChange("window", null, "calendar month", ChangeEffect.Changed), added.Window);
        Assert.Equal(new TermChange("hours", null, "24x7", ChangeEffect.Strengthened), added.Hours);
        Assert.Equal(["data source", "measurement mode", "precision", "measured every", "missing data"], added.Measurement.Select(t => t.Term));
        Assert.Equal(
        [
            new TermChange("target", "95%", null, ChangeEffect.Weakened),
            new TermChange("P1 response time", "15 min", null, ChangeEffect.Weakened),
            new TermChange("P2 response time", "60 min", null, ChangeEffect.Weakened),
            new TermChange("P3 response time", "480 min", null, ChangeEffect.Weakened),
        ], Objective(impact, Desk).Target);
        // Still two objectives, both at 25 % at worst: 50 %, capped at 30 % of 12,500 = 3,750 EUR.
        Assert.Equal(new Money(3_750m, "EUR"), impact.Credits.LargestMonthlyCreditAfter);
        Assert.StartsWith("1 objective removed, 1 objective added", impact.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_an_objective_lowers_the_largest_credit_when_the_cap_does_not_bind()
    {
        var before = Before with { Credits = Before.Credits with { MonthlyCapPercent = 100m } };
        var after = before with { Slos = [before.Slos[0]] };

        var credits = ChangeImpact.Between(before, after, RiskTier.Low).Credits;

        // Two objectives at 25 %: 50 % × 12,500 = 6,250 EUR; one: 25 % × 12,500 = 3,125 EUR, half of it cut.
        Assert.Equal(new Money(6_250m, "EUR"), credits.LargestMonthlyCreditBefore);
        Assert.Equal(new Money(3_125m, "EUR"), credits.LargestMonthlyCreditAfter);
        Assert.Equal(50m, credits.LargestMonthlyCreditCutPercent);
    }

    [Fact]
    public void Exclusions_added_reworded_retyped_and_removed_are_told_apart()
    {
        var maintenance = Before.Exclusions![0];
        var forceMajeure = Before.Exclusions[1];
        var after = Before with
        {
            Exclusions =
            [
                maintenance with { ClauseText = "Maintenance announced two business days ahead is excluded." },
                new Exclusion(ExclusionType.ThirdParty, "Outages of the customer's own internet provider are excluded."),
            ],
        };

        var impact = ImpactOf(after);

        Assert.Equal(
        [
            new ExclusionImpact(ItemChange.Changed, ExclusionType.ScheduledMaintenance, null, maintenance.ClauseText,
                "Maintenance announced two business days ahead is excluded.", ChangeEffect.Changed),
            new ExclusionImpact(ItemChange.Added, ExclusionType.ThirdParty, null, null, "Outages of the customer's own internet provider are excluded.",
                ChangeEffect.Weakened),
            new ExclusionImpact(ItemChange.Removed, ExclusionType.ForceMajeure, null, forceMajeure.ClauseText, null, ChangeEffect.Strengthened),
        ], impact.Exclusions);
        Assert.True(impact.WidensExclusions);
        Assert.Equal("1 exclusion added, 1 exclusion reworded, 1 exclusion removed", impact.Summary());

        var retyped = ImpactOf(Before with { Exclusions = [maintenance, forceMajeure with { Type = ExclusionType.Other }] });
        Assert.Equal(
            [new ExclusionImpact(ItemChange.Changed, ExclusionType.Other, ExclusionType.ForceMajeure, forceMajeure.ClauseText, forceMajeure.ClauseText, ChangeEffect.Changed)],
            retyped.Exclusions);
        Assert.Empty(ImpactOf(Before with { Exclusions = [forceMajeure, maintenance] }).Exclusions);
    }

    [Fact]
    public void A_longer_or_added_maintenance_window_widens_the_exclusions_and_a_shorter_one_narrows_them()
    {
        var longer = ImpactOf(Before with
        {
            MaintenanceWindows = [new MaintenanceWindow(DayOfWeek.Sunday, new TimeOnly(2, 0), 240), new MaintenanceWindow(DayOfWeek.Wednesday, new TimeOnly(23, 0), 60)],
        });
        var shorter = ImpactOf(Before with { MaintenanceWindows = [new MaintenanceWindow(DayOfWeek.Sunday, new TimeOnly(2, 0), 60)] });

        Assert.Equal(
        [
            new MaintenanceImpact(ItemChange.Changed, "Sunday 02:00 for 120 min", "Sunday 02:00 for 240 min", ChangeEffect.Weakened),
            new MaintenanceImpact(ItemChange.Added, null, "Wednesday 23:00 for 60 min", ChangeEffect.Weakened),
        ], longer.MaintenanceWindows);
        Assert.True(longer.WidensExclusions);
        Assert.Equal("2 maintenance windows weakened", longer.Summary());
        Assert.Equal(ChangeEffect.Strengthened, Assert.Single(shorter.MaintenanceWindows).Effect);
        Assert.False(shorter.WidensExclusions);
    }

    [Fact]
    public void A_lower_cap_cuts_the_largest_monthly_credit_in_the_agreements_currency()
    {
        var impact = ImpactOf(Before with { Credits = Before.Credits with { MonthlyCapPercent = 20m } });

        // 50 % earned at worst; capped at 30 %: 3,750 EUR, at 20 %: 20 % × 12,500 = 2,500 EUR, a third less.
        Assert.Equal(new Money(3_750m, "EUR"), impact.Credits.LargestMonthlyCreditBefore);
        Assert.Equal(new Money(2_500m, "EUR"), impact.Credits.LargestMonthlyCreditAfter);
        Assert.Equal(33.33m, decimal.Round(impact.Credits.LargestMonthlyCreditCutPercent, 2));
        Assert.Equal((ChangeEffect.Unchanged, ChangeEffect.Weakened), (impact.Credits.TiersEffect, impact.Credits.Effect));
        Assert.Equal("Largest monthly credit 3,750 → 2,500 EUR", impact.Summary());
    }

    [Fact]
    public void A_milder_top_tier_weakens_the_scheme_even_where_the_cap_keeps_the_largest_credit()
    {
        var tiers = new[] { new CreditTier(99.9m, 5m), new CreditTier(99.5m, 10m), new CreditTier(99m, 20m) };
        var capped = ImpactOf(Before with { Credits = Before.Credits with { Tiers = tiers } });
        var uncapped = ChangeImpact.Between(Before with { Credits = Before.Credits with { MonthlyCapPercent = 100m } },
            Before with { Credits = new CreditScheme(tiers, 100m, ExcludedTimeTreatment.CountsAsAvailable) }, RiskTier.Low);

        // 20 % + 25 % = 45 %, still above the 30 % cap: 3,750 EUR both ways.
        Assert.Equal(ChangeEffect.Weakened, capped.Credits.TiersEffect);
        Assert.Equal(capped.Credits.LargestMonthlyCreditBefore, capped.Credits.LargestMonthlyCreditAfter);
        Assert.True(capped.Credits.IsChanged);
        Assert.Equal("Credit scheme weakened", capped.Summary());
        // Without a binding cap: 2 × 25 % = 50 % of 12,500 = 6,250 EUR before; after, the portal's 20 % and the service desk's own
        // 25 % = 45 % = 5,625 EUR, a cut of 10 %.
        Assert.Equal(new Money(6_250m, "EUR"), uncapped.Credits.LargestMonthlyCreditBefore);
        Assert.Equal(new Money(5_625m, "EUR"), uncapped.Credits.LargestMonthlyCreditAfter);
        Assert.Equal(10m, uncapped.Credits.LargestMonthlyCreditCutPercent);
    }

    [Fact]
    public void Tiers_are_compared_as_the_credit_each_attainment_earns()
    {
        ChangeEffect Effect(params CreditTier[] tiers) => ImpactOf(Before with { Credits = Before.Credits with { Tiers = tiers } }).Credits.TiersEffect;

        // A first tier from 99.95 % instead of 99.9 %: attainment in [99.9, 99.95) now earns 5 %, nothing else moves.
        Assert.Equal(ChangeEffect.Strengthened, Effect(new(99.95m, 5m), new(99.5m, 10m), new(99m, 25m)));
        // The same, but the second tier credits 8 %: [99.5, 99.9) earns less.
        Assert.Equal(ChangeEffect.Mixed, Effect(new(99.95m, 5m), new(99.5m, 8m), new(99m, 25m)));
        // Dropping the mildest tier: [99.5, 99.9) earns nothing instead of 5 %.
        Assert.Equal(ChangeEffect.Weakened, Effect(new(99.5m, 10m), new(99m, 25m)));
        Assert.Equal(ChangeEffect.Weakened, Effect());
    }

    [Fact]
    public void Counting_excluded_time_as_available_weakens_the_scheme()
    {
        var before = Before with { Credits = Before.Credits with { ExcludedTime = ExcludedTimeTreatment.RemovedFromPeriod } };

        Assert.Equal(ChangeEffect.Weakened, ChangeImpact.Between(before, Before, RiskTier.Low).Credits.Effect);
        Assert.Equal(ChangeEffect.Strengthened, ChangeImpact.Between(Before, before, RiskTier.Low).Credits.Effect);
    }

    [Fact]
    public void A_fee_rise_is_shown_in_the_currency_with_its_percentage_and_moves_the_largest_credit_with_it()
    {
        var impact = ImpactOf(Before with { MonthlyFee = 13_750m, AnnualValue = 165_000m });

        Assert.Equal(10m, impact.Fees.MonthlyFeeChangePercent);
        Assert.Equal((150_000m, 165_000m), (impact.Fees.AnnualValueBefore, impact.Fees.AnnualValueAfter));
        // 30 % of 13,750 = 4,125 EUR.
        Assert.Equal(new Money(4_125m, "EUR"), impact.Credits.LargestMonthlyCreditAfter);
        Assert.Equal("Largest monthly credit 3,750 → 4,125 EUR, monthly fee 12,500 → 13,750 EUR", impact.Summary());
    }

    [Fact]
    public void A_new_currency_names_both_currencies_and_no_percentage()
    {
        var impact = ImpactOf(Before with { Currency = "GBP", MonthlyFee = 11_000m });

        Assert.Null(impact.Fees.MonthlyFeeChangePercent);
        Assert.Equal(0m, impact.Credits.LargestMonthlyCreditCutPercent);
        // 30 % of 11,000 = 3,300 GBP.
        Assert.Equal("Largest monthly credit 3,750 EUR → 3,300 GBP, monthly fee 12,500 EUR → 11,000 GBP", impact.Summary());
    }

    [Fact]
    public void Term_notice_and_renewal_changes_are_listed_with_before_and_after()
    {
        var impact = ImpactOf(Before with
        {
            TermEnd = new DateOnly(2030, 12, 31),
            Renewal = new RenewalTerms(AutoRenew: false, new Period(6, PeriodUnit.Months), null),
        });

        Assert.Equal(
        [
            new TermChange("term end", "2029-12-31", "2030-12-31", ChangeEffect.Changed),
            new TermChange("automatic renewal", "yes", "no", ChangeEffect.Changed),
            new TermChange("notice period", "3 months", "6 months", ChangeEffect.Changed),
            new TermChange("renewal term", "12 months", null, ChangeEffect.Changed),
        ], impact.Term);
        Assert.Equal("Term end, automatic renewal, notice period, renewal term changed", impact.Summary());
    }

    [Fact]
    public void Longer_audit_notice_and_no_raw_data_weaken_the_audit_rights_and_their_removal_is_listed_whole()
    {
        var weaker = ImpactOf(Before with { AuditRights = Before.AuditRights! with { NoticeDays = 60, RawDataAccess = false } });
        var removed = ImpactOf(Before with { AuditRights = null });

        Assert.Equal(
            [new TermChange("audit notice", "30 days", "60 days", ChangeEffect.Weakened), new TermChange("raw data access", "yes", "no", ChangeEffect.Weakened)],
            weaker.AuditRights);
        Assert.Equal("Audit rights weakened", weaker.Summary());
        var whole = Assert.Single(removed.AuditRights);
        Assert.Equal(("audit rights", null, ChangeEffect.Weakened), (whole.Term, whole.After, whole.Effect));
        Assert.Equal("Annually, 30 days' notice, scope: Performance data, incident records and sub-processors, raw data access: yes", whole.Before);
    }

    [Fact]
    public void Exit_terms_weigh_formats_dropped_against_longer_assistance()
    {
        var impact = ImpactOf(Before with { Exit = new ExitTerms(["CSV", "PostgreSQL dump"], 120, DeletionCertificate: true) });

        Assert.Equal(
        [
            new TermChange("exit data formats", "CSV, JSON, PostgreSQL dump", "CSV, PostgreSQL dump", ChangeEffect.Weakened),
            new TermChange("transition assistance", "90 days", "120 days", ChangeEffect.Strengthened),
        ], impact.Exit);
        Assert.Equal("Exit terms strengthened and weakened", impact.Summary());
    }

    [Fact]
    public void Clause_text_that_changed_is_listed_by_category_with_both_texts()
    {
        var library = Guid.Parse("0b6f1f5e-4a38-4c51-9a55-9d2f3f2f0c01");
        var before = Before with
        {
            Clauses = [new ClauseUse("Liability", library, 1, null), new ClauseUse("Data protection", null, null, "Personal data stays in the EU.")],
        };
        var after = before with
        {
            Clauses = [new ClauseUse("Liability", library, 2, null), new ClauseUse("Data protection", null, null, "Personal data stays in the EEA.")],
        };

        var impact = ChangeImpact.Between(before, after, RiskTier.Low);

        Assert.Equal(
        [
            new ClauseImpact(ItemChange.Changed, "Liability", $"Library clause {library}, version 1", $"Library clause {library}, version 2", false, false),
            new ClauseImpact(ItemChange.Changed, "Data protection", "Personal data stays in the EU.", "Personal data stays in the EEA.", true, true),
        ], impact.Clauses);
        Assert.Equal("2 clauses changed", impact.Summary());
    }

    [Fact]
    public void Rendered_clauses_are_compared_as_they_read()
    {
        var library = Guid.Parse("0b6f1f5e-4a38-4c51-9a55-9d2f3f2f0c01");
        var before = Before with { Clauses = [new ClauseUse("Liability", library, 1, null)] };
        var after = before with { Clauses = [new ClauseUse("Liability", library, 2, null)], TermEnd = new DateOnly(2030, 12, 31) };
        RenderedClause[] Reading(AgreementContent content, string text) => [new RenderedClause(content.Clauses![0], "Liability", text)];

        var sameWords = ChangeImpact.Between(before, after, RiskTier.Low, Reading(before, "Liability ends with the term."), Reading(after, "Liability ends with the term."));
        var newDate = ChangeImpact.Between(before, after, RiskTier.Low,
            Reading(before, "Liability ends on 31 December 2029."), Reading(after, "Liability ends on 31 December 2030."));

        Assert.Empty(sameWords.Clauses);
        Assert.Equal(
            [new ClauseImpact(ItemChange.Changed, "Liability", "Liability ends on 31 December 2029.", "Liability ends on 31 December 2030.", false, false)],
            newDate.Clauses);
    }

    [Fact]
    public void Owner_cost_centre_and_escalation_contacts_are_administrative_while_escalation_timing_is_not()
    {
        var escalation = Before.Escalation!.ToList();
        escalation[1] = escalation[1] with { Contact = "Vendor delivery manager" };
        var administrative = ImpactOf(Before with { Owner = "procurement-lead", CostCentre = "IT-OPS-43", Escalation = escalation });
        escalation[2] = escalation[2] with { AfterMinutes = 480 };
        var later = ImpactOf(Before with { Escalation = escalation });

        Assert.True(administrative.IsAdministrativeOnly);
        Assert.Equal(
        [
            new TermChange("owner", "drafter", "procurement-lead", ChangeEffect.Changed),
            new TermChange("cost centre", "IT-OPS-42", "IT-OPS-43", ChangeEffect.Changed),
            new TermChange("escalation level 2 contact", "Vendor service manager", "Vendor delivery manager", ChangeEffect.Changed),
        ], administrative.Administrative);
        Assert.Equal("Owner, cost centre, escalation level 2 contact changed", administrative.Summary());
        Assert.False(later.IsAdministrativeOnly);
        Assert.Equal([new TermChange("escalation level 3", "GovernanceBoard after 240 min", "GovernanceBoard after 480 min", ChangeEffect.Changed)], later.Other);
    }

    [Fact]
    public void The_line_for_inbox_rows_puts_weakening_first_and_names_the_largest_credit_in_the_currency()
    {
        var after = WithSlo(WithSlo(Before, 0, s => s with { Target = 99.5m }), 1, s => s with { Target = 90m }) with
        {
            Exclusions = [.. Before.Exclusions!, new Exclusion(ExclusionType.ThirdParty, "Outages of public cloud regions are excluded.")],
            Credits = Before.Credits with { MonthlyCapPercent = 20m },
        };

        Assert.Equal("2 objectives weakened, 1 exclusion added, largest monthly credit 3,750 → 2,500 EUR", ImpactOf(after).Summary());
    }

    [Fact]
    public void The_stored_json_names_enums_and_reads_back_to_the_same_impact()
    {
        var after = WithSlo(Before, 0, s => s with { Target = 99.5m, BusinessHoursOnly = true }) with
        {
            Exclusions = [.. Before.Exclusions!, new Exclusion(ExclusionType.ThirdParty, "Outages of public cloud regions are excluded.")],
            Credits = Before.Credits with { MonthlyCapPercent = 20m },
            AuditRights = null,
            Owner = "procurement-lead",
        };
        var impact = ImpactOf(after, RiskTier.Critical);

        var json = impact.ToJson();
        var read = ChangeImpact.FromJson(json);

        Assert.Contains("\"vendorRiskTier\":\"Critical\"", json, StringComparison.Ordinal);
        Assert.Contains("\"effect\":\"Weakened\"", json, StringComparison.Ordinal);
        Assert.Contains("\"change\":\"Added\"", json, StringComparison.Ordinal);
        Assert.Contains("\"largestMonthlyCreditAfter\":{\"amount\":2500", json, StringComparison.Ordinal);
        Assert.DoesNotContain("objectivesWeakened", json, StringComparison.Ordinal);
        Assert.Equal(json, read.ToJson());
        Assert.Equal(impact.Summary(), read.Summary());
        Assert.True(read.WeakensCriticalVendor);
        Assert.Equal(new Money(2_500m, "EUR"), read.Credits.LargestMonthlyCreditAfter);
    }

    public static TheoryData<string> SingleEdits() => [.. Edits.Keys];

    private static readonly Dictionary<string, Func<AgreementContent, AgreementContent>> Edits = new()
    {
        ["title"] = c => c with { Title = "Managed hosting SLA (2027)" },
        ["kind"] = c => c with { Kind = AgreementKind.Ola },
        ["vendor"] = c => c with { VendorId = Guid.Parse("11111111-2222-3333-4444-555555555555") },
        ["internal provider"] = c => c with { InternalProvider = "Platform team" },
        ["category"] = c => c with { Category = "Cloud" },
        ["owner"] = c => c with { Owner = "someone-else" },
        ["term start"] = c => c with { TermStart = new DateOnly(2027, 2, 1) },
        ["renewal"] = c => c with { Renewal = c.Renewal with { RenewalTerm = new Period(24, PeriodUnit.Months) } },
        ["monthly fee"] = c => c with { MonthlyFee = 12_600m },
        ["annual value"] = c => c with { AnnualValue = 151_200m },
        ["currency"] = c => c with { Currency = "CHF" },
        ["cost centre"] = c => c with { CostCentre = null },
        ["time zone"] = c => c with { TimeZone = "Europe/Paris" },
        ["business calendar"] = c => c with { BusinessCalendarId = Guid.Parse("66666666-7777-8888-9999-000000000000") },
        ["precision"] = c => WithSlo(c, 0, s => s with { Measurement = s.Measurement with { Precision = "1 second" } }),
        ["segment"] = c => WithSlo(c, 0, s => s with { Segment = "Platinum" }),
        ["measurement mode"] = c => WithSlo(c, 1, s => s with { Measurement = s.Measurement with { Mode = MeasurementMode.Active } }),
        ["measured every"] = c => WithSlo(c, 0, s => s with { Measurement = s.Measurement with { FrequencySeconds = 30 } }),
        ["excluded time"] = c => c with { Credits = c.Credits with { ExcludedTime = ExcludedTimeTreatment.RemovedFromPeriod } },
        ["maintenance start"] = c => c with { MaintenanceWindows = [new MaintenanceWindow(DayOfWeek.Sunday, new TimeOnly(3, 0), 120)] },
        ["escalation level added"] = c => c with { Escalation = [.. c.Escalation!, new EscalationLevel(4, "CIO", 480)] },
        ["assumption"] = c => c with { Assumptions = ["Up to 25,000 portal users."] },
        ["audit frequency"] = c => c with { AuditRights = c.AuditRights! with { Frequency = "Twice a year" } },
        ["audit scope"] = c => c with { AuditRights = c.AuditRights! with { Scope = "Performance data" } },
        ["deletion certificate"] = c => c with { Exit = c.Exit! with { DeletionCertificate = false } },
        ["clause added"] = c => c with { Clauses = [new ClauseUse("Liability", null, null, "Liability is capped at the annual value.")] },
    };

    [Theory]
    [MemberData(nameof(SingleEdits))]
    public void Every_field_that_changes_the_content_shows_in_the_impact(string edit)
    {
        var after = Edits[edit](Before);
        Assert.NotEmpty(AgreementChanges.Between(Before, after));

        var impact = ImpactOf(after);

        Assert.True(impact.ChangesAnything, $"Changing the {edit} changed nothing in the impact.");
        Assert.NotEqual("No change", impact.Summary());
    }
}
