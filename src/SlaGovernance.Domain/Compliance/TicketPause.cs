using NodaTime;

namespace SlaGovernance.Domain.Compliance;

public sealed record TicketPause(Interval Interval, string Reason);
