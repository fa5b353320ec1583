using System.Text.Json;
using Microsoft.Extensions.Options;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Exits;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Exits;

/// <summary>Whether approvals and renewal decisions wait for an exit plan where the vendor is critical or high-risk.</summary>
public sealed class ExitPlanOptions
{
    public const string Section = "ExitPlans";

    public bool Required { get; set; } = true;
}

/// <summary>
/// Exit plans are required for agreements with critical and high-risk vendors: the approval of a new agreement and each renewal decision
/// route to an "Exit plan missing" task while there is none, which closes (<see cref="PlanSavedOutcome"/>) when a plan is saved.
/// </summary>
public sealed class ExitPlanRequirement(AgreementStore agreements, VendorStore vendors, ExitStore exits, IOptions<ExitPlanOptions> options)
{
    /// <summary>What the "Exit plan missing" task closes with once a plan is saved.</summary>
    public const string PlanSavedOutcome = "plan-saved";

    public static bool RequiresPlan(RiskTier tier) => tier is RiskTier.Critical or RiskTier.High;

    /// <summary>True when the agreement's vendor is critical or high-risk and the agreement has no exit plan.</summary>
    public async Task<bool> MissingAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Required || await agreements.GetAsync(agreementId, cancellationToken) is not { VendorId: { } vendorId }
            || await vendors.GetAsync(vendorId, cancellationToken) is not { } vendor || !RequiresPlan(vendor.RiskTier))
            return false;
        return (await exits.PlansAsync(agreementId, cancellationToken)).Count == 0;
    }
}

/// <summary>exit-plan-check (workflows/sla-approval.json): sets 'exitPlanMissing' as the agreement stands when its approvals are in.</summary>
public sealed class ExitPlanCheckAction(ExitPlanRequirement requirement) : IWorkflowAction
{
    public string Name => "exit-plan-check";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken) =>
        context.Subject.Fields["exitPlanMissing"] = JsonSerializer.SerializeToElement(await requirement.MissingAsync(Guid.Parse(context.Subject.Id), cancellationToken));
}

/// <summary>
/// renewal-exit-plan-check (workflows/renewal.json): 'decision' is the outcome of this run's decision task (renew, renegotiate or
/// terminate), and 'exitPlanMissing' whether the agreement still needs its exit plan before the decision is carried out.
/// </summary>
public sealed class RenewalExitPlanCheckAction(ExitPlanRequirement requirement, TaskStore tasks) : IWorkflowAction
{
    public string Name => "renewal-exit-plan-check";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var decided = (await tasks.OfWorkflowAsync(Guid.Parse(context.WorkflowId), cancellationToken))
            .Where(t => t.StepId == "decide" && t.Status == WorkflowTaskStatus.Completed).MaxBy(t => t.CompletedAt)
            ?? throw new InvalidOperationException($"Renewal workflow {context.WorkflowId} has no completed decision to carry out.");
        context.Subject.Fields["decision"] = JsonSerializer.SerializeToElement(decided.Outcome);
        context.Subject.Fields["exitPlanMissing"] = JsonSerializer.SerializeToElement(await requirement.MissingAsync(Guid.Parse(context.Subject.Id), cancellationToken));
    }
}
