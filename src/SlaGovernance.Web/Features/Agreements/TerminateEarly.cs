using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Agreements;

public sealed record TerminationInput(DateOnly? EffectiveOn, string? Reason);

/// <summary>When an early end takes effect (a day in the agreement's zone, today or later) and why.</summary>
public sealed record TerminationRequest
{
    [System.ComponentModel.DataAnnotations.Required]
    public DateOnly? EffectiveOn { get; init; }

    [System.ComponentModel.DataAnnotations.Required]
    public string? Reason { get; init; }
}

/// <summary>
/// Ending a Signed or Active agreement early from the start of a day in its zone: at once when that day is today, otherwise by
/// the lifecycle sweeper on that day.
/// </summary>
public sealed class TerminateEarly(Database database, AgreementStore agreements, AgreementTermStore terms, AgreementLifecycle lifecycle,
    AuditLog audit, TimeProvider time)
{
    public const int MaxReason = 2000;

    public async Task<CommandResult<AgreementTermRow>> RunAsync(string actor, Guid id, TerminationInput input, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        var agreement = await agreements.GetAsync(unit, id, cancellationToken);
        if (agreement is null)
            return CommandResult<AgreementTermRow>.NotFound($"No agreement has id {id}.");
        var term = await terms.GetAsync(unit, id, cancellationToken);
        if (term is null || !AgreementStatus.IsRunning(agreement.Status))
            return CommandResult<AgreementTermRow>.Forbidden(
                $"Only a Signed or Active agreement can be ended early; {agreement.Title} is {AgreementStatus.Label(agreement.Status)}" +
                (term is null ? " and not signed." : "."));
        if (term.EndsOn is { } scheduled)
            return CommandResult<AgreementTermRow>.Stale(term,
                $"{agreement.Title} already ends early on {scheduled:yyyy-MM-dd} ({term.TerminatedBy}: {term.TerminationReason}).");

        var errors = new ValidationErrors();
        var today = ZonedDays.DayOf(now, term.TimeZone);
        var termEnd = term.TermEnd;
        if (input.EffectiveOn is not { } effectiveOn)
            errors.Add("effectiveOn", "Give the day the termination takes effect (yyyy-MM-dd).");
        else if (effectiveOn < today)
            errors.Add("effectiveOn", $"{effectiveOn:yyyy-MM-dd} has passed; a termination takes effect today ({today:yyyy-MM-dd} in {term.TimeZone}) or later.");
        else if (effectiveOn > termEnd)
            errors.Add("effectiveOn", $"The term ends on {termEnd:yyyy-MM-dd}; choose that day or earlier (ending it on its last day also stops a tacit renewal).");
        if (string.IsNullOrWhiteSpace(input.Reason))
            errors.Add("reason", "Say why the agreement ends early.");
        else if (input.Reason.Trim().Length > MaxReason)
            errors.Add("reason", $"The reason is longer than {MaxReason} characters.");
        if (!errors.IsValid)
            return CommandResult<AgreementTermRow>.Invalid(errors);

        var endsOn = input.EffectiveOn!.Value;
        var reason = input.Reason!.Trim();
        if (!await terms.ScheduleEndAsync(unit, id, endsOn, reason, actor, now, cancellationToken))
            return CommandResult<AgreementTermRow>.Stale(term, $"{agreement.Title} was ended early by someone else at the same moment; reload it.");
        var ending = (await terms.GetAsync(unit, id, cancellationToken))!;
        var settlement = AgreementLifecycle.Settle(agreement.Status, ending, now, await lifecycle.SignedEndAsync(id, ending, cancellationToken));
        if (settlement.Status == AgreementStatus.Terminated)
        {
            if (!await lifecycle.ApplyAsync(unit, agreement, ending, settlement, actor, now, cancellationToken))
                return CommandResult<AgreementTermRow>.Stale(term, $"{agreement.Title} changed status at the same moment; reload it and try again.");
        }
        else
        {
            await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.termination-scheduled", "Agreement", id.ToString(),
                $"{agreement.Title} ends early from {endsOn:yyyy-MM-dd} ({term.TimeZone}): {reason}"), cancellationToken);
        }
        await unit.CommitAsync(cancellationToken);
        return CommandResult<AgreementTermRow>.Ok(ending);
    }

    internal static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/{id:guid}/termination", HandleAsync).WithName("TerminateAgreement")
            .WithSummary("End a Signed or Active agreement early: effectiveOn (today in its zone or later, not after the term's end) and reason; " +
                "today ends it at once, a later day by the lifecycle sweeper")
            .RequireAuthorization(Policies.ContractKeeper);

    private static async Task<Results<Ok<AgreementLifecycleDto>, CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>>
        HandleAsync(Guid id, TerminationRequest body, TerminateEarly terminate, AgreementLifecycle lifecycle, HttpContext context,
            CancellationToken cancellationToken)
    {
        var result = await terminate.RunAsync(context.User.UserName(), id, new TerminationInput(body.EffectiveOn, body.Reason), cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(AgreementLifecycleDto.From((await lifecycle.GetAsync(id, cancellationToken))!))
            : CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>.For(context, result);
    }
}
