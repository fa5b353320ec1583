using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Changes;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>
/// What workflows/change-request.json reads of a change request: its class and the facts of its impact it routes on, captured
/// at submission, what its tasks and emails name, and who revises it when changes are requested.
/// </summary>
[StartsDefinition(SubmitChangeRequest.Definition)]
public sealed record ChangeRequestFields(
    Guid AgreementId,
    string Title,
    string Reference,
    string ChangeClass,
    string ChangeClassLabel,
    int Version,
    int BaseVersion,
    string EffectiveOn,
    string Reason,
    string ImpactSummary,
    bool WeakensTargets,
    bool AddsExclusions,
    bool ChangesClauses,
    decimal FeeChangePercent,
    decimal LargestCreditCutPercent,
    bool WeakensCriticalVendor,
    string VendorRiskTier,
    string RequestedBy,
    string? Owner,
    bool OwnerDecides,
    string EffectiveAt,
    bool Signed = false,
    string? GovernsFrom = null) : SubjectFields;

/// <summary>
/// Submitting a change request: the base must still govern, the proposed version must be valid, and the class must be no lighter
/// than the impact, which is computed now and stored with the request; then workflows/change-request.json decides it. A request
/// sent back for changes is submitted again the same way.
/// </summary>
public sealed class SubmitChangeRequest(Database database, AgreementStore agreements, AgreementTermStore terms, ChangeRequestStore changes,
    VendorStore vendors, UserStore users, AgreementValidator validator, AuditLog audit, IWorkflowHost workflows, TaskClosing closing, TimeProvider time)
{
    public const string Definition = "change-request";
    public const string SubjectType = "ChangeRequest";

    public async Task<CommandResult<ChangeRequestView>> RunAsync(string actor, Guid id, int? expectedRevision = null,
        CancellationToken cancellationToken = default)
    {
        var request = await changes.GetAsync(id, cancellationToken);
        if (request is null)
            return CommandResult<ChangeRequestView>.NotFound($"No change request has id {id}.");
        var agreement = (await agreements.GetAsync(request.AgreementId, cancellationToken))!;
        var view = new ChangeRequestView(request, agreement);
        if (expectedRevision is { } revision && request.Revision != revision)
            return CommandResult<ChangeRequestView>.Stale(view, $"{request.Reference} changed since you opened it; reload it.");
        if (request is { Status: ChangeRequestStatus.InApproval, WorkflowId: null } && request.SubmittedAt is { } submittedAt
            && submittedAt < time.GetUtcNow() - TimeSpan.FromMinutes(1))
            // Submitted, then the node stopped before its workflow started: start it now.
            return CommandResult<ChangeRequestView>.Ok(await StartAsync(request, agreement, ImpactOf(request), cancellationToken));
        if (request.Status != ChangeRequestStatus.Draft)
            return CommandResult<ChangeRequestView>.Stale(view,
                $"{request.Reference} on {agreement.Title} is {ChangeRequestStatus.Label(request.Status).ToLowerInvariant()}; only a request being drafted is submitted.");

        var versions = await agreements.VersionsAsync(request.AgreementId, cancellationToken);
        var governing = ChangeRequestRules.Governing(versions)!;
        if (governing.Number != request.BaseVersion)
            return CommandResult<ChangeRequestView>.Stale(view,
                $"{request.Reference} was opened from version {request.BaseVersion} of {agreement.Title}, but version {governing.Number} was approved since " +
                "and governs now. Withdraw this request and open a new one from the governing version.");

        var errors = new ValidationErrors();
        var changeClass = request.Class;
        ChangeRequestRules.CheckReason(request.Reason, errors);
        var (zone, termEnd) = ChangeRequestRules.Term(await terms.GetAsync(request.AgreementId, cancellationToken), governing.Parsed);
        ChangeRequestRules.CheckEffectiveOn(request.EffectiveOn, changeClass, time.GetUtcNow(), zone, termEnd, errors);
        AgreementVersionRow? proposed = null;
        if (request.ProposedVersion is { } number)
        {
            proposed = versions.Single(v => v.Number == number);
            if (!proposed.IsEditable)
                return CommandResult<ChangeRequestView>.Stale(view, $"Version {number} of {agreement.Title} is {AgreementVersionStatus.Label(proposed.Status)}; reload it.");
            foreach (var (field, messages) in (await validator.ValidateAsync(proposed.Parsed, governing.Parsed, cancellationToken)).ToDictionary())
                foreach (var message in messages)
                    errors.Add(field, message);
        }
        if (!errors.IsValid)
            return CommandResult<ChangeRequestView>.Invalid(errors);
        var riskTier = governing.Parsed.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.RiskTier : null;
        var impact = ChangeImpact.Between(governing.Parsed, (proposed ?? governing).Parsed, riskTier);
        var classErrors = ChangeClassRules.Check(changeClass, impact);
        if (!classErrors.IsValid)
            return CommandResult<ChangeRequestView>.Invalid(classErrors);

        var now = time.GetUtcNow();
        var submitted = request with
        {
            Status = ChangeRequestStatus.InApproval, Impact = impact.ToJson(), ImpactSummary = impact.Summary(), SubmittedAt = now, WorkflowId = null,
        };
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await changes.UpdateAsync(unit, submitted, cancellationToken))
                return CommandResult<ChangeRequestView>.Stale(view, $"Someone else changed {request.Reference} at the same moment; reload it.");
            submitted = submitted with { Revision = request.Revision + 1 };
            if (proposed is not null && await agreements.SubmitRoundAsync(unit, proposed, actor, now, cancellationToken) is null)
                return CommandResult<ChangeRequestView>.Stale(view, $"Version {proposed.Number} of {agreement.Title} changed at the same moment; reload it.");
            await audit.AppendAsync(unit, new AuditRecord(actor, "change-request.submitted", "ChangeRequest", id.ToString(),
                $"Submitted {request.Reference} on {agreement.Title} ({changeClass.Label().ToLowerInvariant()}, effective {request.EffectiveOn:yyyy-MM-dd}): " +
                submitted.ImpactSummary, ChangeRequestStatus.Draft, ChangeRequestStatus.InApproval), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        var started = await StartAsync(submitted, agreement, impact, cancellationToken);
        await closing.CloseAsync(SubjectType, id.ToString(), ChangeRequestActions.Resubmitted, actor, cancellationToken);
        return CommandResult<ChangeRequestView>.Ok(started);
    }

    private static ChangeImpact ImpactOf(ChangeRequestRow request) =>
        request.Impact is { } json ? ChangeImpact.FromJson(json) : throw new InvalidOperationException($"{request.Reference} in approval has no impact.");

    /// <summary>Starts the request's workflow and links it to the request and its proposed version.</summary>
    private async Task<ChangeRequestView> StartAsync(ChangeRequestRow request, AgreementRow agreement, ChangeImpact impact, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(request, agreement, impact, cancellationToken);
        var started = Guid.Parse(await workflows.StartWorkflow(Definition, null, subject, $"change/{request.Id}/{request.SubmittedAt:O}"));
        return new ChangeRequestView(await LinkAsync(request, started, cancellationToken), agreement);
    }

    /// <summary>Makes <paramref name="workflowId"/> the instance that decides the request and its proposed version; the request as linked.</summary>
    internal async Task<ChangeRequestRow> LinkAsync(ChangeRequestRow request, Guid workflowId, CancellationToken cancellationToken)
    {
        var linked = request with { WorkflowId = workflowId };
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await changes.UpdateAsync(unit, linked, cancellationToken))
            throw new InvalidOperationException($"{request.Reference} changed while its workflow was being linked.");
        if (request.ProposedVersion is { } number)
        {
            var version = (await agreements.GetVersionAsync(unit, request.AgreementId, number, cancellationToken))!;
            await agreements.UpdateVersionAsync(unit, version with { WorkflowId = workflowId }, cancellationToken);
        }
        await unit.CommitAsync(cancellationToken);
        return linked with { Revision = linked.Revision + 1 };
    }

    /// <summary>The facts the change-request policy routes on, as the request was submitted.</summary>
    internal async Task<WorkflowSubject> SubjectAsync(ChangeRequestRow request, AgreementRow agreement, ChangeImpact impact,
        CancellationToken cancellationToken)
    {
        var proposed = request.ProposedVersion is { } number ? await agreements.GetVersionAsync(request.AgreementId, number, cancellationToken) : null;
        var content = proposed?.Parsed ?? (await agreements.GetVersionAsync(request.AgreementId, request.BaseVersion, cancellationToken))!.Parsed;
        var editors = request.ProposedVersion is { } draft ? await agreements.EditorsAsync(request.AgreementId, draft, cancellationToken) : [];
        var owner = content.Owner;
        var ownerDecides = owner is { Length: > 0 } && await users.FindByUserNameAsync(owner, cancellationToken) is { IsActive: true }
            && !string.Equals(owner, request.RequestedBy, StringComparison.OrdinalIgnoreCase)
            && !editors.Contains(owner, StringComparer.OrdinalIgnoreCase);
        return new WorkflowSubject
        {
            Type = SubjectType,
            Id = request.Id.ToString(),
            RequestedBy = request.RequestedBy,
            Fields = new ChangeRequestFields(request.AgreementId, agreement.Title, request.Reference, request.ChangeClass,
                request.Class.Label().ToLowerInvariant(), request.ProposedVersion ?? request.BaseVersion, request.BaseVersion,
                $"{request.EffectiveOn:yyyy-MM-dd}", request.Reason ?? "", impact.Summary(), impact.ObjectivesWeakened > 0, impact.WidensExclusions,
                impact.Clauses.Count > 0, FeeChangePercent(impact.Fees), decimal.Round(impact.Credits.LargestMonthlyCreditCutPercent, 2),
                impact.WeakensCriticalVendor, impact.VendorRiskTier?.ToString() ?? "None", request.RequestedBy, owner, ownerDecides,
                ZonedDays.StartOf(request.EffectiveOn ?? ZonedDays.DayOf(request.RequestedAt, content.TimeZone), content.TimeZone).ToString("O")).ToFields(),
        };
    }

    /// <summary>How far the fee moves, whichever of the monthly fee and the annual value moves more, in percent; 100 for a change of currency.</summary>
    public static decimal FeeChangePercent(FeeImpact fees)
    {
        if (fees.CurrencyBefore != fees.CurrencyAfter)
            return 100m;
        static decimal Change(decimal before, decimal after) => before == 0 ? (after == 0 ? 0 : 100m) : Math.Abs(after - before) * 100m / before;
        return decimal.Round(Math.Max(Change(fees.MonthlyFeeBefore, fees.MonthlyFeeAfter), Change(fees.AnnualValueBefore, fees.AnnualValueAfter)), 2);
    }

    internal static void Map(RouteGroupBuilder api) =>
        api.MapPost("/change-requests/{id:guid}/submit", HandleAsync).WithTags("Change requests").WithName("SubmitChangeRequest")
            .WithSummary("Submit a change request being drafted: its impact is computed and stored, its class checked against it, and " +
                "workflows/change-request.json routes it. 409 when its base no longer governs.")
            .RequireAuthorization(Policies.Drafter);

    private static async Task<Results<Ok<ChangeRequestDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>>> HandleAsync(
        Guid id, SubmitChangeRequest submit, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await submit.RunAsync(context.User.UserName(), id, cancellationToken: cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(ChangeRequestDto.From(result.Value!))
            : CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
    }
}
