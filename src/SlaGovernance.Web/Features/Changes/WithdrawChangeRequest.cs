using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Changes;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>
/// Withdrawing a change request being drafted (also one sent back for changes): the request and its draft version are kept as
/// withdrawn, the agreement is free for its next request, and a "Revise" task waiting on it closes.
/// </summary>
public sealed class WithdrawChangeRequest(Database database, ChangeRequestStore changes, AgreementStore agreements, AuditLog audit, TaskClosing closing,
    TimeProvider time)
{
    public async Task<CommandResult<ChangeRequestView>> RunAsync(string actor, Guid id, CancellationToken cancellationToken = default)
    {
        var request = await changes.GetAsync(id, cancellationToken);
        if (request is null)
            return CommandResult<ChangeRequestView>.NotFound($"No change request has id {id}.");
        var agreement = (await agreements.GetAsync(request.AgreementId, cancellationToken))!;
        if (request.Status != ChangeRequestStatus.Draft)
            return CommandResult<ChangeRequestView>.Stale(new ChangeRequestView(request, agreement),
                $"{request.Reference} is {ChangeRequestStatus.Label(request.Status).ToLowerInvariant()}; only a request being drafted can be withdrawn.");
        var now = time.GetUtcNow();
        var withdrawn = request with { Status = ChangeRequestStatus.Withdrawn, DecidedAt = now };
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await changes.UpdateAsync(unit, withdrawn, cancellationToken))
                return CommandResult<ChangeRequestView>.Stale(new ChangeRequestView(request, agreement), $"Someone else changed {request.Reference} at the same moment; reload it.");
            await changes.ReleaseOpenAsync(unit, request, cancellationToken);
            if (request.ProposedVersion is { } number)
            {
                var version = (await agreements.GetVersionAsync(unit, request.AgreementId, number, cancellationToken))!;
                if (AgreementVersionStatus.IsEditable(version.Status))
                    await agreements.ChangeVersionStatusAsync(unit, request.AgreementId, number, version.Status, AgreementVersionStatus.Withdrawn, actor, now,
                        now, cancellationToken);
            }
            await audit.AppendAsync(unit, new AuditRecord(actor, "change-request.withdrawn", "ChangeRequest", id.ToString(),
                $"Withdrew {request.Reference} on {agreement.Title}", request.Status, ChangeRequestStatus.Withdrawn), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        await closing.CloseAsync(SubmitChangeRequest.SubjectType, id.ToString(), ChangeRequestActions.Resubmitted, actor, cancellationToken);
        return CommandResult<ChangeRequestView>.Ok(new ChangeRequestView(withdrawn with { Revision = request.Revision + 1 }, agreement));
    }

    internal static void Map(RouteGroupBuilder api) =>
        api.MapPost("/change-requests/{id:guid}/withdraw", HandleAsync).WithTags("Change requests").WithName("WithdrawChangeRequest")
            .WithSummary("Withdraw a change request being drafted; its draft version is kept as withdrawn").RequireAuthorization(Policies.Drafter);

    private static async Task<Results<Ok<ChangeRequestDto>, CommandFailure<NotFoundProblem, ConflictProblem>>> HandleAsync(Guid id,
        WithdrawChangeRequest withdraw, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await withdraw.RunAsync(context.User.UserName(), id, cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(ChangeRequestDto.From(result.Value!))
            : CommandFailure<NotFoundProblem, ConflictProblem>.For(context, result);
    }
}
