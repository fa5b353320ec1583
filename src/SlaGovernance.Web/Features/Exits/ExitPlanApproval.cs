using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Exits;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Exits;

/// <summary>What workflows/exit-plan-approval.json reads of a plan version put to the board.</summary>
[StartsDefinition(ExitPlanApproval.Definition)]
public sealed record ExitPlanApprovalFields(string Title, string Vendor, int Version, string Strategy, string Owner, string AgreementId) : SubjectFields;

/// <summary>
/// A critical vendor's exit plan goes to the Governance board (workflows/exit-plan-approval.json), each version on its own: the subject
/// is the plan version ("{agreement}/{version}"), started after the save commits, once (a workflow already started under the
/// version's reference is linked instead).
/// </summary>
public sealed class ExitPlanApproval(ExitStore exits, AgreementStore agreements, VendorStore vendors, RenewalCycleStore cycles, IWorkflowHost workflows)
    : DomainEventSubscriber<ExitPlanSubmitted>
{
    public const string Definition = "exit-plan-approval";
    public const string SubjectType = "ExitPlan";

    public static string SubjectId(Guid agreementId, int version) => $"{agreementId:D}/{version}";

    public static (Guid AgreementId, int Version) Parse(string subjectId) =>
        (Guid.Parse(subjectId[..36]), int.Parse(subjectId[37..], System.Globalization.CultureInfo.InvariantCulture));

    protected override async Task HandleAsync(ExitPlanSubmitted submitted, CancellationToken cancellationToken)
    {
        var plan = await exits.PlanAsync(submitted.AgreementId, submitted.Version, cancellationToken);
        if (plan is null || plan.ApprovalWorkflowId is not null || plan.ApprovalStatus != ExitPlanApprovalStatus.Pending)
            return;
        var reference = $"exit-plan/{SubjectId(plan.AgreementId, plan.Version)}";
        var workflowId = await cycles.WorkflowByReferenceAsync(reference, cancellationToken);
        if (workflowId is null)
        {
            var agreement = (await agreements.GetAsync(plan.AgreementId, cancellationToken))!;
            var vendor = agreement.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.Name : null;
            var subject = new WorkflowSubject
            {
                Type = SubjectType, Id = SubjectId(plan.AgreementId, plan.Version), RequestedBy = plan.CreatedBy,
                Fields = new ExitPlanApprovalFields(agreement.Title, vendor ?? "the provider", plan.Version, ExitStrategies.Label(plan.Strategy), plan.Owner,
                    plan.AgreementId.ToString()).ToFields(),
            };
            workflowId = Guid.Parse(await workflows.StartWorkflow(Definition, null, subject, reference));
        }
        await exits.SetPlanWorkflowAsync(plan.AgreementId, plan.Version, workflowId.Value, cancellationToken);
    }
}

/// <summary>The board's decision on a plan version, kept once: a replayed step finds it decided and changes nothing.</summary>
public sealed class ExitPlanApprovalStatuses(Database database, ExitStore exits, AgreementStore agreements, AuditLog audit, TimeProvider time) : IWorkflowSubjectStatus
{
    public string SubjectType => ExitPlanApproval.SubjectType;

    public async Task SetStatusAsync(WorkflowSubject subject, string status, string workflowId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var (agreementId, version) = ExitPlanApproval.Parse(subject.Id);
        var plan = await exits.PlanAsync(agreementId, version, cancellationToken)
            ?? throw new InvalidOperationException($"Agreement {agreementId} has no exit plan version {version}.");
        if (plan.ApprovalWorkflowId is { } owner && owner != Guid.Parse(workflowId))
            throw new InvalidOperationException($"Workflow {workflowId} cannot decide exit plan {subject.Id}: workflow {owner} runs it. Cancel this instance.");
        if (plan.ApprovalStatus == status)
            return;
        var move = ExitPlanApprovalStatus.Lifecycle.Move(plan.ApprovalStatus ?? "", status);
        if (!move.IsAllowed)
            throw new InvalidOperationException(move.Refusal);
        var title = (await agreements.GetAsync(agreementId, cancellationToken))?.Title ?? "the agreement";
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await exits.DecidePlanAsync(unit, agreementId, version, status, time.GetUtcNow(), cancellationToken))
            return;
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "exit-plan.board", "Agreement", agreementId.ToString(),
            $"Exit plan version {version} of {title}: {ExitPlanApprovalStatus.Label(status)}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>Task lines naming a plan version: the agreement, the vendor, the version and its strategy.</summary>
public sealed class ExitPlanTaskSummary(ExitStore exits, AgreementStore agreements, VendorStore vendors) : IWorkflowSubjectSummary
{
    public string SubjectType => ExitPlanApproval.SubjectType;

    public async Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken)
    {
        if (subject.Id.Length < 38 || !Guid.TryParse(subject.Id[..36], out _))
            return null;
        var (agreementId, version) = ExitPlanApproval.Parse(subject.Id);
        if (await exits.PlanAsync(agreementId, version, cancellationToken) is not { } plan || await agreements.GetAsync(agreementId, cancellationToken) is not { } agreement)
            return null;
        var vendor = agreement.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.Name : null;
        return string.Join(" · ", new[]
        {
            agreement.Title, vendor, $"exit plan version {plan.Version}: {ExitStrategies.Label(plan.Strategy)}, {plan.Inventory.Count} data set(s), " +
                $"{plan.TransitionDays} days of transition assistance, owned by {plan.Owner}",
        }.Where(p => p is not null));
    }
}
