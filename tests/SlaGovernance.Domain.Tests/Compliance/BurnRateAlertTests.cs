using NodaTime;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Tests;
using static SlaGovernance.Domain.Tests.Compliance.Time;
using Exclusion = SlaGovernance.Domain.Compliance.Exclusion;
using ExclusionType = SlaGovernance.Domain.Compliance.ExclusionType;
using MissingDataPolicy = SlaGovernance.Domain.Compliance.MissingDataPolicy;

namespace SlaGovernance.Domain.Tests.Compliance;

/// <summary>
/// Multiwindow burn-rate alerts at their edges. A 99.9 % target allows 0.1 % of the time down, so the page-1h alert (14.4x over
/// 1 h and over 5 min) fires above 51.84 s down in the hour (3,600 s x 0.001 x 14.4) and above 4.32 s in the last 5 minutes.
/// </summary>
public sealed class BurnRateAlertTests
{
    private static readonly Instant At = Utc(2026, 6, 15, 12);
    private static readonly Interval June = new(Utc(2026, 6, 1), Utc(2026, 7, 1));
    private static readonly AvailabilitySlo Slo = new(Target(99.9m), ServiceWindow.AlwaysOn);
    private static readonly BurnRateAlert PageOneHour = BurnRateAlert.Workbook[0];

    private static Interval Before(Instant end, double seconds) => new(end - Duration.FromMilliseconds((long)(seconds * 1000)), end);

    private static DowntimeTimeline Outages(params Interval[] outages) => DowntimeTimeline.FromOutages(Slo, June, outages, []);

    [Fact]
    public void The_workbook_windows_are_the_defaults()
    {
        Assert.Equal(["page-1h 60 5 14.4", "page-6h 360 30 6", "ticket-3d 4320 360 1"],
            BurnRateAlert.Workbook.Select(a => $"{a.Name} {a.LongWindow.TotalMinutes} {a.ShortWindow.TotalMinutes} {a.Factor}"));
    }

    [Fact]
    public void A_long_window_exactly_at_the_factor_does_not_fire_and_just_above_it_does()
    {
        var atThreshold = Outages(Before(At, 51.84));
        Assert.Equal(14.4m, atThreshold.BurnRate(At, PageOneHour.LongWindow));
        Assert.Equal(172.8m, atThreshold.BurnRate(At, PageOneHour.ShortWindow));
        Assert.False(PageOneHour.Fires(atThreshold.BurnRate(At, PageOneHour.LongWindow), atThreshold.BurnRate(At, PageOneHour.ShortWindow)));

        var above = Outages(Before(At, 51.85));
        Assert.True(above.BurnRate(At, PageOneHour.LongWindow) > 14.4m);
        Assert.True(PageOneHour.Fires(above.BurnRate(At, PageOneHour.LongWindow), above.BurnRate(At, PageOneHour.ShortWindow)));
    }

    [Fact]
    public void A_short_window_exactly_at_the_factor_neither_fires_nor_resolves_and_below_it_resolves()
    {
        // Half an hour down that ended ten minutes ago keeps the long window far above 14.4x; the short window decides.
        var earlier = new Interval(At - Duration.FromMinutes(40), At - Duration.FromMinutes(10));
        var atThreshold = Outages(earlier, Before(At, 4.32));
        Assert.Equal(14.4m, atThreshold.BurnRate(At, PageOneHour.ShortWindow));
        Assert.False(PageOneHour.Fires(atThreshold.BurnRate(At, PageOneHour.LongWindow), atThreshold.BurnRate(At, PageOneHour.ShortWindow)));
        Assert.False(PageOneHour.Resolves(atThreshold.BurnRate(At, PageOneHour.ShortWindow)));

        var above = Outages(earlier, Before(At, 4.33));
        Assert.True(PageOneHour.Fires(above.BurnRate(At, PageOneHour.LongWindow), above.BurnRate(At, PageOneHour.ShortWindow)));

        var below = Outages(earlier, Before(At, 4.31));
        Assert.True(PageOneHour.Resolves(below.BurnRate(At, PageOneHour.ShortWindow)));
        Assert.False(PageOneHour.Fires(below.BurnRate(At, PageOneHour.LongWindow), below.BurnRate(At, PageOneHour.ShortWindow)));
    }

    [Fact]
    public void A_window_without_data_neither_fires_nor_resolves()
    {
        Assert.False(PageOneHour.Fires(null, 100m));
        Assert.False(PageOneHour.Fires(100m, null));
        Assert.False(PageOneHour.Resolves(null));
        // Probe data missing and excluded as unknown leaves the window without a maximum: no rate at all.
        var timeline = DowntimeTimeline.FromProbes(Slo, June, [new ProbeSample(Utc(2026, 6, 1), true)], Duration.FromMinutes(1), []);
        Assert.Null(timeline.BurnRate(At, PageOneHour.ShortWindow));
    }

    /// <summary>Per-minute probes from 11:00 to 13:00, down from 12:00 to 12:10.</summary>
    private static DowntimeTimeline TenMinutesDown()
    {
        var samples = Enumerable.Range(0, 120).Select(m => new ProbeSample(Utc(2026, 6, 15, 11) + Duration.FromMinutes(m), m is < 60 or >= 70)).ToList();
        return DowntimeTimeline.FromProbes(Slo, June, samples, Duration.FromMinutes(1), []);
    }

    [Fact]
    public void A_scan_finds_where_an_episode_starts_and_where_its_short_window_falls_below_the_factor()
    {
        var changes = BurnRateScan.Run(TenMinutesDown(), [PageOneHour], Utc(2026, 6, 15, 11), Utc(2026, 6, 15, 13), Duration.FromMinutes(1), []);

        // 12:01: 60 s down in the hour (16.7x) and in the last 5 minutes (200x). 12:15: the last 5 minutes are the first without a down minute.
        var opened = Assert.Single(changes, c => c.Opened);
        Assert.Equal(new BurnEpisode("page-1h", Utc(2026, 6, 15, 12, 1), Utc(2026, 6, 15, 12, 15)), opened.Episode);
        Assert.Equal(200m, opened.ShortRate);
        var resolved = Assert.Single(changes, c => !c.Opened);
        Assert.Equal(Utc(2026, 6, 15, 12, 15), resolved.Episode.ResolvedAt);
    }

    [Fact]
    public void An_episode_already_known_is_not_found_again_and_later_data_only_resolves_it()
    {
        var timeline = TenMinutesDown();
        var known = new BurnEpisode("page-1h", Utc(2026, 6, 15, 12, 1), Utc(2026, 6, 15, 12, 15));
        Assert.Empty(BurnRateScan.Run(timeline, [PageOneHour], Utc(2026, 6, 15, 11), Utc(2026, 6, 15, 13), Duration.FromMinutes(1), [known]));

        var open = known with { ResolvedAt = null };
        Assert.Empty(BurnRateScan.Run(timeline, [PageOneHour], Utc(2026, 6, 15, 12, 5), Utc(2026, 6, 15, 12, 14), Duration.FromMinutes(1), [open]));
        var later = BurnRateScan.Run(timeline, [PageOneHour], Utc(2026, 6, 15, 12, 5), Utc(2026, 6, 15, 13), Duration.FromMinutes(1), [open]);
        Assert.Equal(known, Assert.Single(later).Episode);
    }

    [Fact]
    public void Scan_instants_are_whole_steps_and_the_end()
    {
        Assert.Equal([Utc(2026, 6, 15, 12, 1), Utc(2026, 6, 15, 12, 2), Utc(2026, 6, 15, 12, 2) + Duration.FromSeconds(30)],
            BurnRateScan.Instants(Utc(2026, 6, 15, 12) + Duration.FromSeconds(1), Utc(2026, 6, 15, 12, 2) + Duration.FromSeconds(30), Duration.FromMinutes(1)));
    }

    [Fact]
    public void The_timeline_gives_what_the_report_arithmetic_gives_over_any_part()
    {
        var outages = new[] { Span(Utc(2026, 6, 10, 12), 14), Span(Utc(2026, 6, 10, 12, 5), 20), Span(Utc(2026, 6, 30, 23, 30), 6) };
        var maintenance = new[] { new Exclusion(ExclusionType.ScheduledMaintenance, Span(Utc(2026, 6, 10, 12, 20), 30)) };
        var removed = Slo with { ExcludedTime = ExclusionTreatment.RemovedFromMaximum };
        var part = CompliancePeriod.Of(new Interval(Utc(2026, 6, 10), Utc(2026, 6, 11)));
        var expected = removed.Evaluate(part, outages, maintenance);
        Assert.Equal((expected.Maximum, expected.Downtime), DowntimeTimeline.FromOutages(removed, June, outages, maintenance).Over(part.Interval));

        var samples = Enumerable.Range(0, 600).Where(m => m % 7 != 3).Select(m => new ProbeSample(Utc(2026, 6, 10, 10) + Duration.FromMinutes(m), m % 11 != 0)).ToList();
        foreach (var missing in Enum.GetValues<MissingDataPolicy>())
        {
            var probes = Slo with { MissingData = missing };
            var accumulator = probes.StartProbeEvaluation(part, maintenance, Duration.FromMinutes(1));
            accumulator.Add(samples);
            var fromAccumulator = accumulator.Result();
            Assert.Equal((fromAccumulator.Maximum, fromAccumulator.Downtime),
                DowntimeTimeline.FromProbes(probes, June, samples, Duration.FromMinutes(1), maintenance).Over(part.Interval));
        }
    }

    [Fact]
    public void The_budget_is_over_the_whole_window_and_consumed_up_to_the_data_time()
    {
        var timeline = Outages(Span(Utc(2026, 6, 10, 12), 14), Span(Utc(2026, 6, 20), 20));
        var budget = timeline.BudgetAt(CompliancePeriod.Of(June), Utc(2026, 6, 15), Duration.FromHours(1));
        Assert.Equal(Minutes(43.2m), budget.Budget); // 30 days x 0.1 %
        Assert.Equal(Duration.FromMinutes(14), budget.Consumed); // the outage of the 20th is after the data time
        Assert.Equal(Minutes(29.2m), budget.Remaining);
    }

    [Fact]
    public void An_error_budget_policy_is_left_out_of_the_content_while_absent_and_checked_when_given()
    {
        var hosting = AgreementSamples.Hosting();
        Assert.DoesNotContain("errorBudgetPolicy", hosting.ToJson(), StringComparison.Ordinal);
        var withPolicy = hosting with { ErrorBudgetPolicy = new ErrorBudgetPolicy(0, FreezeChanges: true, NotifyBoard: true, RequireBreachReview: true) };
        Assert.Contains("\"errorBudgetPolicy\":{\"triggerRemainingPercent\":0,\"freezeChanges\":true", withPolicy.ToJson(), StringComparison.Ordinal);
        Assert.Equal(withPolicy.ErrorBudgetPolicy, AgreementContent.FromJson(withPolicy.ToJson()).ErrorBudgetPolicy);
        Assert.True(AgreementRules.Validate(withPolicy, _ => true).IsValid);
        // Adopting a policy is a change of substance a change request carries (standard at least), not "nothing changed".
        var impact = SlaGovernance.Domain.Changes.ChangeImpact.Between(hosting, withPolicy, null);
        Assert.True(impact.ChangesAnything);
        Assert.False(impact.IsAdministrativeOnly);

        var errors = AgreementRules.Validate(hosting with { ErrorBudgetPolicy = new ErrorBudgetPolicy(100, false, false, false) }, _ => true);
        Assert.Contains("errorBudgetPolicy.triggerRemainingPercent", errors.ToDictionary().Keys);
        Assert.Contains("errorBudgetPolicy", errors.ToDictionary().Keys);
    }
}
