using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SlaGovernance.Data;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Hosting;

/// <summary>
/// Before anything else starts: reaches the database, applies migrations when configured, and seeds an empty one.
/// Runs as a lifecycle "starting" step so that the web server never serves a database that is not ready.
/// </summary>
public sealed class DatabaseStartup(
    IServiceProvider services,
    IConfiguration configuration,
    IOptions<SeedOptions> seedOptions,
    ILogger<DatabaseStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<Database>();
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        try
        {
            if (options.MigrateAtStartup)
            {
                var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
                logger.LogInformation("Database {Provider} ready; {Count} migration(s) applied", database.Dialect.Provider, applied.Count);
            }
            else
            {
                await services.GetRequiredService<HealthProbe>().PingAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or InvalidOperationException)
        {
            throw new DatabaseConfigurationException(
                $"Cannot use the {database.Dialect.Provider} database named by Database:ConnectionString: {e.Message}", e);
        }
        await services.GetRequiredService<OrganisationSeeder>().SeedAsync(seedOptions.Value, cancellationToken);
        await services.GetRequiredService<DefinitionStartup>().LoadAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
