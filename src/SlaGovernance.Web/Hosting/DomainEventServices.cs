using SlaGovernance.Data.Events;

namespace SlaGovernance.Web.Hosting;

public static class DomainEventServices
{
    /// <summary>Events written with the changes that made them, and the dispatcher that hands them to each feature's handlers.</summary>
    public static WebApplicationBuilder AddDomainEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DomainEventSignal>();
        builder.Services.AddSingleton<DomainEvents>();
        builder.Services.AddSingleton<DomainEventDispatcher>();
        builder.Services.AddHostedService<DomainEventService>();
        return builder;
    }
}

/// <summary>Dispatches events as soon as a commit signals them, and every few seconds for retries and for events other nodes wrote.</summary>
public sealed class DomainEventService(DomainEventDispatcher dispatcher, DomainEventSignal signal, ILogger<DomainEventService> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await dispatcher.DispatchDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Dispatching domain events failed; trying again in {Interval}", PollInterval);
            }
            await signal.WaitAsync(PollInterval, stoppingToken);
        }
    }
}
