using SlaGovernance.Data;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Operations;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Workflows;

/// <summary>For administrators: workflow runs with execution errors, which retry until someone fixes the cause or cancels them.</summary>
public sealed class FailedWorkflowAttention(WorkflowOperations operations, IPersistenceProvider store, IEnumerable<IWorkflowSubjectSummary> summaries)
    : IAttentionSource
{
    public const int Shown = 20;

    public AttentionSection Section { get; } = new("failed-workflows", "Workflows with errors", 70,
        "No workflow run has an error. A failing step would appear here with its run, until it succeeds or is cancelled.");

    public bool AppliesTo(AttentionViewer viewer) => viewer.IsIn(Roles.Admin);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var items = new List<AttentionItem>();
        foreach (var run in (await operations.InstancesAsync(new InstanceQuery(null, null, true, PageRequest.Of(1, Shown)), cancellationToken)).Items)
        {
            var subject = (await store.GetWorkflowInstance(run.Id.ToString(), cancellationToken))?.Data as WorkflowSubject;
            var about = subject is not null && summaries.FirstOrDefault(s => s.SubjectType == subject.Type) is { } describer
                ? await describer.SummaryAsync(subject, cancellationToken)
                : null;
            items.Add(new AttentionItem("failed-workflow", $"{run.DefinitionId} run{(about is null ? "" : $" for {about}")}", null, false,
                $"/workflows/{run.Id}", "Read the error on its timeline, fix the cause, then resume or cancel it on the workflow operations page.",
                $"{run.ErrorCount} error{(run.ErrorCount == 1 ? "" : "s")} recorded."));
        }
        return items;
    }
}
