using NodaTime;

namespace SlaGovernance.Domain.Compliance;

public enum BurnAlertSeverity { Page, Ticket }

/// <summary>
/// A multiwindow burn-rate alert in the manner of Google's SRE workbook ("Alerting on SLOs"): it fires when the budget burns
/// faster than <paramref name="Factor"/> times the sustainable rate over both the long and the short window, and its episode
/// resolves once the short window's rate falls below the factor. The long window keeps a brief blip from firing, the short
/// one lets the alert reset soon after the burning stops.
/// </summary>
/// <param name="Name">A stable name, such as <c>page-1h</c>, stored with each episode.</param>
public sealed record BurnRateAlert(string Name, BurnAlertSeverity Severity, Duration LongWindow, Duration ShortWindow, decimal Factor)
{
    /// <summary>
    /// The workbook's three: page at 14.4x over 1 h and 5 min (2 % of a 30-day budget in an hour), page at 6x over 6 h and
    /// 30 min (5 % in six hours), ticket at 1x over 3 days and 6 h (10 % in three days).
    /// </summary>
    public static IReadOnlyList<BurnRateAlert> Workbook { get; } =
    [
        new("page-1h", BurnAlertSeverity.Page, Duration.FromHours(1), Duration.FromMinutes(5), 14.4m),
        new("page-6h", BurnAlertSeverity.Page, Duration.FromHours(6), Duration.FromMinutes(30), 6m),
        new("ticket-3d", BurnAlertSeverity.Ticket, Duration.FromDays(3), Duration.FromHours(6), 1m),
    ];

    /// <summary>Both windows above the factor; a rate exactly at it does not fire, nor does a window without data.</summary>
    public bool Fires(decimal? longRate, decimal? shortRate) => longRate > Factor && shortRate > Factor;

    /// <summary>The short window below the factor; exactly at it, or without data, the episode stays open.</summary>
    public bool Resolves(decimal? shortRate) => shortRate < Factor;
}

/// <summary>A stretch during which one alert fired: from when both windows first exceeded its factor until the short one fell below it.</summary>
public sealed record BurnEpisode(string Alert, Instant Start, Instant? ResolvedAt)
{
    public bool Covers(Instant at) => Start <= at && (ResolvedAt is not { } end || at < end);
}

/// <summary>What a scan found: an episode that started (with the rates that started it), or one that resolved.</summary>
public sealed record BurnEpisodeChange(BurnEpisode Episode, bool Opened, decimal? LongRate, decimal? ShortRate);

/// <summary>
/// Walks the data time of an upload, step by step, and finds where each alert's episodes start and resolve. Episodes known
/// already (stored) are authoritative for the time they cover, so scanning the same data again, or later data of an episode
/// that is open, finds nothing new. The steps are whole multiples of <c>step</c> since the Unix epoch plus the scan's end, so a
/// scan repeated after a crash finds the same instants.
/// </summary>
public static class BurnRateScan
{
    public static IReadOnlyList<BurnEpisodeChange> Run(DowntimeTimeline timeline, IReadOnlyList<BurnRateAlert> alerts, Instant from, Instant to,
        Duration step, IReadOnlyList<BurnEpisode> known)
    {
        if (step <= Duration.Zero)
            throw new ArgumentOutOfRangeException(nameof(step), step, "The scan's step must be a positive duration, such as one minute.");
        var changes = new List<BurnEpisodeChange>();
        foreach (var alert in alerts)
        {
            var episodes = known.Where(e => e.Alert == alert.Name).OrderBy(e => e.Start).ToList();
            BurnEpisode? current = null;
            foreach (var at in Instants(from, to, step))
            {
                if (current is { ResolvedAt: { } resolved } && at >= resolved)
                    current = null;
                current ??= episodes.LastOrDefault(e => e.Covers(at));
                if (current is null)
                {
                    var (longRate, shortRate) = (timeline.BurnRate(at, alert.LongWindow), timeline.BurnRate(at, alert.ShortWindow));
                    if (!alert.Fires(longRate, shortRate))
                        continue;
                    current = new BurnEpisode(alert.Name, at, null);
                    episodes.Add(current);
                    changes.Add(new BurnEpisodeChange(current, Opened: true, longRate, shortRate));
                }
                else if (current.ResolvedAt is null && at > current.Start && alert.Resolves(timeline.BurnRate(at, alert.ShortWindow)))
                {
                    var closed = current with { ResolvedAt = at };
                    episodes[episodes.IndexOf(current)] = closed;
                    var opened = changes.FindIndex(c => c.Opened && c.Episode == current);
                    if (opened >= 0)
                        changes[opened] = changes[opened] with { Episode = closed };
                    changes.Add(new BurnEpisodeChange(closed, Opened: false, null, timeline.BurnRate(at, alert.ShortWindow)));
                    current = closed;
                }
            }
        }
        return changes;
    }

    /// <summary>The whole multiples of <paramref name="step"/> in [from, to], and <paramref name="to"/> itself.</summary>
    public static IEnumerable<Instant> Instants(Instant from, Instant to, Duration step)
    {
        var ticks = step.BclCompatibleTicks;
        var first = from.ToUnixTimeTicks();
        var aligned = first % ticks == 0 ? first : first - ((first % ticks) + ticks) % ticks + ticks;
        for (var t = aligned; t < to.ToUnixTimeTicks(); t += ticks)
            yield return Instant.FromUnixTimeTicks(t);
        if (to >= from)
            yield return to;
    }
}
