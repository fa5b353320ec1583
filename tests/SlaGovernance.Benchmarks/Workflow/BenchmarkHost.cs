using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SlaGovernance.Data;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Hosting;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Benchmarks.Workflow;

/// <summary>
/// The real web application, built as Program builds it (AddSlaGovernance, UseSlaGovernance), listening on a loopback
/// port of its own, so clients go through Kestrel, authentication and the task API exactly as scripts do.
/// </summary>
public sealed class BenchmarkHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchmarkHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="database">Replaces the configured database, e.g. with one whose connections count their commits.</param>
    /// <param name="settings">Configuration over the defaults below.</param>
    /// <param name="services">Changes to the application's services, e.g. background sweeps a benchmark leaves out.</param>
    public static async Task<BenchmarkHost> StartAsync(string provider, string connectionString, string definitionsFolder, Database? database = null,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Benchmark",
            ApplicationName = typeof(SlaGovernanceHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
            ["Seed:DemoData"] = "false",
            ["Seed:AdminUserName"] = "admin",
            ["Seed:AdminPassword"] = "benchmark-admin-password",
            ["Audit:CheckpointKey"] = "benchmark-audit-checkpoint-key-0123456789",
            ["Workflows:DefinitionsFolder"] = definitionsFolder,
            ["Email:PickupDirectory"] = Path.Combine(definitionsFolder, "mail"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.StaticFiles"] = "Error",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddSlaGovernance();
        builder.Logging.ClearProviders().AddSimpleConsole();
        if (database is not null)
            builder.Services.Replace(ServiceDescriptor.Singleton(database));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseSlaGovernance();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BenchmarkHost(app, new Uri(address));
    }

    /// <summary>A person with one role and a client that authenticates with a fresh personal API token of theirs.</summary>
    public async Task<HttpClient> ApiClientAsync(string userName, string role)
    {
        var created = await Services.GetRequiredService<UserAdministration>().CreateAsync("benchmark",
            new UserAccountInput(userName, userName, $"{userName}@example.com", "Europe/London", [role]), $"{userName}-password-1");
        var user = created.Value ?? throw new InvalidOperationException($"Could not create user {userName}: {string.Join("; ", created.Errors?.SelectMany(e => e.Value) ?? [created.Message])}");
        var token = await Services.GetRequiredService<ApiTokens>().IssueAsync(user.Id, userName, "benchmark", null);
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Value!.Secret);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
