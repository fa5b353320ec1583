using NodaTime;

namespace SlaGovernance.Domain.Compliance;

public sealed record CsatResponse(Instant At, int Score);
