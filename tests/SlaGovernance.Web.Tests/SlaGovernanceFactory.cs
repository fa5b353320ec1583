using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Tests;

/// <summary>The real host over a SQLite file of its own, with a clock the test moves and an administrator to start from.</summary>
public class SlaGovernanceFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "admin-password-1";

    public string DatabasePath { get; init; } = Path.Combine(Path.GetTempPath(), $"slagov-web-{Guid.NewGuid():N}.db");
    public Dictionary<string, string?> Settings { get; init; } = [];

    /// <summary>Where this host writes its emails as .eml files (no SMTP is configured in tests).</summary>
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), $"slagov-mail-{Guid.NewGuid():N}");

    /// <summary>False for a factory standing for a host that restarts on the same database.</summary>
    public bool DeleteDatabaseOnDispose { get; init; } = true;
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Seed:AdminUserName", "admin");
        builder.UseSetting("Seed:AdminPassword", AdminPassword);
        builder.UseSetting("Security:LoginAttemptsPerMinute", "1000");
        builder.UseSetting("Security:LoginAttemptsPerAccount", "1000");
        builder.UseSetting("Email:PickupDirectory", MailDirectory);
        // Most suites import signed agreements only to have one; the confirmation workflow is tested on its own (SegregationOfDutiesTests).
        builder.UseSetting("Agreements:ImportNeedsConfirmation", "false");
        // Most suites approve and renew agreements of high-risk vendors without writing exit plans; the requirement is tested on its own (ExitPlanRequirementTests).
        builder.UseSetting("ExitPlans:Required", "false");
        // Most suites create vendors only to have one; due diligence of a new vendor is tested on its own (VendorAssessmentWorkflowTests).
        builder.UseSetting("Assessments:StartForNewVendors", "false");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A user with the given roles, created through the same service the admin pages use.</summary>
    public async Task<(Guid Id, string UserName, string Password)> CreateUserAsync(string userName, params string[] roles)
    {
        var password = $"{userName}-password-1";
        var result = await Services.GetRequiredService<UserAdministration>().CreateAsync("test",
            new UserAccountInput(userName, userName, $"{userName}@example.com", "Europe/London", roles), password);
        Assert.Null(result.Errors);
        return (result.Value!.Id, userName, password);
    }

    /// <summary>An HTTP client that authenticates with a fresh API token of a new user with these roles.</summary>
    public async Task<HttpClient> ApiClientAsync(string userName, params string[] roles)
    {
        var user = await CreateUserAsync(userName, roles);
        var issued = await Services.GetRequiredService<ApiTokens>().IssueAsync(user.Id, userName, "tests", null);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Value!.Secret);
        return client;
    }

    /// <summary>Waits until every domain event written so far has reached its handlers, as the dispatcher does within moments.</summary>
    public Task DrainEventsAsync() => Services.GetRequiredService<SlaGovernance.Data.Events.DomainEventDispatcher>().DrainAsync();

    /// <summary>
    /// Waits until the workflow has nothing left to run now: every live step waits for an event or a timer, or is a branch whose paths do.
    /// What its steps write (tasks, their emails, letters) is then committed, so a test may count it without racing the workflow.
    /// </summary>
    public async Task UntilWorkflowWaitsAsync(string workflowId)
    {
        var persistence = Services.GetRequiredService<WorkflowCore.Interface.IPersistenceProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var instance = await persistence.GetWorkflowInstance(workflowId);
            var live = instance.ExecutionPointers.Where(p => p.Active).ToList();
            // WorkflowCore deactivates a pointer while it waits for an event; a wait outside any parallel leaves no live pointer at all.
            var waiting = instance.ExecutionPointers.Any(p => p.Status == WorkflowCore.Models.PointerStatus.WaitingForEvent && !p.EventPublished);
            if (instance.Status != WorkflowCore.Models.WorkflowStatus.Runnable || (live.Count == 0 && waiting)
                || (live.Count > 0 && live.All(p => p.Status is WorkflowCore.Models.PointerStatus.WaitingForEvent or WorkflowCore.Models.PointerStatus.Sleeping
                    || (p.Status == WorkflowCore.Models.PointerStatus.Running && p.Children.Count > 0))))
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Workflow {workflowId} still has steps to run: "
                    + string.Join(", ", live.Select(p => $"{p.StepName ?? p.StepId.ToString(System.Globalization.CultureInfo.InvariantCulture)}={p.Status}")));
            await Task.Delay(50);
        }
    }

    public Task<HttpClient> AdminApiAsync() => ApiClientAsync("api-admin-" + Guid.NewGuid().ToString("N")[..6], Roles.Admin);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(MailDirectory))
            Directory.Delete(MailDirectory, recursive: true);
        if (!DeleteDatabaseOnDispose)
            return;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(DatabasePath + suffix);
    }
}
