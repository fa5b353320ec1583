using SlaGovernance.Workflows.Definitions;
using SlaGovernance.Workflows.Hosting;

namespace SlaGovernance.Web.Hosting;

/// <summary>The <c>Workflows</c> configuration section.</summary>
public sealed class WorkflowSettings
{
    public const string Section = "Workflows";

    /// <summary>Where the definition files are; by default the workflows folder shipped beside the application.</summary>
    public string? DefinitionsFolder { get; set; }

    public double PollIntervalSeconds { get; set; } = 1;
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
        });
        // WorkflowCore registers its host as a hosted service; it starts after DatabaseStartup has migrated and loaded definitions.
        builder.Services.AddSingleton<Features.Workflows.WorkflowInterventions>();
        return builder;
    }
}

/// <summary>Loads workflows/*.json after migrations; a bad file stops start-up with the file, the JSON path and the rule.</summary>
public sealed class DefinitionStartup(DefinitionCatalogue catalogue, WorkflowRuntimeOptions options, ILogger<DefinitionStartup> logger)
{
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var loaded = await catalogue.LoadAsync(options.DefinitionsFolder, cancellationToken);
        logger.LogInformation("Workflow definitions loaded from {Folder}: {Definitions}", options.DefinitionsFolder,
            loaded.Count == 0 ? "none" : string.Join(", ", loaded.Select(d => $"{d.Id} v{d.Version}")));
    }
}
