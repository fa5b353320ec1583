using System.Security.Cryptography;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Audit;
using SlaGovernance.Web.Hosting;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Audit;

/// <summary>The <c>Audit</c> configuration section.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// The key that seals checkpoints (at least 32 characters), from configuration only: the Data Protection keys live in the
    /// database, and a key kept beside the log would let whoever edits the log seal the result.
    /// </summary>
    public string? CheckpointKey { get; set; }

    /// <summary>How often the log's head is sealed when it has grown.</summary>
    public double CheckpointMinutes { get; set; } = 5;
}

public static class AuditServices
{
    /// <summary>Checkpoints of the audit log (the seal from Audit:CheckpointKey, and a schedule that writes them) and the sign-in record.</summary>
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();
        var environment = builder.Environment;
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => CreateSeal(options, environment, sp.GetRequiredService<ILogger<AuditCheckpointSeal>>()));
        builder.Services.AddSingleton<AuditCheckpoints>();
        builder.Services.AddSingleton<SignInAudit>();
        builder.Services.AddHostedService<AuditCheckpointSchedule>();
        return builder;
    }

    /// <summary>The configured key; in Development and Testing a key made for this process, with a warning; elsewhere none is refused.</summary>
    public static AuditCheckpointSeal CreateSeal(AuditOptions options, IHostEnvironment environment, ILogger logger)
    {
        if (string.IsNullOrEmpty(options.CheckpointKey))
        {
            if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
                throw new InvalidSettingException(
                    $"Audit:CheckpointKey is not set. Give a random secret of at least {AuditCheckpointSeal.MinimumKeyLength} characters " +
                    "(for example `openssl rand -base64 48`) from the environment or a secret store, never from the database.");
            logger.LogWarning(
                "Audit:CheckpointKey is not set: audit checkpoints are sealed with a key made for this process, which ends with it, so " +
                "checkpoints written before a restart are not checked. Set Audit:CheckpointKey outside {Environment}.", environment.EnvironmentName);
            return new AuditCheckpointSeal(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        }
        if (options.CheckpointKey.Length < AuditCheckpointSeal.MinimumKeyLength)
            throw new InvalidSettingException(
                $"Audit:CheckpointKey has {options.CheckpointKey.Length} characters; give a random secret of at least {AuditCheckpointSeal.MinimumKeyLength}.");
        return new AuditCheckpointSeal(options.CheckpointKey);
    }
}

/// <summary>Seals the audit log's head every Audit:CheckpointMinutes (when it has grown) and once at start-up.</summary>
public sealed class AuditCheckpointSchedule(IServiceProvider services, AuditOptions options, TimeProvider time, ILogger<AuditCheckpointSchedule> logger)
    : BackgroundService
{
    private AuditCheckpoints? _checkpoints;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here rather than in the constructor, so that a missing key stops start-up after the database's own checks.
        _checkpoints = services.GetRequiredService<AuditCheckpoints>();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.CheckpointMinutes), time);
        do
        {
            try
            {
                await _checkpoints!.WriteScheduledAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The audit checkpoint could not be written; trying again in {Minutes} minutes", options.CheckpointMinutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
