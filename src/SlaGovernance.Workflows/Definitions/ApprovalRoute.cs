using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Steps;

namespace SlaGovernance.Workflows.Definitions;

/// <summary>
/// One approval stage a request is routed through: its step, what it is called, whose it is, how many approvals decide it,
/// and why the definition's decisions sent the request there (null for a stage every request passes).
/// </summary>
public sealed record PlannedStage(string StepId, string Title, string Role, Quorum? Quorum, string? Reason);

/// <summary>
/// The approval stages a request passes when each stage approves: the definition walked from its start, each decision
/// evaluated over the subject's fields captured at the start. Decisions read nothing else, so the plan made when a task
/// opens is the route the instance takes, and a page can show stages not reached yet.
/// </summary>
public static class ApprovalRoute
{
    public static IReadOnlyList<PlannedStage> Plan(DefinitionDocument document, IReadOnlyDictionary<string, object?> settings, WorkflowSubject subject)
    {
        var steps = document.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var stages = new List<PlannedStage>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        string? reason = null;
        string? at = document.Start;
        while (at is not null && visited.Add(at) && steps.TryGetValue(at, out var step))
        {
            switch (step.Inputs)
            {
                case ApprovalInputs approval:
                    stages.Add(new PlannedStage(step.Id, step.Title ?? step.Id, approval.Role, approval.Quorum, reason));
                    reason = null;
                    at = approval.Routes.GetValueOrDefault(approval.EffectiveApproveOutcome);
                    break;
                case DecisionInputs decision:
                    var taken = decision.Branches.FirstOrDefault(b => Conditions.Evaluate(b.When, subject, settings));
                    if (taken?.Reason is { } why)
                        reason = reason is null ? why : $"{reason} {why}";
                    at = taken?.Next ?? decision.Otherwise;
                    break;
                default:
                    at = step.Routes.FirstOrDefault(r => r.Outcome is null)?.Target;
                    break;
            }
        }
        return stages;
    }
}
