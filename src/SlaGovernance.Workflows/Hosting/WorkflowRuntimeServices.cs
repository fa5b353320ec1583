using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using SlaGovernance.Workflows.Locks;
using SlaGovernance.Workflows.Persistence;
using SlaGovernance.Workflows.Steps;
using WorkflowCore.Interface;

namespace SlaGovernance.Workflows.Hosting;

public sealed class WorkflowRuntimeOptions
{
    /// <summary>How often timers and runnable instances are looked for; a timer fires within one interval of its due time.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a worker waits when it finds no work; WorkflowCore's default is 100 ms.</summary>
    public TimeSpan IdleTime { get; set; } = TimeSpan.FromMilliseconds(5);

    public LockOptions Locks { get; set; } = new();

    /// <summary>
    /// How many instances and events the engine works on at once. WorkflowCore's default is the core count (two here),
    /// while a step mostly waits on the database, so more keeps the cores busy.
    /// </summary>
    public int MaxConcurrentWorkflows { get; set; } = Math.Max(Environment.ProcessorCount * 4, 8);

    /// <summary>The folder holding the definition files; workflow.schema.json beside them is for editors and is not loaded.</summary>
    public string DefinitionsFolder { get; set; } = "workflows";
}

public static class WorkflowRuntimeServices
{
    /// <summary>Puts a type on the allow-list of what workflow data and event payloads may hold.</summary>
    public static IServiceCollection AddPersistedType<T>(this IServiceCollection services, string alias) =>
        services.AddSingleton(new PersistedTypeRegistration(typeof(T), alias));

    /// <summary>
    /// WorkflowCore over our persistence and locks, with its clock taken from the injected TimeProvider. The host registers
    /// how emails are sent (<see cref="Emails.IWorkflowEmails"/>).
    /// </summary>
    public static IServiceCollection AddWorkflowRuntime(this IServiceCollection services, WorkflowRuntimeOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddPersistedType<WorkflowSubject>("wf.subject");
        services.AddPersistedType<WaitTimeout>("wf.wait-timeout");
        services.AddSingleton<PersistedTypes>();
        services.TryAddSingleton<SlaGovernance.Data.Calendars.BusinessCalendarStore>();
        services.AddSingleton<BusinessTime>();
        foreach (var stepType in StepTypes.All)
            services.AddTransient(stepType.BodyType);
        services.TryAddSingleton<SlaGovernance.Data.Identity.UserStore>();
        services.AddSingleton<Tasks.TaskNotices>();
        services.AddSingleton<Tasks.TaskRouting>();
        services.AddSingleton<Tasks.TaskDeadlines>();
        services.AddPersistedType<Tasks.TaskCompleted>("wf.task-completed");
        services.AddPersistedType<Tasks.TaskExpired>("wf.task-expired");
        services.TryAddSingleton<SlaGovernance.Data.Audit.AuditLog>();
        services.AddSingleton<Tasks.InboxChanges>();
        services.AddSingleton<Tasks.TaskStore>();
        services.AddSingleton<Tasks.TaskCompletion>();
        services.AddSingleton<Tasks.TaskParticipants>();
        services.AddSingleton<Tasks.TaskClosing>();
        services.AddSingleton<Tasks.TaskContexts>();
        services.AddSingleton<Operations.ApprovalProgress>();
        services.AddSingleton<Operations.SubjectRefresh>();
        services.AddSingleton(sp => new DefinitionValidator(sp.GetServices<IWorkflowAction>(), sp.GetServices<IWorkflowSubjectStatus>()));
        services.AddSingleton<DefinitionCatalogue>();
        services.AddSingleton<Operations.WorkflowOperations>();
        services.AddSingleton<Operations.WorkflowJournal>();
        services.AddSingleton<DapperPersistenceProvider>();
        services.AddSingleton(options.Locks);
        services.AddSingleton<DatabaseLockProvider>();
        services.AddWorkflowStepMiddleware<WorkflowStepMetrics>();
        services.AddWorkflow(workflow =>
        {
            workflow.UsePersistence(sp => sp.GetRequiredService<DapperPersistenceProvider>());
            workflow.UseDistributedLockManager(sp => sp.GetRequiredService<DatabaseLockProvider>());
            workflow.UseQueueProvider(_ => new AwaitingQueueProvider());
            workflow.UsePollInterval(options.PollInterval);
            workflow.UseIdleTime(options.IdleTime);
            workflow.UseMaxConcurrentWorkflows(options.MaxConcurrentWorkflows);
            // No search index is configured, so its consumer would only re-read every instance after each pass.
            workflow.EnableIndexes = false;
        });
        services.Replace(ServiceDescriptor.Singleton<ILifeCycleEventPublisher, AwaitingLifeCycleEventPublisher>());
        services.Replace(ServiceDescriptor.Singleton<IDateTimeProvider, TimeProviderClock>());
        services.Replace(ServiceDescriptor.Transient<IExecutionPointerFactory>(_ =>
            new DeterministicPointerFactory(new WorkflowCore.Services.ExecutionPointerFactory())));
        services.Replace(ServiceDescriptor.Transient<IWorkflowExecutor>(sp =>
            new RunUntilWaitingExecutor(ActivatorUtilities.CreateInstance<WorkflowCore.Services.WorkflowExecutor>(sp))));
        return services;
    }
}

/// <summary>WorkflowCore's clock, read from the TimeProvider so tests can move time.</summary>
public sealed class TimeProviderClock(TimeProvider time) : IDateTimeProvider
{
    public DateTime Now => time.GetLocalNow().DateTime;
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
}
