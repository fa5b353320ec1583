using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>One ticket against its priority's target: the business time elapsed on its clock and the verdict.</summary>
public sealed record TicketAssessment(string TicketId, Duration Elapsed, Duration Target, TicketStatus Status);
