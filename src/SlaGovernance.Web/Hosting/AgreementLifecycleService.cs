using SlaGovernance.Web.Features.Agreements;

namespace SlaGovernance.Web.Hosting;

/// <summary>On start-up and every minute, activates, renews, expires and terminates the agreements whose day has come (see AgreementLifecycle), and starts the renewal workflows due.</summary>
public sealed class AgreementLifecycleService(AgreementLifecycle lifecycle, Features.Renewals.RenewalCycles renewals, TimeProvider time,
    ILogger<AgreementLifecycleService> logger)
    : BackgroundService
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
                // An agreement that became Active (or renewed) gets the renewal workflow of its term.
                var started = await renewals.StartDueAsync(stoppingToken);
                if (started > 0)
                    logger.LogInformation("Renewals: started {Started} renewal workflow(s)", started);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The agreement lifecycle sweep failed; trying again in a minute");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
