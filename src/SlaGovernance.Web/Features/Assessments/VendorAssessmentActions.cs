using Microsoft.Extensions.Options;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Assessments;

/// <summary>What the assessment workflow's steps share: the assessment, checked to be in the hands of the instance.</summary>
public static class VendorAssessmentWorkflow
{
    public const string Actor = "workflow";
    public const string BoardStep = "board";

    public static async Task<VendorAssessmentRow> AssessmentAsync(VendorAssessmentStore assessments, WorkflowSubject subject, string workflowId,
        CancellationToken cancellationToken)
    {
        var id = Guid.Parse(subject.Id);
        var row = await assessments.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"No assessment has id {id}.");
        // The instance is linked right after it starts; a step that runs first finds no link yet.
        if (row.WorkflowId is { } owner && owner != Guid.Parse(workflowId))
            throw new InvalidOperationException($"Workflow {workflowId} cannot act on {row.Reference}: workflow {owner} runs it. Cancel this instance.");
        return row;
    }

    public static void SetField<T>(WorkflowSubject subject, string name, T value) => subject.Fields[name] = System.Text.Json.JsonSerializer.SerializeToElement(value);

    public static void SetResultFields(WorkflowSubject subject, VendorAssessmentRow row)
    {
        VendorAssessmentWorkflow.SetField(subject, "inherentRisk", row.InherentRisk ?? 0);
        VendorAssessmentWorkflow.SetField(subject, "residualRisk", row.ResidualRisk ?? 0);
        VendorAssessmentWorkflow.SetField(subject, "resultTier", row.ResultTier ?? "");
        VendorAssessmentWorkflow.SetField(subject, "critical", row.ResultTier == nameof(RiskTier.Critical));
    }
}

/// <summary>
/// vendor-assessment-score: once the four reviews are in, the inherent risk from the factors, the control effectiveness from the review
/// scores and the residual risk and tier (VendorRisk), stored once with the assessment; a replay reads what is stored.
/// </summary>
public sealed class VendorAssessmentScoreAction(Database database, VendorAssessmentStore assessments, AuditLog audit) : IWorkflowAction
{
    public string Name => "vendor-assessment-score";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var row = await VendorAssessmentWorkflow.AssessmentAsync(assessments, context.Subject, context.WorkflowId, cancellationToken);
        if (row.ResidualRisk is null)
        {
            await using var unit = await database.BeginAsync(cancellationToken);
            row = (await assessments.GetAsync(unit, row.Id, cancellationToken))!;
            var factors = row.Factors() ?? throw new InvalidOperationException($"{row.Reference} has no criticality factors; the vendor manager's review rates them.");
            var reviews = await assessments.ReviewsAsync(unit, row.Id, cancellationToken);
            var scores = reviews.Select(r => ReviewArea.Find(r.Area) is { } area ? new AreaScore(area, r.Score) : null).OfType<AreaScore>().ToList();
            var result = VendorRisk.Assess(factors, scores);
            row = row with
            {
                InherentRisk = result.Inherent, ControlEffectiveness = result.ControlEffectiveness, ResidualRisk = result.Residual, ResultTier = result.Tier.ToString(),
            };
            if (!await assessments.UpdateAsync(unit, row, cancellationToken))
                throw new InvalidOperationException($"{row.Reference} changed while its risk was computed; the step is retried.");
            await audit.AppendAsync(unit, new AuditRecord(VendorAssessmentWorkflow.Actor, "vendor-assessment.scored", "VendorAssessment", row.Id.ToString(),
                $"{row.Reference} of {row.VendorName}: inherent risk {result.Inherent}, control effectiveness {result.ControlEffectiveness}%, residual risk " +
                $"{result.Residual}, tier {result.Tier} (reviews: {string.Join(", ", scores.Select(s => $"{s.Area.Label} {s.Score}"))})"), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        VendorAssessmentWorkflow.SetResultFields(context.Subject, row);
    }
}

/// <summary>
/// vendor-assessment-complete: the vendor's tier follows the result (the change audited with the assessment that caused it, the tier no
/// longer "set by hand"), the board's decision is kept, the next assessment is scheduled by the tier; once: a replay finds it completed.
/// </summary>
public sealed class VendorAssessmentCompleteAction(Database database, VendorAssessmentStore assessments, VendorStore vendors, TaskStore tasks,
    VendorOwners owners, IOptions<AssessmentOptions> options, AuditLog audit, TimeProvider time) : IWorkflowAction
{
    public string Name => "vendor-assessment-complete";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var row = await VendorAssessmentWorkflow.AssessmentAsync(assessments, context.Subject, context.WorkflowId, cancellationToken);
        if (row.Status != AssessmentStatus.Completed)
        {
            var now = time.GetUtcNow();
            var today = await owners.TodayAsync(now, cancellationToken);
            var board = Guid.TryParse(context.WorkflowId, out var workflowId)
                ? (await tasks.OfWorkflowAsync(workflowId, cancellationToken)).Where(t => t.StepId == VendorAssessmentWorkflow.BoardStep && t.Outcome is not null)
                    .OrderByDescending(t => t.CompletedAt).FirstOrDefault()
                : null;
            var tier = Enum.Parse<RiskTier>(row.ResultTier ?? throw new InvalidOperationException($"{row.Reference} has no result yet."));
            await using var unit = await database.BeginAsync(cancellationToken);
            var vendor = (await vendors.GetAsync(unit, row.VendorId, cancellationToken))!;
            if (vendor.RiskTier != tier || vendor.RiskTierSource != RiskTierSources.Assessment)
            {
                var updated = new VendorRow
                {
                    Id = vendor.Id, Name = vendor.Name, ContactName = vendor.ContactName, ContactEmail = vendor.ContactEmail, RiskTier = tier, Notes = vendor.Notes,
                    IsArchived = vendor.IsArchived, OwnerUserId = vendor.OwnerUserId, RiskTierSource = RiskTierSources.Assessment, Version = vendor.Version + 1,
                    CreatedAt = vendor.CreatedAt, CreatedBy = vendor.CreatedBy, UpdatedAt = now, UpdatedBy = VendorAssessmentWorkflow.Actor,
                };
                if (!await vendors.UpdateAsync(unit, updated, vendor.Version, cancellationToken))
                    throw new InvalidOperationException($"{vendor.Name} changed while its tier was set; the step is retried.");
                await audit.AppendAsync(unit, new AuditRecord(VendorAssessmentWorkflow.Actor, "vendor.tier-changed", "Vendor", vendor.Id.ToString(),
                    vendor.RiskTier == tier
                        ? $"Tier of {vendor.Name} stays {tier}, now set by assessment {row.Reference} (residual risk {row.ResidualRisk}) instead of by hand"
                        : $"Tier of {vendor.Name} changed from {vendor.RiskTier} to {tier} by assessment {row.Reference} (residual risk {row.ResidualRisk})",
                    $"{{\"riskTier\":\"{vendor.RiskTier}\",\"source\":\"{vendor.RiskTierSource}\"}}",
                    $"{{\"riskTier\":\"{tier}\",\"source\":\"{RiskTierSources.Assessment}\",\"assessmentId\":\"{row.Id}\"}}"), cancellationToken);
            }
            row = row with
            {
                Status = AssessmentStatus.Completed, CompletedAt = now, NextDueOn = options.Value.NextDue(today, tier),
                BoardDecision = board?.Outcome switch { "approve" => "Approved", "reject" => "Rejected", _ => null },
            };
            if (!await assessments.UpdateAsync(unit, row, cancellationToken))
                throw new InvalidOperationException($"{row.Reference} changed while it was completed; the step is retried.");
            await audit.AppendAsync(unit, new AuditRecord(VendorAssessmentWorkflow.Actor, "vendor-assessment.completed", "VendorAssessment", row.Id.ToString(),
                $"{row.Reference} of {row.VendorName} completed: tier {tier}" + (row.BoardDecision is { } d ? $", {d.ToLowerInvariant()} by the Governance board ({board!.CompletedBy})" : "") +
                $"; next assessment {(row.NextDueOn is { } next ? $"due {next:yyyy-MM-dd}" : "not scheduled for this tier")}"), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        VendorAssessmentWorkflow.SetResultFields(context.Subject, row);
        VendorAssessmentWorkflow.SetField(context.Subject, "nextDueOn", row.NextDueOn is { } due ? $"{due:yyyy-MM-dd}" : "not scheduled (low tier)");
        VendorAssessmentWorkflow.SetField(context.Subject, "boardOutcome", row.BoardDecision switch
        {
            "Approved" => "approved by the Governance board",
            "Rejected" => "rejected by the Governance board",
            _ => "no board approval needed",
        });
    }
}

/// <summary>Moves an assessment's status as its workflow asks, once: a replayed step finds it already there and changes nothing.</summary>
public sealed class VendorAssessmentStatuses(Database database, VendorAssessmentStore assessments, AuditLog audit) : IWorkflowSubjectStatus
{
    public string SubjectType => StartVendorAssessment.SubjectType;

    public async Task SetStatusAsync(WorkflowSubject subject, string status, string workflowId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var row = await VendorAssessmentWorkflow.AssessmentAsync(assessments, subject, workflowId, cancellationToken);
        if (row.Status == status)
            return;
        var move = AssessmentStatus.Lifecycle.Move(row.Status, status);
        if (!move.IsAllowed)
            throw new InvalidOperationException(move.Refusal);
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await assessments.UpdateAsync(unit, row with { Status = status }, cancellationToken))
            throw new InvalidOperationException($"{row.Reference} changed while its status was set; the step is retried.");
        await audit.AppendAsync(unit, new AuditRecord(VendorAssessmentWorkflow.Actor, "vendor-assessment.status", "VendorAssessment", row.Id.ToString(),
            $"{row.Reference} of {row.VendorName}: {AssessmentStatus.Label(row.Status)} to {AssessmentStatus.Label(status)}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>An assessment's task names the vendor, the assessment and, once known, its result.</summary>
public sealed class VendorAssessmentTaskSummary(VendorAssessmentStore assessments) : IWorkflowSubjectSummary
{
    public string SubjectType => StartVendorAssessment.SubjectType;

    public async Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken) =>
        Guid.TryParse(subject.Id, out var id) && await assessments.GetAsync(id, cancellationToken) is { } row
            ? $"{row.VendorName} · due diligence {row.Reference} ({AssessmentCause.Label(row.Cause).ToLowerInvariant()})" +
              (row.ResidualRisk is { } residual ? $" · inherent risk {row.InherentRisk}, residual risk {residual}, {row.ResultTier} tier" : "")
            : null;
}
