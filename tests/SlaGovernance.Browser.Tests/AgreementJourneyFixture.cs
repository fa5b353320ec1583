using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SlaGovernance.Tests;

namespace SlaGovernance.Browser.Tests;

/// <summary>
/// The real host with the shipped workflow definitions, its outbox sending to a loopback SMTP server, and Chromium:
/// for journeys across several people that end in the emails each of them received.
/// </summary>
public sealed class AgreementJourneyFixture : IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"slagov-journey-{Guid.NewGuid():N}.db");
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public LoopbackSmtpServer Smtp { get; } = new();
    public IBrowser? Browser { get; private set; }
    public string BaseUrl { get; private set; } = "";
    public string? SkipReason { get; private set; }
    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.Chromium is not { } chromium)
        {
            SkipReason = $"No Chromium: install Debian's chromium package or set {TestEnvironment.ChromiumVariable}; .ci/run does both.";
            return;
        }
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", $"Data Source={_databasePath}");
            builder.UseSetting("Seed:AdminUserName", "admin");
            // Every journey signs in a dozen people from 127.0.0.1 within the minute the sign-in throttle counts.
            builder.UseSetting("Security:LoginAttemptsPerMinute", "1000");
            builder.UseSetting("Security:LoginAttemptsPerAccount", "1000");
            builder.UseSetting("Seed:AdminPassword", BrowserFixture.AdminPassword);
            // Journeys that start from a running agreement import it signed, without a second person's confirmation round.
            builder.UseSetting("Agreements:ImportNeedsConfirmation", "false");
            // Most suites approve and renew agreements of high-risk vendors without writing exit plans; the requirement is tested on its own (ExitPlanRequirementTests).
            builder.UseSetting("ExitPlans:Required", "false");
            // Due diligence of a new vendor would open four review tasks per seeded vendor; it has its own tests.
            builder.UseSetting("Assessments:StartForNewVendors", "false");
            builder.UseSetting("Workflows:DefinitionsFolder", Path.Combine(TestEnvironment.RepositoryRoot(), "workflows"));
            builder.UseSetting("Workflows:PollIntervalSeconds", "0.2");
            builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
            builder.UseSetting("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Email:Smtp:Security", "None");
            builder.UseSetting("Email:Outbox:PollInterval", "00:00:00.200");
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright, chromium);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        await Smtp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_databasePath + suffix);
    }
}
