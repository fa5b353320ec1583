using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>
/// Ending a Signed or Active agreement early from the start of a day in its zone, once a termination change request is approved:
/// at once when that day is today, otherwise by the lifecycle sweeper on that day. Nobody ends an agreement directly any more;
/// <c>POST .../termination</c> opens the termination change request.
/// </summary>
public sealed class TerminateEarly(AgreementStore agreements, AgreementTermStore terms, AgreementLifecycle lifecycle, AuditLog audit)
{
    /// <summary>
    /// Records the end in the caller's transaction, and ends the agreement now when the day has come; false when an end was already
    /// recorded (a replayed step, or one recorded at the same moment).
    /// </summary>
    public async Task<bool> ApplyAsync(UnitOfWork unit, Guid id, DateOnly endsOn, string reason, string actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var agreement = await agreements.GetAsync(unit, id, cancellationToken) ?? throw new InvalidOperationException($"No agreement has id {id}.");
        var term = await terms.GetAsync(unit, id, cancellationToken) ?? throw new InvalidOperationException($"{agreement.Title} has no signed term.");
        if (term.EndsOn is not null || !await terms.ScheduleEndAsync(unit, id, endsOn, reason, actor, now, cancellationToken))
            return false;
        var ending = (await terms.GetAsync(unit, id, cancellationToken))!;
        var settlement = AgreementLifecycle.Settle(agreement.Status, ending, now, await lifecycle.SignedEndAsync(id, ending, cancellationToken));
        if (settlement.Status == AgreementStatus.Terminated)
        {
            if (!await lifecycle.ApplyAsync(unit, agreement, ending, settlement, actor, now, cancellationToken))
                throw new InvalidOperationException($"{agreement.Title} changed status while its termination was recorded; the step is retried.");
        }
        else
        {
            await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.termination-scheduled", "Agreement", id.ToString(),
                $"{agreement.Title} ends early from {endsOn:yyyy-MM-dd} ({term.TimeZone}): {reason}"), cancellationToken);
        }
        return true;
    }
}
