using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>
/// The downtime a target allows over a window. A 100% target, or a window with no service time, has no budget:
/// then <see cref="HasBudget"/> is false, budget and remaining are zero and no burn rate is given.
/// Remaining goes below zero once the budget is overspent.
/// </summary>
public sealed record ErrorBudget(bool HasBudget, Duration Budget, Duration Consumed, Duration Remaining, IReadOnlyList<BurnRate> BurnRates);
