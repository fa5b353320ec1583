using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Workflows.Hosting;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Tests;

/// <summary>A WorkflowCore host with the conformance workflows registered, over the persistence a test chooses.</summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private WorkflowTestHost(ServiceProvider services)
    {
        _services = services;
        Host = services.GetRequiredService<IWorkflowHost>();
        Persistence = services.GetRequiredService<IPersistenceProvider>();
    }

    public IWorkflowHost Host { get; }
    public IPersistenceProvider Persistence { get; }
    public IServiceProvider Services => _services;

    public static WorkflowTestHost Start(FakeTimeProvider time, Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(StandardErrorLoggerProvider.Enabled ? LogLevel.Debug : LogLevel.Warning);
            if (StandardErrorLoggerProvider.Enabled)
                logging.AddProvider(new StandardErrorLoggerProvider());
        });
        services.AddSingleton<TimeProvider>(time);
        services.AddOptions();
        services.AddSingleton<SlaGovernance.Notifications.Outbox.EmailOutbox>();
        services.AddSingleton<SlaGovernance.Workflows.Emails.IWorkflowEmails, SlaGovernance.Web.Hosting.OutboxWorkflowEmails>();
        services.AddTransient<CountedStep>();
        configure(services);
        services.Replace(ServiceDescriptor.Singleton<IDateTimeProvider, TimeProviderClock>());
        var provider = services.BuildServiceProvider();
        var host = new WorkflowTestHost(provider);
        host.Host.RegisterWorkflow<TwoStepWorkflow, ConformanceData>();
        host.Host.RegisterWorkflow<WaitForEventWorkflow, ConformanceData>();
        host.Host.RegisterWorkflow<TwoWaitsWorkflow, ConformanceData>();
        host.Host.RegisterWorkflow<DelayWorkflow, ConformanceData>();
        host.Host.Start();
        return host;
    }

    /// <summary>Waits, bounded, for the engine's background workers to bring an instance to a state.</summary>
    public async Task<WorkflowInstance> WaitUntilAsync(string id, Func<WorkflowInstance, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        WorkflowInstance? instance = null;
        while (DateTime.UtcNow < deadline)
        {
            instance = await Persistence.GetWorkflowInstance(id);
            try
            {
                if (instance is not null && condition(instance))
                    return instance;
            }
            catch (InvalidOperationException)
            {
                // The in-memory store hands out its live objects, which the engine may be changing right now.
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"Workflow {id} did not reach '{what}'; last status {instance?.Status}, data {System.Text.Json.JsonSerializer.Serialize(instance?.Data)}");
    }

    public Task<WorkflowInstance> CompletedAsync(string id) => WaitUntilAsync(id, w => w.Status == WorkflowStatus.Complete, "complete");

    public async ValueTask DisposeAsync()
    {
        Host.Stop();
        await _services.DisposeAsync();
    }
}
