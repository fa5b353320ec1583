namespace SlaGovernance.Domain.Compliance;

/// <summary>An objective on the share of good events: satisfaction responses, throughput intervals, or any counted ratio.</summary>
public sealed record RatioSlo(SloTarget Target)
{
    /// <summary>Good events as a share of all events; not applicable when there were none.</summary>
    public SloResult Evaluate(long good, long total)
    {
        if (total < 0 || good < 0 || good > total)
            throw new ArgumentOutOfRangeException(nameof(good), good, $"Good events ({good}) must be between 0 and the total ({total}).");
        return SloResult.ForRatio(Target, total == 0 ? null : good * 100m / total);
    }

    /// <summary>The share of the period's responses scoring at or above <paramref name="minimumScore"/>.</summary>
    public SloResult EvaluateCsat(CompliancePeriod period, IEnumerable<CsatResponse> responses, int minimumScore)
    {
        long good = 0, total = 0;
        foreach (var response in responses.Where(r => period.Contains(r.At)))
        {
            total++;
            if (response.Score >= minimumScore)
                good++;
        }
        return Evaluate(good, total);
    }

    /// <summary>The share of the period's intervals whose event count is at or above <paramref name="floor"/>.</summary>
    public SloResult EvaluateThroughput(CompliancePeriod period, IEnumerable<EventCount> intervals, long floor)
    {
        long good = 0, total = 0;
        foreach (var interval in intervals.Where(i => period.Contains(i.IntervalStart)))
        {
            total++;
            if (interval.Count >= floor)
                good++;
        }
        return Evaluate(good, total);
    }
}
