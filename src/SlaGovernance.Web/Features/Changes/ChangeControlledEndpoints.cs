using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Changes;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>When an early end should take effect (a day in the agreement's zone, today or later) and why.</summary>
public sealed record TerminationRequest
{
    [System.ComponentModel.DataAnnotations.Required]
    public DateOnly? EffectiveOn { get; init; }

    [System.ComponentModel.DataAnnotations.Required]
    public string? Reason { get; init; }
}

/// <summary>A change request's draft, submitted from the agreement (its page's "Submit for approval", or POST .../submit), goes as the request.</summary>
public sealed class ChangeRequestDrafts(ChangeRequestStore changes, AgreementStore agreements, SubmitChangeRequest submit) : IDraftOwner
{
    public async Task<CommandResult<AgreementView>?> SubmitAsync(string actor, Guid agreementId, int version, CancellationToken cancellationToken)
    {
        if (await changes.OfVersionAsync(agreementId, version, cancellationToken) is not { } change)
            return null;
        var submitted = await submit.RunAsync(actor, change.Id, cancellationToken: cancellationToken);
        return submitted.Status == CommandStatus.Ok
            ? CommandResult<AgreementView>.Ok(new AgreementView((await agreements.GetAsync(agreementId, cancellationToken))!,
                (await agreements.GetVersionAsync(agreementId, version, cancellationToken))!))
            : new CommandResult<AgreementView>(submitted.Status, null, submitted.Errors, submitted.Message);
    }
}

/// <summary>
/// The agreement endpoints that change control took over: <c>POST .../versions</c> on an agreement with an approved version and
/// <c>POST .../termination</c> open change requests instead of acting directly.
/// </summary>
public static class ChangeControlledEndpoints
{
    internal static void Map(RouteGroupBuilder api)
    {
        var agreements = api.MapGroup("/agreements").WithTags("Agreements");
        agreements.MapPost("/{id:guid}/versions", VersionAsync).WithName("StartAgreementVersion")
            .WithSummary("Start a new draft version; requires If-Match. On an agreement with an approved version this opens a change request " +
                "(body: class, reason, effectiveOn) and answers 201 with its Location; on a rejected one it drafts the next version (200).")
            .RequireAuthorization(Policies.Drafter);
        agreements.MapPost("/{id:guid}/termination", TerminationAsync).WithName("TerminateAgreement")
            .WithSummary("Request the early end of a Signed or Active agreement: opens a termination change request (effectiveOn, today in its zone or " +
                "later and not after the term's end, and reason) that Procurement, Legal and the Governance board decide; 201 with its Location")
            .RequireAuthorization(Policies.Drafter);
    }

    private static async Task<Results<Ok<AgreementDto>, Created<ChangeRequestDto>,
        CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem, ForbiddenProblem>,
        CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>, PreconditionRequiredProblem>> VersionAsync(Guid id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ChangeRequestBody? body, StartNewVersion start, OpenChangeRequest open,
        AgreementStore agreements, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } revision)
            return ETags.PreconditionRequired();
        if (await agreements.HasApprovedVersionAsync(id, cancellationToken))
            return OpenChangeRequest.Answer(context, await open.RunAsync(context.User.UserName(), id, body ?? new ChangeRequestBody(), revision, cancellationToken)) switch
            {
                { Result: Created<ChangeRequestDto> created } => created,
                { Result: CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem> failure } => failure,
                var other => throw new InvalidOperationException($"Unexpected answer {other.Result.GetType().Name}."),
            };
        return AgreementAnswers.Of(context, await start.RunAsync(context.User.UserName(), id, revision, cancellationToken)) switch
        {
            { Result: Ok<AgreementDto> ok } => ok,
            { Result: CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem, ForbiddenProblem> failure } => failure,
            { Result: PreconditionRequiredProblem required } => required,
            var other => throw new InvalidOperationException($"Unexpected answer {other.Result.GetType().Name}."),
        };
    }

    private static async Task<Results<Created<ChangeRequestDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>>> TerminationAsync(
        Guid id, TerminationRequest body, OpenChangeRequest open, HttpContext context, CancellationToken cancellationToken) =>
        OpenChangeRequest.Answer(context, await open.RunAsync(context.User.UserName(), id,
            new ChangeRequestBody { Class = nameof(ChangeClass.Termination), Reason = body.Reason, EffectiveOn = body.EffectiveOn }, cancellationToken: cancellationToken));
}
