using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class RecurringMaintenanceTests
{
    private static readonly RecurringMaintenance SaturdayNight = new(IsoDayOfWeek.Saturday, new LocalTime(22, 0), Duration.FromHours(4));

    [Fact]
    public void A_weekly_window_keeps_its_local_start_across_the_spring_change()
    {
        var starts = SaturdayNight.ExpandFor(new Interval(Utc(2026, 3, 14), Utc(2026, 4, 6)), London).Select(e => e.Interval.Start);
        // 22:00 GMT = 22:00 UTC until 29 March; 22:00 BST = 21:00 UTC after
        Assert.Equal([Utc(2026, 3, 14, 22), Utc(2026, 3, 21, 22), Utc(2026, 3, 28, 22), Utc(2026, 4, 4, 21)], starts);
    }

    [Fact]
    public void A_weekly_window_keeps_its_local_start_across_the_autumn_change()
    {
        var starts = SaturdayNight.ExpandFor(new Interval(Utc(2026, 10, 17), Utc(2026, 11, 2)), London).Select(e => e.Interval.Start);
        // 22:00 BST = 21:00 UTC until 25 October; 22:00 GMT = 22:00 UTC after
        Assert.Equal([Utc(2026, 10, 17, 21), Utc(2026, 10, 24, 21), Utc(2026, 10, 31, 22)], starts);
    }

    [Fact]
    public void The_length_is_elapsed_time_even_over_the_change()
    {
        var night = SaturdayNight.ExpandFor(new Interval(Utc(2026, 3, 28), Utc(2026, 3, 30)), London).Single();
        // 22:00 GMT + 4 h = 02:00 UTC = 03:00 BST on the local clock
        Assert.Equal(new Interval(Utc(2026, 3, 28, 22), Utc(2026, 3, 29, 2)), night.Interval);
        Assert.Equal(ExclusionType.ScheduledMaintenance, night.Type);
    }

    [Fact]
    public void A_month_includes_the_window_spilling_in_from_the_month_before()
    {
        var march = SaturdayNight.ExpandFor(Month(2026, 3, London).Interval, London);
        // Sat 28 Feb 22:00 to 1 March 02:00 gives 2 h, then 7, 14, 21 and 28 March give 4 x 4 h: 18 h = 1,080 minutes
        Assert.Equal(Duration.FromMinutes(1_080), IntervalSet.From(march.Select(e => e.Interval)).TotalDuration);
        Assert.Equal(new Interval(Utc(2026, 3, 1), Utc(2026, 3, 1, 2)), march[0].Interval);
    }

    [Fact]
    public void A_start_in_the_spring_forward_gap_moves_forward_by_the_gap()
    {
        var early = new RecurringMaintenance(IsoDayOfWeek.Sunday, new LocalTime(1, 30), Duration.FromHours(1));
        var window = early.ExpandFor(new Interval(Utc(2026, 3, 29), Utc(2026, 3, 30)), London).Single();
        // 01:30 does not exist on 29 March; it becomes 02:30 BST = 01:30 UTC
        Assert.Equal(new Interval(Utc(2026, 3, 29, 1, 30), Utc(2026, 3, 29, 2, 30)), window.Interval);
    }

    [Fact]
    public void Removed_maintenance_shortens_the_maximum_of_a_DST_month()
    {
        var slo = new AvailabilitySlo(Target(99.9m), ServiceWindow.AlwaysOn, ExclusionTreatment.RemovedFromMaximum);
        var march = Month(2026, 3, London);
        var result = slo.Evaluate(march, [], SaturdayNight.ExpandFor(march.Interval, London));
        // 44,580 - 1,080 = 43,500 minutes
        Assert.Equal(Duration.FromMinutes(43_500), result.Maximum);
        Assert.Equal(Duration.FromMinutes(1_080), result.Excluded[ExclusionType.ScheduledMaintenance]);
    }
}
