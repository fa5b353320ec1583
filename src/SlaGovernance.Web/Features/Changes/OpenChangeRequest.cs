using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Changes;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>
/// Opening a change request on an approved, signed or active agreement: its class, reason and effective date, and (except for a
/// termination) a new draft version copied from the governing one, edited in the agreement editor until the request is submitted.
/// A termination has nothing to draft, so it is submitted at once. One open request per agreement.
/// </summary>
public sealed class OpenChangeRequest(Database database, AgreementStore agreements, AgreementTermStore terms, ChangeRequestStore changes,
    SubmitChangeRequest submit, AuditLog audit, Compliance.ErrorBudgets budgets, TimeProvider time)
{
    public async Task<CommandResult<ChangeRequestView>> RunAsync(string actor, Guid agreementId, ChangeRequestBody input, int? expectedRevision = null,
        CancellationToken cancellationToken = default)
    {
        var agreement = await agreements.GetAsync(agreementId, cancellationToken);
        if (agreement is null)
            return CommandResult<ChangeRequestView>.NotFound($"No agreement has id {agreementId}.");
        if (expectedRevision is { } revision && agreement.Version != revision)
            return CommandResult<ChangeRequestView>.Stale(new ChangeRequestView(new ChangeRequestRow(), agreement),
                "The agreement changed since you opened it; reload it.");
        var versions = await agreements.VersionsAsync(agreementId, cancellationToken);
        var governing = ChangeRequestRules.Governing(versions);
        var errors = new ValidationErrors();
        if (governing is null)
        {
            errors.Add("agreement", $"{agreement.Title} is {AgreementStatus.Label(agreement.Status)} and has no approved version; a change request " +
                "changes an approved, signed or active agreement. Edit and submit its draft instead.");
            return CommandResult<ChangeRequestView>.Invalid(errors);
        }
        if (agreement.Status is AgreementStatus.Expired or AgreementStatus.Terminated or AgreementStatus.Exited)
        {
            errors.Add("agreement", $"{agreement.Title} is {AgreementStatus.Label(agreement.Status)}; an agreement that has ended is not changed.");
            return CommandResult<ChangeRequestView>.Invalid(errors);
        }
        var changeClass = ChangeRequestRules.ParseClass(input.Class, errors);
        var reason = ChangeRequestRules.CheckReason(input.Reason, errors);
        var term = await terms.GetAsync(agreementId, cancellationToken);
        var (zone, termEnd) = ChangeRequestRules.Term(term, governing.Parsed);
        var now = time.GetUtcNow();
        ChangeRequestRules.CheckEffectiveOn(input.EffectiveOn, changeClass, now, zone, termEnd, errors);
        if (changeClass == ChangeClass.Termination)
        {
            if (term is null || !AgreementStatus.IsRunning(agreement.Status))
                errors.Add("class", $"Only a Signed or Active agreement is terminated; {agreement.Title} is {AgreementStatus.Label(agreement.Status)}" +
                    (term is null ? " and not signed yet." : "."));
            else if (term.EndsOn is { } endsOn)
                errors.Add("class", $"{agreement.Title} already ends early on {endsOn:yyyy-MM-dd} ({term.TerminatedBy}: {term.TerminationReason}).");
        }
        if (!errors.IsValid)
            return CommandResult<ChangeRequestView>.Invalid(errors);
        if (await budgets.FreezeAsync(agreementId, agreement.Title, changeClass!.Value, cancellationToken) is { } frozen)
        {
            await using (var refusal = await database.BeginAsync(cancellationToken))
            {
                await audit.AppendAsync(refusal, new AuditRecord(actor, "change-request.refused-by-error-budget-policy", "Agreement", agreementId.ToString(),
                    $"A {changeClass.Value.Label().ToLowerInvariant()} change request was refused: {frozen}"), cancellationToken);
                await refusal.CommitAsync(cancellationToken);
            }
            // A conflict with the agreement's state, not a fault in the request: the same request goes ahead once the window ends.
            return CommandResult<ChangeRequestView>.Stale(new ChangeRequestView(new ChangeRequestRow(), agreement), frozen);
        }

        var latest = versions.MaxBy(v => v.Number)!;
        if (await changes.OpenOfAsync(agreementId, cancellationToken) is { } open)
            return CommandResult<ChangeRequestView>.Stale(new ChangeRequestView(open, agreement), ChangeRequestRules.OpenConflict(open, agreement.Title));
        if (!AgreementVersionStatus.IsDecided(latest.Status))
            return CommandResult<ChangeRequestView>.Stale(new ChangeRequestView(new ChangeRequestRow(), agreement),
                $"Version {latest.Number} of {agreement.Title} is {AgreementVersionStatus.Label(latest.Status)}, outside any change request; " +
                "finish it on the agreement's page before requesting a change.");

        var id = Guid.CreateVersion7(now);
        ChangeRequestRow row;
        var claimed = false;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            int? proposed = null;
            var current = agreement;
            if (changeClass != ChangeClass.Termination)
            {
                // The draft starts from the governing version, not from a rejected or withdrawn one after it.
                if (await agreements.DraftNextVersionAsync(unit, agreement, latest.Number + 1, governing.Parsed, actor, now, cancellationToken)
                    is not var (moved, draft))
                    return CommandResult<ChangeRequestView>.Stale(new ChangeRequestView(new ChangeRequestRow(), agreement),
                        "Someone else changed this agreement at the same moment; reload it.");
                current = moved;
                proposed = draft.Number;
            }
            row = new ChangeRequestRow
            {
                Id = id, AgreementId = agreementId, Number = await changes.NextNumberAsync(unit, agreementId, cancellationToken),
                ChangeClass = changeClass!.Value.ToString(), Status = ChangeRequestStatus.Draft, Reason = reason, BaseVersion = governing.Number,
                ProposedVersion = proposed, EffectiveOn = input.EffectiveOn, RequestedBy = actor, RequestedAt = now, Revision = 1,
            };
            claimed = await changes.InsertOpenAsync(unit, row, cancellationToken);
            if (claimed)
            {
                await audit.AppendAsync(unit, new AuditRecord(actor, "change-request.opened", "ChangeRequest", id.ToString(),
                    $"Opened {row.Reference} on {agreement.Title}: {changeClass.Value.Label().ToLowerInvariant()} change from version {governing.Number}" +
                    (proposed is { } p ? $", drafted as version {p}" : "") + $", effective {input.EffectiveOn:yyyy-MM-dd}: {reason}"), cancellationToken);
                await unit.CommitAsync(cancellationToken);
                agreement = current;
            }
        }
        if (!claimed)
        {
            // Another request took the agreement's one open slot between the check above and this insert; nothing of this one was kept.
            var winner = await changes.OpenOfAsync(agreementId, cancellationToken);
            return CommandResult<ChangeRequestView>.Stale(new ChangeRequestView(winner ?? row, agreement),
                winner is null ? "Another change request was opened at the same moment; reload the agreement." : ChangeRequestRules.OpenConflict(winner, agreement.Title));
        }
        if (changeClass == ChangeClass.Termination)
            return await submit.RunAsync(actor, id, cancellationToken: cancellationToken);
        return CommandResult<ChangeRequestView>.Ok(new ChangeRequestView(row, agreement));
    }

    internal static void Map(RouteGroupBuilder api) =>
        api.MapPost("/agreements/{id:guid}/change-requests", HandleAsync).WithTags("Change requests").WithName("OpenChangeRequest")
            .WithSummary("Open a change request on an approved, signed or active agreement: class, reason and effectiveOn. A change is drafted as a new " +
                "version (edit it, then submit the request); a termination goes to approval at once. 409 names the open request when there is one, or the exhausted error budget when " +
                "the agreement's error-budget policy froze changes other than emergency ones and terminations.")
            .RequireAuthorization(Policies.Drafter);

    private static async Task<Results<Created<ChangeRequestDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>>> HandleAsync(
        Guid id, ChangeRequestBody body, OpenChangeRequest open, HttpContext context, CancellationToken cancellationToken) =>
        Answer(context, await open.RunAsync(context.User.UserName(), id, body, cancellationToken: cancellationToken));

    internal static Results<Created<ChangeRequestDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>> Answer(HttpContext context,
        CommandResult<ChangeRequestView> result) =>
        result.Status == CommandStatus.Ok
            ? TypedResults.Created($"/api/v1/change-requests/{result.Value!.Request.Id}", ChangeRequestDto.From(result.Value))
            : CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
}
