using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>
/// One SLO measured over one period. For ticket and ratio SLOs the time figures are zero and nothing is excluded;
/// data coverage is reported for probe-measured availability only.
/// </summary>
public sealed record SloResult(
    decimal TargetPercent,
    decimal? AttainmentPercent,
    SloOutcome Outcome,
    decimal? DataCoveragePercent,
    Duration Maximum,
    Duration Downtime,
    IReadOnlyDictionary<ExclusionType, Duration> Excluded,
    int PendingCount,
    decimal CreditPercent)
{
    private static readonly IReadOnlyDictionary<ExclusionType, Duration> NothingExcluded = new Dictionary<ExclusionType, Duration>();

    internal static SloResult ForRatio(SloTarget target, decimal? attainment, int pendingCount = 0) =>
        For(target, attainment, dataCoverage: null, Duration.Zero, Duration.Zero, NothingExcluded, pendingCount);

    internal static SloResult For(
        SloTarget target,
        decimal? attainment,
        decimal? dataCoverage,
        Duration maximum,
        Duration downtime,
        IReadOnlyDictionary<ExclusionType, Duration> excluded,
        int pendingCount = 0)
    {
        var outcome = attainment switch
        {
            null => SloOutcome.NotApplicable,
            var value when value >= target.Percent => SloOutcome.Met,
            _ => SloOutcome.Missed,
        };
        var credit = target.Credits?.CreditPercentFor(attainment) ?? 0m;
        return new SloResult(target.Percent, attainment, outcome, dataCoverage, maximum, downtime, excluded, pendingCount, credit);
    }
}
