using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class OutageAvailabilityTests
{
    private static readonly CompliancePeriod June = Month(2026, 6, DateTimeZone.Utc); // 30 x 1,440 = 43,200 minutes

    private static AvailabilitySlo AlwaysOn(decimal target, ExclusionTreatment treatment = ExclusionTreatment.CountsAsAvailable) =>
        new(Target(target), ServiceWindow.AlwaysOn, treatment);

    [Fact]
    public void Overlapping_outages_count_once()
    {
        var result = AlwaysOn(99.9m).Evaluate(June, [Span(Utc(2026, 6, 3, 10), 60), Span(Utc(2026, 6, 3, 10, 30), 90)], []);
        // 10:00-11:00 and 10:30-12:00 together are 10:00-12:00 = 120 minutes
        Assert.Equal(Duration.FromMinutes(120), result.Downtime);
        // (43,200 - 120) / 43,200 x 100 = 99.7222...
        Assert.Equal(43_080m * 100m / 43_200m, result.AttainmentPercent);
        Assert.Equal(SloOutcome.Missed, result.Outcome);
    }

    [Fact]
    public void An_outage_spanning_the_period_boundaries_counts_only_inside_the_period()
    {
        var result = AlwaysOn(99m).Evaluate(June, [new Interval(Utc(2026, 5, 31, 23), Utc(2026, 6, 1, 1)), new Interval(Utc(2026, 6, 30, 23, 30), Utc(2026, 7, 1, 2))], []);
        // 60 minutes after 1 June 00:00 + 30 minutes before 1 July 00:00 = 90 minutes
        Assert.Equal(Duration.FromMinutes(90), result.Downtime);
    }

    [Fact]
    public void Exactly_the_target_in_a_DST_month_is_met_because_attainment_is_not_rounded()
    {
        var march = Month(2026, 3, London);
        // 0.1% of 44,580 minutes = 44.58 minutes: (44,580 - 44.58) / 44,580 = 99.9% exactly
        var atTarget = AlwaysOn(99.9m).Evaluate(march, [new Interval(Utc(2026, 3, 10), Utc(2026, 3, 10) + Minutes(44.58m))], []);
        Assert.Equal(99.9m, atTarget.AttainmentPercent);
        Assert.Equal(SloOutcome.Met, atTarget.Outcome);

        // one second more: 44.58 min + 1 s falls just below 99.9%
        var justBelow = AlwaysOn(99.9m).Evaluate(march, [new Interval(Utc(2026, 3, 10), Utc(2026, 3, 10) + Minutes(44.58m) + Duration.FromSeconds(1))], []);
        Assert.Equal(SloOutcome.Missed, justBelow.Outcome);
    }

    [Fact]
    public void Exactly_the_target_in_the_autumn_DST_month_uses_its_longer_maximum()
    {
        var october = Month(2026, 10, London);
        // 0.1% of 44,700 minutes = 44.7 minutes
        var result = AlwaysOn(99.9m).Evaluate(october, [new Interval(Utc(2026, 10, 10), Utc(2026, 10, 10) + Minutes(44.7m))], []);
        Assert.Equal(Duration.FromMinutes(44_700), result.Maximum);
        Assert.Equal(99.9m, result.AttainmentPercent);
    }

    [Fact]
    public void A_leap_February_has_a_maximum_of_29_days()
    {
        var result = AlwaysOn(99.9m).Evaluate(Month(2028, 2, DateTimeZone.Utc), [new Interval(Utc(2028, 2, 29, 12), Utc(2028, 2, 29, 12) + Minutes(41.76m))], []);
        // 29 x 1,440 = 41,760 minutes; 41.76 minutes down on 29 February: (41,760 - 41.76) / 41,760 = 99.9%
        Assert.Equal(Duration.FromMinutes(41_760), result.Maximum);
        Assert.Equal(99.9m, result.AttainmentPercent);
    }

    [Fact]
    public void Outages_outside_business_hours_and_on_holidays_do_not_count()
    {
        var slo = new AvailabilitySlo(Target(99.5m), LondonOfficeHours);
        var outages = new[]
        {
            new Interval(Local(London, 2026, 4, 7, 17), Local(London, 2026, 4, 7, 19)),  // Tue: only 17:00-18:00 is in hours
            new Interval(Local(London, 2026, 4, 3, 10), Local(London, 2026, 4, 3, 12)),  // Good Friday
            new Interval(Local(London, 2026, 4, 11, 10), Local(London, 2026, 4, 11, 12)), // Saturday
        };
        var result = slo.Evaluate(Month(2026, 4, London), outages, []);
        // 20 working days x 600 = 12,000 minutes; downtime 60: (12,000 - 60) / 12,000 = 99.5%
        Assert.Equal(Duration.FromMinutes(12_000), result.Maximum);
        Assert.Equal(Duration.FromMinutes(60), result.Downtime);
        Assert.Equal(99.5m, result.AttainmentPercent);
        Assert.Equal(SloOutcome.Met, result.Outcome);
    }

    [Fact]
    public void Excluded_time_counts_as_available_by_default()
    {
        var outage = Span(Utc(2026, 6, 10, 2), 120);                                        // 02:00-04:00
        var maintenance = new Exclusion(ExclusionType.ScheduledMaintenance, Span(Utc(2026, 6, 10, 1), 120)); // 01:00-03:00
        var result = AlwaysOn(99.9m).Evaluate(June, [outage], [maintenance]);
        // downtime 03:00-04:00 = 60 minutes; maximum stays 43,200
        Assert.Equal(Duration.FromMinutes(60), result.Downtime);
        Assert.Equal(Duration.FromMinutes(43_200), result.Maximum);
        Assert.Equal(43_140m * 100m / 43_200m, result.AttainmentPercent);
        Assert.Equal(Duration.FromMinutes(120), result.Excluded[ExclusionType.ScheduledMaintenance]);
    }

    [Fact]
    public void Removed_exclusions_also_come_out_of_the_maximum()
    {
        var outage = Span(Utc(2026, 6, 10, 2), 120);
        var maintenance = new Exclusion(ExclusionType.ScheduledMaintenance, Span(Utc(2026, 6, 10, 1), 120));
        var result = AlwaysOn(99.9m, ExclusionTreatment.RemovedFromMaximum).Evaluate(June, [outage], [maintenance]);
        // maximum 43,200 - 120 = 43,080; downtime 60: (43,080 - 60) / 43,080
        Assert.Equal(Duration.FromMinutes(43_080), result.Maximum);
        Assert.Equal(43_020m * 100m / 43_080m, result.AttainmentPercent);
    }

    [Fact]
    public void Removed_exclusions_outside_the_service_window_do_not_shorten_the_maximum()
    {
        var slo = new AvailabilitySlo(Target(99m), LondonOfficeHours, ExclusionTreatment.RemovedFromMaximum);
        var exclusions = new[]
        {
            new Exclusion(ExclusionType.ThirdParty, new Interval(Local(London, 2026, 4, 11, 9), Local(London, 2026, 4, 11, 17))),  // Saturday
            new Exclusion(ExclusionType.CustomerCausedDelay, new Interval(Local(London, 2026, 4, 8, 17), Local(London, 2026, 4, 8, 20))), // 1 h in hours
        };
        var result = slo.Evaluate(Month(2026, 4, London), [], exclusions);
        // 12,000 - 60 = 11,940 minutes
        Assert.Equal(Duration.FromMinutes(11_940), result.Maximum);
        Assert.Equal(Duration.Zero, result.Excluded[ExclusionType.ThirdParty]);
        Assert.Equal(Duration.FromMinutes(60), result.Excluded[ExclusionType.CustomerCausedDelay]);
    }

    [Fact]
    public void Excluded_minutes_are_reported_by_type_with_overlaps_counted_once()
    {
        var exclusions = new[]
        {
            new Exclusion(ExclusionType.ScheduledMaintenance, Span(Utc(2026, 6, 10, 1), 120)), // 01:00-03:00
            new Exclusion(ExclusionType.ForceMajeure, Span(Utc(2026, 6, 10, 2), 180)),         // 02:00-05:00
            new Exclusion(ExclusionType.Other, Span(Utc(2026, 6, 20, 0), 15)),
            new Exclusion(ExclusionType.Other, Span(Utc(2026, 6, 20, 0), 15)),
        };
        var result = AlwaysOn(99m, ExclusionTreatment.RemovedFromMaximum).Evaluate(June, [], exclusions);
        // maintenance keeps its 120; force majeure gets 03:00-05:00 = 120; the duplicate "other" counts 15 once
        Assert.Equal(Duration.FromMinutes(120), result.Excluded[ExclusionType.ScheduledMaintenance]);
        Assert.Equal(Duration.FromMinutes(120), result.Excluded[ExclusionType.ForceMajeure]);
        Assert.Equal(Duration.FromMinutes(15), result.Excluded[ExclusionType.Other]);
        Assert.Equal(Duration.Zero, result.Excluded[ExclusionType.ThirdParty]);
        // 43,200 - (120 + 120 + 15) = 42,945
        Assert.Equal(Duration.FromMinutes(42_945), result.Maximum);
    }

    [Fact]
    public void A_period_of_holidays_only_is_not_applicable_and_earns_no_credit()
    {
        var december = Month(2026, 12, London);
        var allHolidays = Enumerable.Range(1, 31).Select(day => new LocalDate(2026, 12, day));
        var shutDown = BusinessCalendar.Weekdays(London, new LocalTime(8, 0), new LocalTime(18, 0), allHolidays);
        var slo = new AvailabilitySlo(Target(99.9m, Credits.Standard), shutDown);

        var result = slo.Evaluate(december, [Span(Utc(2026, 12, 2, 10), 60)], []);

        Assert.Equal(Duration.Zero, result.Maximum);
        Assert.Null(result.AttainmentPercent);
        Assert.Equal(SloOutcome.NotApplicable, result.Outcome);
        Assert.Equal(0m, result.CreditPercent);
    }

    [Fact]
    public void A_missed_target_carries_the_credit_of_its_tier()
    {
        var slo = new AvailabilitySlo(Target(99.9m, Credits.Standard), ServiceWindow.AlwaysOn);
        // 216 minutes down: (43,200 - 216) / 43,200 = 99.5%, not below 99.5 so the 99.9 tier applies
        var result = slo.Evaluate(June, [Span(Utc(2026, 6, 5), 216)], []);
        Assert.Equal(99.5m, result.AttainmentPercent);
        Assert.Equal(5m, result.CreditPercent);
    }
}
