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

/// <summary>The real host on a loopback port, and Debian's Chromium driven by Playwright (never a downloaded browser).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string AdminPassword = "admin-password-1";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"slagov-browser-{Guid.NewGuid():N}.db");
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

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
            // The suite signs in many people from 127.0.0.1 within the minute the sign-in throttle counts.
            builder.UseSetting("Security:LoginAttemptsPerMinute", "1000");
            builder.UseSetting("Security:LoginAttemptsPerAccount", "1000");
            builder.UseSetting("Seed:AdminPassword", AdminPassword);
            // A seeded import is signed at once, so the pages of running agreements and their change requests can be reviewed.
            builder.UseSetting("Agreements:ImportNeedsConfirmation", "false");
            // Most suites approve and renew agreements of high-risk vendors without writing exit plans; the requirement is tested on its own (ExitPlanRequirementTests).
            builder.UseSetting("ExitPlans:Required", "false");
            // Due diligence of a new vendor would open four review tasks per seeded vendor; it has its own tests.
            builder.UseSetting("Assessments:StartForNewVendors", "false");
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright, chromium);
    }

    /// <summary>Debian's Chromium, headless, as every browser fixture starts it.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string chromium) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = chromium,
        Headless = true,
        // Root cannot use Chromium's sandbox here; the rest keeps Chromium off a network this machine does not have.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"],
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_databasePath + suffix);
    }
}
