using SlaGovernance.Workflows.Definitions;
using SlaGovernance.Workflows.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Hosting;

/// <summary>The <c>Workflows</c> configuration section.</summary>
public sealed class WorkflowSettings
{
    public const string Section = "Workflows";

    /// <summary>Where the definition files are; by default the workflows folder shipped beside the application.</summary>
    public string? DefinitionsFolder { get; set; }

    public double PollIntervalSeconds { get; set; } = 1;

    /// <summary>Completed and cancelled instances older than this are deleted; their tasks and audit entries stay.</summary>
    public int PurgeFinishedAfterDays { get; set; } = 365;

    /// <summary>Instance locks: Mode (Native or Lease), LeaseDuration (how long a crashed node's lease blocks others), InstanceLockWait.</summary>
    public SlaGovernance.Workflows.Locks.LockOptions Locks { get; set; } = new();
}

public static class WorkflowServices
{
    public static IHostApplicationBuilder AddWorkflows(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(WorkflowSettings.Section).Get<WorkflowSettings>() ?? new WorkflowSettings();
        builder.Services.AddWorkflowRuntime(new WorkflowRuntimeOptions
        {
            DefinitionsFolder = settings.DefinitionsFolder ?? Path.Combine(AppContext.BaseDirectory, "workflows"),
            PollInterval = TimeSpan.FromSeconds(settings.PollIntervalSeconds),
            Locks = settings.Locks,
        });
        builder.Services.AddSingleton<SlaGovernance.Workflows.Emails.IWorkflowEmails, OutboxWorkflowEmails>();
        builder.Services.AddSingleton<WorkflowEngineService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkflowEngineService>());
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<FinishedWorkflowPurge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FinishedWorkflowPurge>());
        builder.Services.AddHostedService<TaskDeadlineService>();
        return builder;
    }
}

/// <summary>Runs the engine; it starts after DatabaseStartup has migrated the database and loaded the definitions.</summary>
public sealed class WorkflowEngineService(IWorkflowHost host, TimeProvider time, ILogger<WorkflowEngineService> logger) : IHostedService
{
    private volatile bool _started;

    /// <summary>When the engine started (by the injected clock), or null while it is not running: readiness reads it.</summary>
    public DateTimeOffset? RunningSince { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await host.StartAsync(cancellationToken);
        _started = true;
        RunningSince = time.GetUtcNow();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
            return;
        _started = false;
        RunningSince = null;
        try
        {
            await host.StopAsync(cancellationToken);
        }
        catch (Exception e) when (e is NullReferenceException or ObjectDisposedException)
        {
            // WorkflowCore 3.22 stops its life-cycle event publisher twice while stopping; its workers have stopped by then.
            logger.LogDebug(e, "WorkflowCore reported an error while stopping");
        }
    }
}

/// <summary>Once a day, deletes finished instances older than Workflows:PurgeFinishedAfterDays, so history does not slow the store.</summary>
public sealed class FinishedWorkflowPurge(SlaGovernance.Workflows.Persistence.DapperPersistenceProvider store, WorkflowSettings settings,
    TimeProvider time, ILogger<FinishedWorkflowPurge> logger) : BackgroundService
{
    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var cutOff = time.GetUtcNow().AddDays(-settings.PurgeFinishedAfterDays).UtcDateTime;
        await store.PurgeWorkflows(WorkflowCore.Models.WorkflowStatus.Complete, cutOff, cancellationToken);
        await store.PurgeWorkflows(WorkflowCore.Models.WorkflowStatus.Terminated, cutOff, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Finished workflow instances could not be purged; trying again tomorrow");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>Every minute, sends due task reminders and escalates overdue tasks (see TaskDeadlines).</summary>
public sealed class TaskDeadlineService(SlaGovernance.Workflows.Tasks.TaskDeadlines deadlines, TimeProvider time, ILogger<TaskDeadlineService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var (reminded, escalated) = await deadlines.RunOnceAsync(stoppingToken);
                if (reminded + escalated > 0)
                    logger.LogInformation("Sent {Reminded} task reminder(s), escalated {Escalated} overdue task(s)", reminded, escalated);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Task reminders and escalations failed this round; trying again in a minute");
            }
        }
    }
}

/// <summary>
/// Loads workflows/*.json (the definitions, then the incident criteria and the due diligence questionnaires beside them) after
/// migrations; a bad file stops start-up with the file, the JSON path and the rule.
/// </summary>
public sealed class DefinitionStartup(DefinitionCatalogue catalogue, Features.Incidents.IncidentCriteriaCatalogue incidentCriteria,
    Features.Assessments.QuestionnaireCatalogue questionnaires, WorkflowRuntimeOptions options,
    Microsoft.Extensions.Options.IOptions<Features.Assessments.AssessmentOptions> assessments, ILogger<DefinitionStartup> logger)
{
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var loaded = await catalogue.LoadAsync(options.DefinitionsFolder, cancellationToken);
        // The criteria are read beside the definitions; a folder of definitions alone (a deployment's own, a test's) uses the shipped copy.
        var shipped = Path.Combine(AppContext.BaseDirectory, "workflows");
        incidentCriteria.Load(Directory.Exists(options.DefinitionsFolder)
                              && Directory.EnumerateFiles(options.DefinitionsFolder, "incident-criteria.v*.json").Any() ? options.DefinitionsFolder : shipped);
        logger.LogInformation("Workflow definitions loaded from {Folder}: {Definitions}", options.DefinitionsFolder,
            loaded.Count == 0 ? "none" : string.Join(", ", loaded.Select(d => $"{d.Id} v{d.Version}")));
        // The questionnaires of due diligence are data beside the definitions and are checked as strictly: a bad file stops start-up.
        var folder = assessments.Value.QuestionnairesFolder
                     ?? Path.Combine(AppContext.BaseDirectory, "workflows", Features.Assessments.QuestionnaireCatalogue.Folder);
        var questions = questionnaires.Load(folder);
        logger.LogInformation("Questionnaires loaded: {Questionnaires}", string.Join(", ", questions.Select(q => q.Key)));
    }
}

/// <summary>
/// Unhealthy when the engine is stopped or its poller has not asked for due work for ten poll intervals (at least 30 s):
/// then timers do not fire, escalations wait and instances woken on another node are not picked up.
/// </summary>
public sealed class WorkflowPollerHealthCheck(WorkflowEngineService engine, SlaGovernance.Workflows.Persistence.DapperPersistenceProvider store,
    WorkflowRuntimeOptions options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var patience = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.PollInterval.Ticks * 10));
        var every = $"it should every {options.PollInterval.TotalSeconds:0.###} s";
        if (engine.RunningSince is not { } since)
            return Task.FromResult(HealthCheckResult.Unhealthy(
                "The workflow engine is stopped: its poller looks for no due work, so timers do not fire, escalations wait and no step runs."));
        if (store.LastPolledAt is not { } polled)
            return Task.FromResult(now - since > patience
                ? HealthCheckResult.Unhealthy(
                    $"The workflow poller has not looked for due work since the engine started {Ago(now - since)} ago; {every}.")
                : HealthCheckResult.Healthy("The workflow engine is starting."));
        return Task.FromResult(now - polled > patience
            ? HealthCheckResult.Unhealthy(
                $"The workflow poller last looked for due work {Ago(now - polled)} ago; {every}. Timers and escalations wait until it does.")
            : HealthCheckResult.Healthy($"The workflow poller looked for due work {Ago(now - polled)} ago."));
    }

    private static string Ago(TimeSpan elapsed) =>
        elapsed < TimeSpan.FromMinutes(2) ? $"{Math.Max(0, elapsed.TotalSeconds):0} s" : $"{elapsed.TotalMinutes:0} min";
}
