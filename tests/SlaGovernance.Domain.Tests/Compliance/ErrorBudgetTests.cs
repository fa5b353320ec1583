using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class ErrorBudgetTests
{
    private static readonly CompliancePeriod ThirtyDays = CompliancePeriod.Rolling(30, Utc(2026, 7, 1)); // 43,200 minutes
    private static readonly Duration OneHour = Duration.FromHours(1);
    private static readonly Duration SixHours = Duration.FromHours(6);

    private static readonly Interval[] Outages =
    [
        Span(Utc(2026, 6, 10, 12), 14),      // 14 minutes long ago
        Span(Utc(2026, 6, 30, 23, 30), 6),   // 6 minutes in the last hour
    ];

    [Fact]
    public void The_budget_is_the_allowed_share_of_the_windows_service_time()
    {
        var budget = new AvailabilitySlo(Target(99.9m), ServiceWindow.AlwaysOn).ErrorBudget(ThirtyDays, Outages, [], OneHour, SixHours);

        Assert.True(budget.HasBudget);
        // (1 - 0.999) x 43,200 = 43.2 minutes; consumed 14 + 6 = 20; remaining 23.2
        Assert.Equal(Minutes(43.2m), budget.Budget);
        Assert.Equal(Duration.FromMinutes(20), budget.Consumed);
        Assert.Equal(Minutes(23.2m), budget.Remaining);
    }

    [Fact]
    public void Attainment_and_budget_together_are_what_each_gives_alone()
    {
        var maintenance = new Exclusion(ExclusionType.ScheduledMaintenance, Span(Utc(2026, 6, 30, 23), 60));
        var slo = new AvailabilitySlo(Target(99.9m), ServiceWindow.AlwaysOn);
        var (result, budget) = slo.EvaluateWithBudget(ThirtyDays, Outages, [maintenance], OneHour, SixHours);
        // 14 minutes down of 43,200 (the maintenance hour counts as available); 43.2 minutes allowed, 14 spent
        var alone = slo.Evaluate(ThirtyDays, Outages, [maintenance]);
        Assert.Equal(alone with { Excluded = result.Excluded }, result);
        Assert.Equal(alone.Excluded, result.Excluded);
        Assert.Equal(Duration.FromMinutes(14), result.Downtime);
        Assert.Equal(Duration.FromMinutes(14), budget.Consumed);
        Assert.Equal(Minutes(43.2m), budget.Budget);
        Assert.Equal(slo.ErrorBudget(ThirtyDays, Outages, [maintenance], OneHour, SixHours).BurnRates, budget.BurnRates);
    }

    [Fact]
    public void Burn_rates_compare_recent_downtime_with_the_allowed_share()
    {
        var budget = new AvailabilitySlo(Target(99.9m), ServiceWindow.AlwaysOn).ErrorBudget(ThirtyDays, Outages, [], OneHour, SixHours);
        // 1 h: (6 / 60) / 0.001 = 100; 6 h: (6 / 360) / 0.001 = 16.67
        Assert.Equal([new BurnRate(OneHour, 100m), new BurnRate(SixHours, 6m / 360m / 0.001m)], budget.BurnRates);
    }

    [Fact]
    public void Excluded_downtime_does_not_spend_the_budget()
    {
        var maintenance = new Exclusion(ExclusionType.ScheduledMaintenance, Span(Utc(2026, 6, 30, 23), 60));
        var budget = new AvailabilitySlo(Target(99.9m), ServiceWindow.AlwaysOn).ErrorBudget(ThirtyDays, Outages, [maintenance], OneHour);
        // only the 14 minutes outside the maintenance hour count; the last hour burns nothing
        Assert.Equal(Duration.FromMinutes(14), budget.Consumed);
        Assert.Equal([new BurnRate(OneHour, 0m)], budget.BurnRates);
    }

    [Fact]
    public void A_business_calendar_budget_counts_only_business_time()
    {
        var april = CompliancePeriod.Rolling(30, Local(London, 2026, 5, 1)); // exactly April 2026 in London
        var outage = new Interval(Local(London, 2026, 4, 30, 17), Local(London, 2026, 4, 30, 19));
        var budget = new AvailabilitySlo(Target(99m), LondonOfficeHours).ErrorBudget(april, [outage], [], SixHours);
        // 1% of 12,000 business minutes = 120; consumed 17:00-18:00 = 60
        Assert.Equal(Duration.FromMinutes(120), budget.Budget);
        Assert.Equal(Duration.FromMinutes(60), budget.Consumed);
        // the last 6 h (18:00-24:00) hold no business time, so no rate can be given
        Assert.Equal([new BurnRate(SixHours, null)], budget.BurnRates);
    }

    [Fact]
    public void A_100_percent_target_has_no_budget()
    {
        var budget = new AvailabilitySlo(Target(100m), ServiceWindow.AlwaysOn).ErrorBudget(ThirtyDays, Outages, [], OneHour);
        Assert.False(budget.HasBudget);
        Assert.Equal(Duration.Zero, budget.Budget);
        Assert.Equal(Duration.FromMinutes(20), budget.Consumed);
        Assert.Equal([new BurnRate(OneHour, null)], budget.BurnRates);
    }

    [Fact]
    public void A_window_without_service_time_has_no_budget()
    {
        var closed = BusinessCalendar.Weekdays(London, new LocalTime(8, 0), new LocalTime(18, 0), Enumerable.Range(0, 40).Select(d => new LocalDate(2026, 5, 25).PlusDays(d)));
        var budget = new AvailabilitySlo(Target(99.9m), closed).ErrorBudget(ThirtyDays, Outages, [], OneHour);
        Assert.False(budget.HasBudget);
        Assert.Equal(Duration.Zero, budget.Consumed);
    }

    [Fact]
    public void A_look_back_that_is_not_positive_is_refused()
    {
        var slo = new AvailabilitySlo(Target(99.9m), ServiceWindow.AlwaysOn);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => slo.ErrorBudget(ThirtyDays, Outages, [], Duration.Zero));
        Assert.Contains("look-back must be a positive duration", error.Message);
    }
}
