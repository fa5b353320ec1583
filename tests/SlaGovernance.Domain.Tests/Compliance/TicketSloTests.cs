using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class TicketSloTests
{
    private static readonly Dictionary<string, Duration> ResponseTargets = new()
    {
        ["P1"] = Duration.FromHours(1),
        ["P2"] = Duration.FromHours(4),
    };

    private static readonly TicketSlo FirstResponse = new(Target(90m), TicketClock.FirstResponse, ResponseTargets, LondonOfficeHours);

    private static Instant L(int month, int day, int hour, int minute = 0) => Local(London, 2026, month, day, hour, minute);

    private static Ticket Responded(string id, Instant created, Instant response, string priority = "P2") => new(id, priority, created, response);

    [Fact]
    public void Response_time_counts_only_business_hours()
    {
        // Fri 10 April 17:00 to Mon 13 April 09:00: Fri 17-18 (1 h) + Mon 08-09 (1 h) = 2 h
        var assessment = FirstResponse.Assess(Responded("T-1", L(4, 10, 17), L(4, 13, 9)), L(4, 30, 12));
        Assert.Equal(Duration.FromHours(2), assessment.Elapsed);
        Assert.Equal(TicketStatus.Met, assessment.Status);
    }

    [Fact]
    public void Holidays_are_not_business_time()
    {
        // Thu 2 April 17:30 to Tue 7 April 08:30: Thu 30 min; Good Friday, the weekend and Easter Monday 0; Tue 30 min = 60 min
        var assessment = FirstResponse.Assess(Responded("T-2", L(4, 2, 17, 30), L(4, 7, 8, 30), "P1"), L(4, 30, 12));
        Assert.Equal(Duration.FromMinutes(60), assessment.Elapsed);
        Assert.Equal(TicketStatus.Met, assessment.Status); // 60 min <= P1's 1 h
    }

    [Fact]
    public void Paused_time_is_not_counted()
    {
        var ticket = Responded("T-3", L(4, 14, 9), L(4, 14, 14)) with
        {
            Pauses = [new TicketPause(new Interval(L(4, 14, 10), L(4, 14, 12)), "Awaiting customer")],
        };
        // 09:00-14:00 = 5 h, less the 2 h pause = 3 h: within P2's 4 h, though 5 h would not be
        var assessment = FirstResponse.Assess(ticket, L(4, 30, 12));
        Assert.Equal(Duration.FromHours(3), assessment.Elapsed);
        Assert.Equal(TicketStatus.Met, assessment.Status);
    }

    [Fact]
    public void A_pause_outside_business_hours_takes_off_only_its_business_part()
    {
        var ticket = Responded("T-4", L(4, 14, 16), L(4, 15, 9)) with
        {
            Pauses =
            [
                new TicketPause(new Interval(L(4, 14, 17), L(4, 14, 20)), "Awaiting customer"),
                new TicketPause(new Interval(L(4, 14, 17, 30), L(4, 14, 19)), "Awaiting customer"),
            ],
        };
        // Tue 16-18 (2 h) + Wed 08-09 (1 h) = 3 h; the overlapping pauses cover 17-18 of business time once: 3 h - 1 h = 2 h
        Assert.Equal(Duration.FromHours(2), FirstResponse.Assess(ticket, L(4, 30, 12)).Elapsed);
    }

    [Fact]
    public void A_ticket_without_a_response_is_pending_until_its_target_has_passed()
    {
        var ticket = new Ticket("T-5", "P2", L(4, 14, 9));
        // 09:00 to 11:00 = 2 h <= 4 h
        var early = FirstResponse.Assess(ticket, L(4, 14, 11));
        Assert.Equal(TicketStatus.Pending, early.Status);
        Assert.Equal(Duration.FromHours(2), early.Elapsed);
        // 09:00 to 13:00 = exactly 4 h: not yet exceeded
        Assert.Equal(TicketStatus.Pending, FirstResponse.Assess(ticket, L(4, 14, 13)).Status);
        // 09:00 to 14:00 = 5 h > 4 h
        Assert.Equal(TicketStatus.Breached, FirstResponse.Assess(ticket, L(4, 14, 14)).Status);
    }

    [Fact]
    public void Pending_tickets_stay_out_of_the_ratio_and_are_counted()
    {
        var tickets = new[]
        {
            Responded("M-1", L(4, 14, 9), L(4, 14, 10)),
            Responded("M-2", L(4, 15, 9), L(4, 15, 10)),
            Responded("M-3", L(4, 16, 9), L(4, 16, 13)),
            Responded("B-1", L(4, 17, 9), L(4, 17, 15)),   // 6 h > 4 h
            new Ticket("P-1", "P2", L(4, 30, 15)),          // 2 h so far at 17:00
            new Ticket("P-2", "P1", L(4, 30, 16, 30)),      // 30 min so far at 17:00
        };
        var result = FirstResponse.Evaluate(Month(2026, 4, London), tickets, L(4, 30, 17));
        // 3 met / (3 met + 1 breached) = 75% < 90%
        Assert.Equal(75m, result.AttainmentPercent);
        Assert.Equal(SloOutcome.Missed, result.Outcome);
        Assert.Equal(2, result.PendingCount);
    }

    [Fact]
    public void A_ticket_belongs_to_the_month_it_was_created_in_the_agreement_zone()
    {
        var slo = new TicketSlo(Target(90m), TicketClock.FirstResponse, ResponseTargets, ServiceWindow.AlwaysOn);
        // 31 March 23:30 UTC is 1 April 00:30 BST
        var tickets = new[] { Responded("T-6", Utc(2026, 3, 31, 23, 30), Utc(2026, 4, 1, 3)) };
        var evaluatedAt = Utc(2026, 5, 1);

        Assert.Equal(SloOutcome.NotApplicable, slo.Evaluate(Month(2026, 3, London), tickets, evaluatedAt).Outcome);
        Assert.Equal(100m, slo.Evaluate(Month(2026, 4, London), tickets, evaluatedAt).AttainmentPercent);
    }

    [Fact]
    public void The_resolution_clock_stops_at_resolution()
    {
        var slo = new TicketSlo(Target(95m), TicketClock.Resolution, new Dictionary<string, Duration> { ["P2"] = Duration.FromHours(16) }, LondonOfficeHours);
        var ticket = new Ticket("T-7", "P2", L(4, 14, 9), FirstResponse: L(4, 14, 9, 15), Resolved: L(4, 15, 17));
        // Tue 09-18 (9 h) + Wed 08-17 (9 h) = 18 h > 16 h
        var assessment = slo.Assess(ticket, L(4, 30, 12));
        Assert.Equal(Duration.FromHours(18), assessment.Elapsed);
        Assert.Equal(TicketStatus.Breached, assessment.Status);
    }

    [Fact]
    public void Only_pending_tickets_is_not_applicable()
    {
        var result = FirstResponse.Evaluate(Month(2026, 4, London), [new Ticket("T-8", "P2", L(4, 30, 16))], L(4, 30, 17));
        Assert.Equal(SloOutcome.NotApplicable, result.Outcome);
        Assert.Null(result.AttainmentPercent);
        Assert.Equal(1, result.PendingCount);
    }

    [Fact]
    public void A_priority_without_a_target_is_refused_naming_the_ticket_and_priority()
    {
        var error = Assert.Throws<ArgumentException>(() => FirstResponse.Assess(new Ticket("T-9", "P9", L(4, 14, 9)), L(4, 14, 10)));
        Assert.Contains("'T-9'", error.Message);
        Assert.Contains("'P9'", error.Message);
    }

    [Fact]
    public void A_response_before_creation_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => FirstResponse.Assess(Responded("T-10", L(4, 14, 9), L(4, 14, 8)), L(4, 14, 10)));
        Assert.Contains("before it was created", error.Message);
    }
}
