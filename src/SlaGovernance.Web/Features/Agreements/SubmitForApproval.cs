using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Agreements;

using AgreementChangeFailure = CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem, ForbiddenProblem>;

/// <summary>
/// The process a draft version belongs to, when it is not the agreement's own approval: a change request's draft is submitted as
/// that request. Null when the version is not its.
/// </summary>
public interface IDraftOwner
{
    Task<CommandResult<AgreementView>?> SubmitAsync(string actor, Guid agreementId, int version, CancellationToken cancellationToken);
}

/// <summary>
/// Submitting a draft for approval: a new round of the version starts <c>workflows/sla-approval.json</c> with the facts its
/// policy routes on, captured now. The workflow's decisions come back through <see cref="ApprovalDecisions"/>.
/// </summary>
public sealed class SubmitForApproval(Database database, AgreementStore agreements, VendorStore vendors, AgreementValidator validator,
    AuditLog audit, IWorkflowHost workflows, TaskClosing closing, IEnumerable<IDraftOwner> owners, TimeProvider time)
{
    public const string ApprovalDefinition = "sla-approval";

    /// <summary>What the approval definition's "Revise draft" task closes with: the draft it asked for was submitted again.</summary>
    public const string Resubmitted = "resubmitted";

    public async Task<CommandResult<AgreementView>> RunAsync(string actor, Guid id, int expectedRevision, CancellationToken cancellationToken = default)
    {
        var current = await agreements.GetAsync(id, cancellationToken);
        if (current is null)
            return CommandResult<AgreementView>.NotFound($"No agreement has id {id}.");
        var version = (await agreements.GetVersionAsync(id, current.CurrentVersion, cancellationToken))!;
        if (current.Version != expectedRevision)
            return CommandResult<AgreementView>.Stale(new AgreementView(current, version), "The agreement changed since you opened it; reload and submit again.");
        // A draft that belongs to another process (a change request) goes to approval through it.
        foreach (var owner in owners)
            if (await owner.SubmitAsync(actor, id, version.Number, cancellationToken) is { } owned)
                return owned.Status == CommandStatus.Stale && owned.Value is null
                    ? owned with { Value = new AgreementView(current, version) }
                    : owned;
        if (AgreementVersionStatus.Lifecycle.Move(version.Status, AgreementVersionStatus.InApproval).Refusal is { } refusal)
            return CommandResult<AgreementView>.Forbidden($"Version {version.Number} of {current.Title} cannot be submitted: {refusal}");
        var content = version.Parsed;
        var errors = await validator.ValidateAsync(content, cancellationToken);
        if (!errors.IsValid)
            return CommandResult<AgreementView>.Invalid(errors);

        var riskTier = content.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.RiskTier.ToString() : null;
        var round = version.Round + 1;
        var subject = Subject(actor, id, version.Number, round, content, riskTier);
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await agreements.UpdateAsync(unit, current with { UpdatedAt = now, Version = current.Version + 1 }, expectedRevision, cancellationToken))
            return CommandResult<AgreementView>.Stale(new AgreementView(current, version), "Someone else changed this agreement at the same moment; reload it.");
        // An agreement with no approved version yet follows its version into approval; one with an approved version keeps its status.
        if (AgreementStatus.FollowsItsVersions(current.Status))
            await agreements.ChangeStatusAsync(unit, id, current.Status, AgreementStatus.InApproval, now, cancellationToken);
        if (await agreements.SubmitRoundAsync(unit, version, actor, now, cancellationToken) is not { } submitted)
            return CommandResult<AgreementView>.Stale(new AgreementView(current, version), "Someone else changed this agreement at the same moment; reload it.");
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.submitted", "Agreement", id.ToString(),
            $"Submitted {current.Title} version {version.Number} for approval (round {round}, SHA-256 {version.ContentHash[..12]})"), cancellationToken);
        var row = (await agreements.GetAsync(unit, id, cancellationToken))!;
        await unit.CommitAsync(cancellationToken);
        var started = await workflows.StartWorkflow(ApprovalDefinition, null, subject, $"{id}/v{version.Number}/r{round}");
        // The round's instance is linked once started; WorkflowCore persists through its own connection.
        var linked = submitted with { WorkflowId = Guid.Parse(started) };
        await using var link = await database.BeginAsync(cancellationToken);
        await agreements.UpdateVersionAsync(link, linked, cancellationToken);
        await link.CommitAsync(cancellationToken);
        await closing.CloseAsync("Agreement", id.ToString(), Resubmitted, actor, cancellationToken);
        return CommandResult<AgreementView>.Ok(new AgreementView(row, linked));
    }

    /// <summary>The facts the approval policy routes on, as the round was submitted.</summary>
    internal static WorkflowSubject Subject(string actor, Guid id, int version, int round, AgreementContent content, string? riskTier) => new()
    {
        Type = "Agreement",
        Id = id.ToString(),
        RequestedBy = actor,
        Fields = new AgreementApprovalFields(content.Title, version, round, content.AnnualValue, content.Currency, content.Credits.MonthlyCapPercent,
            content.HasExclusions, content.HasNonStandardClause, riskTier ?? "None", ZonedDays.StartOf(content.TermStart, content.TimeZone),
            ZonedDays.StartOf(content.TermEnd.AddDays(1), content.TimeZone), actor, content.Owner).ToFields(),
    };

    internal static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/{id:guid}/submit", HandleAsync).WithName("SubmitAgreement")
            .WithSummary("Submit the draft for approval by policy (workflows/sla-approval.json); requires If-Match").RequireAuthorization(Policies.Drafter);

    private static async Task<Results<Ok<AgreementDto>, AgreementChangeFailure, PreconditionRequiredProblem>> HandleAsync(Guid id, SubmitForApproval submit, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } revision)
            return ETags.PreconditionRequired();
        return AgreementAnswers.Of(context, await submit.RunAsync(context.User.UserName(), id, revision, cancellationToken));
    }
}
