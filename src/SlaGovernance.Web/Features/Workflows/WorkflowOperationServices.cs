using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Features.Workflows;

public static class WorkflowOperationServices
{
    /// <summary>What operators do to instances (start, resume, cancel); the runtime itself is added by Hosting's AddWorkflows.</summary>
    public static WebApplicationBuilder AddWorkflowOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkflowInterventions>();
        builder.Services.AddAttentionSource<FailedWorkflowAttention>();
        return builder;
    }
}
