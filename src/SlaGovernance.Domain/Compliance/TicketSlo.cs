using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>
/// A response- or resolution-time objective: the share of tickets whose clock, counted in service-window time less
/// pauses, stays within their priority's target.
/// </summary>
public sealed record TicketSlo(SloTarget Target, TicketClock Clock, IReadOnlyDictionary<string, Duration> TargetByPriority, ServiceWindow Window)
{
    /// <summary>Tickets created in the period; those without a response yet are judged at <paramref name="evaluatedAt"/>.</summary>
    public SloResult Evaluate(CompliancePeriod period, IEnumerable<Ticket> tickets, Instant evaluatedAt)
    {
        int met = 0, breached = 0, pending = 0;
        foreach (var ticket in tickets)
        {
            if (!period.Contains(ticket.Created))
                continue;
            switch (Assess(ticket, evaluatedAt).Status)
            {
                case TicketStatus.Met: met++; break;
                case TicketStatus.Breached: breached++; break;
                default: pending++; break;
            }
        }
        var judged = met + breached;
        return SloResult.ForRatio(Target, judged == 0 ? null : met * 100m / judged, pending);
    }

    public TicketAssessment Assess(Ticket ticket, Instant evaluatedAt)
    {
        if (!TargetByPriority.TryGetValue(ticket.Priority, out var target))
            throw new ArgumentException(
                $"Ticket '{ticket.Id}' has priority '{ticket.Priority}', which has no target in this SLO (it has {string.Join(", ", TargetByPriority.Keys)}); add a target for it or correct the ticket.",
                nameof(ticket));
        var stop = Clock == TicketClock.FirstResponse ? ticket.FirstResponse : ticket.Resolved;
        if (stop < ticket.Created)
            throw new ArgumentException(
                $"Ticket '{ticket.Id}' has its {Clock} at {stop}, before it was created at {ticket.Created}; correct the ticket's timestamps.",
                nameof(ticket));

        var until = stop ?? (evaluatedAt > ticket.Created ? evaluatedAt : ticket.Created);
        var elapsed = Window.Within(new Interval(ticket.Created, until))
            .Subtract(IntervalSet.From(ticket.Pauses.Select(p => p.Interval)))
            .TotalDuration;
        var status = stop is null
            ? elapsed > target ? TicketStatus.Breached : TicketStatus.Pending
            : elapsed <= target ? TicketStatus.Met : TicketStatus.Breached;
        return new TicketAssessment(ticket.Id, elapsed, target, status);
    }
}
