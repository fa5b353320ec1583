namespace SlaGovernance.Web.Features.Agreements;

/// <summary>On start-up and every minute, activates, renews, expires and terminates the agreements whose day has come (see <see cref="AgreementLifecycle"/>).</summary>
public sealed class AgreementLifecycleSweep(AgreementLifecycle lifecycle, TimeProvider time, ILogger<AgreementLifecycleSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        do
        {
            try
            {
                var changed = await lifecycle.SweepAsync(time.GetUtcNow(), stoppingToken);
                if (changed > 0)
                    logger.LogInformation("Agreement lifecycle: {Changed} agreement(s) activated, renewed, expired or terminated", changed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The agreement lifecycle sweep failed; trying again in a minute");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
