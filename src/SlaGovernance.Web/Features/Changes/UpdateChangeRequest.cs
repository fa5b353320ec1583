using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Changes;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>
/// Correcting the class, reason or effective date of a change request being drafted (its content is edited in the agreement editor).
/// A change cannot become a termination or stop being one: withdraw it and open the other kind.
/// </summary>
public sealed class UpdateChangeRequest(Database database, ChangeRequestStore changes, AgreementStore agreements, AgreementTermStore terms, AuditLog audit,
    TimeProvider time)
{
    public async Task<CommandResult<ChangeRequestView>> RunAsync(string actor, Guid id, ChangeRequestBody input, int expectedRevision,
        CancellationToken cancellationToken = default)
    {
        var request = await changes.GetAsync(id, cancellationToken);
        if (request is null)
            return CommandResult<ChangeRequestView>.NotFound($"No change request has id {id}.");
        var agreement = (await agreements.GetAsync(request.AgreementId, cancellationToken))!;
        var view = new ChangeRequestView(request, agreement);
        if (request.Revision != expectedRevision)
            return CommandResult<ChangeRequestView>.Stale(view, $"{request.Reference} changed since you opened it; reload it.");
        if (request.Status != ChangeRequestStatus.Draft)
            return CommandResult<ChangeRequestView>.Stale(view,
                $"{request.Reference} is {ChangeRequestStatus.Label(request.Status).ToLowerInvariant()}; only a request being drafted is corrected.");
        var errors = new ValidationErrors();
        var changeClass = ChangeRequestRules.ParseClass(input.Class, errors);
        var reason = ChangeRequestRules.CheckReason(input.Reason, errors);
        if (changeClass is { } chosen && (chosen == ChangeClass.Termination) != request.IsTermination)
            errors.Add("class", request.IsTermination
                ? "This request terminates the agreement; to change its content instead, withdraw it and open a change request."
                : "This request changes the agreement's content; to terminate it instead, withdraw this one and request the termination.");
        var governing = (await agreements.GetVersionAsync(request.AgreementId, request.BaseVersion, cancellationToken))!;
        var (zone, termEnd) = ChangeRequestRules.Term(await terms.GetAsync(request.AgreementId, cancellationToken), governing.Parsed);
        ChangeRequestRules.CheckEffectiveOn(input.EffectiveOn, changeClass, time.GetUtcNow(), zone, termEnd, errors);
        if (!errors.IsValid)
            return CommandResult<ChangeRequestView>.Invalid(errors);
        var updated = request with { ChangeClass = changeClass!.Value.ToString(), Reason = reason, EffectiveOn = input.EffectiveOn };
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await changes.UpdateAsync(unit, updated, cancellationToken))
            return CommandResult<ChangeRequestView>.Stale(view, $"Someone else changed {request.Reference} at the same moment; reload it.");
        await audit.AppendAsync(unit, new AuditRecord(actor, "change-request.updated", "ChangeRequest", id.ToString(),
            $"Corrected {request.Reference} on {agreement.Title}: {updated.ChangeClass}, effective {updated.EffectiveOn:yyyy-MM-dd}: {reason}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<ChangeRequestView>.Ok(new ChangeRequestView(updated with { Revision = request.Revision + 1 }, agreement));
    }

    internal static void Map(RouteGroupBuilder api) =>
        api.MapPut("/change-requests/{id:guid}", HandleAsync).WithTags("Change requests").WithName("UpdateChangeRequest")
            .WithSummary("Correct the class, reason and effectiveOn of a change request being drafted; requires If-Match").RequireAuthorization(Policies.Drafter);

    private static async Task<Results<Ok<ChangeRequestDto>, CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem, ConflictProblem>,
        PreconditionRequiredProblem>> HandleAsync(Guid id, ChangeRequestBody body, UpdateChangeRequest update, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } revision)
            return ETags.PreconditionRequired();
        var result = await update.RunAsync(context.User.UserName(), id, body, revision, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            // A revision other than the one sent is a stale read (412); a request no longer being drafted is a conflict (409).
            return result.Status == CommandStatus.Stale && result.Value!.Request.Revision != revision
                ? CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem, ConflictProblem>.For(context, result, v => v.Request.Revision)
                : CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem, ConflictProblem>.For(context, result);
        context.Response.Headers.ETag = ETags.For(result.Value!.Request.Revision);
        return TypedResults.Ok(ChangeRequestDto.From(result.Value));
    }
}
