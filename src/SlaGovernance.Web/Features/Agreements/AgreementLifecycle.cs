using System.Data.Common;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>Where the lifecycle leaves an agreement at an instant: its status, and the term's end after any tacit renewals.</summary>
public sealed record Settlement(string Status, DateOnly TermEnd, int RenewalPeriods);

public sealed record TerminationInput(DateOnly? EffectiveOn, string? Reason);

/// <summary>An agreement with its signed term (null until signed) and the tacit renewals that extended it.</summary>
public sealed record AgreementLifecycleView(AgreementRow Agreement, AgreementTermRow? Term, IReadOnlyList<AgreementRenewalRow> Renewals)
{
    /// <summary>When the signed term begins, as an instant: the start of its first day in the agreement's zone.</summary>
    public DateTimeOffset? ActiveFrom => Term is null ? null : AgreementCommands.StartOfDay(Term.TermStart, Term.TimeZone);

    /// <summary>When it ends: the start of the early end's day, or the end of the term's last day.</summary>
    public DateTimeOffset? ActiveUntil => Term switch
    {
        null => null,
        { EndsOn: { } endsOn } => AgreementCommands.StartOfDay(endsOn, Term.TimeZone),
        _ => AgreementCommands.StartOfDay(Term.TermEnd.AddDays(1), Term.TimeZone),
    };

    /// <summary>Signed, waiting for its first day.</summary>
    public bool IsSignedAndWaiting => Term is not null && Agreement.Status == AgreementStatus.Approved;
}

/// <summary>
/// The agreement after approval. Once signed it is Active from the start of its first day in its own zone (Approved until then),
/// Expired after its last day unless it renews itself (then the term is extended), and Terminated from the start of the day an
/// early end takes effect. Each change is guarded by the state it was decided on, so two nodes sweeping at once make it once.
/// </summary>
public sealed class AgreementLifecycle(Database database, AgreementStore agreements, AgreementTermStore terms, AuditLog audit, TimeProvider time)
{
    public const string SystemActor = "system";
    public const int MaxReason = 2000;

    public async Task<AgreementLifecycleView?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await agreements.GetAsync(id, cancellationToken) is { } agreement
            ? new AgreementLifecycleView(agreement, await terms.GetAsync(id, cancellationToken), await terms.RenewalsAsync(id, cancellationToken))
            : null;

    /// <summary>
    /// Where the agreement stands at <paramref name="now"/>; only Approved (signed) and Active agreements move. Tacit renewals
    /// follow <see cref="Domain.Renewals.RenewalSchedule"/>, anchored on the signed term (<paramref name="signedEnd"/> is the
    /// signed version's last day), so month ends do not drift: a month from 31 January renews to 30 March, then 29 April.
    /// </summary>
    public static Settlement Settle(string status, AgreementTermRow term, DateTimeOffset now, DateOnly? signedEnd = null)
    {
        var end = term.TermEnd;
        if (status is not (AgreementStatus.Approved or AgreementStatus.Active))
            return new(status, end, 0);
        if (term.EndsOn is { } endsOn && now >= AgreementCommands.StartOfDay(endsOn, term.TimeZone))
            return new(AgreementStatus.Terminated, end, 0);
        if (now < AgreementCommands.StartOfDay(term.TermStart, term.TimeZone))
            return new(status, end, 0);
        if (now < AgreementCommands.StartOfDay(end.AddDays(1), term.TimeZone))
            return new(AgreementStatus.Active, end, 0);
        if (RenewalTerm(term) is not { } renewal)
            return new(AgreementStatus.Expired, end, 0);
        var originalEnd = signedEnd ?? (term.Renewals == 0 ? term.TermEnd : (DateOnly?)null);
        if (originalEnd is { } signed && NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(term.TimeZone) is { } zone)
        {
            var schedule = new Domain.Renewals.RenewalSchedule(Local(term.TermStart), Local(signed), renewal);
            var today = NodaTime.Instant.FromDateTimeOffset(now).InZone(zone).Date;
            if (schedule.TermOn(today) is { } current && current.Index > term.Renewals)
                return new(AgreementStatus.Active, DateOnly.FromDateTime(current.End.ToDateTimeUnspecified()), current.Index - term.Renewals);
        }
        // Without the signed end (an old row), counted from the day after the end, as before.
        var periods = 0;
        while (now >= AgreementCommands.StartOfDay(end.AddDays(1), term.TimeZone))
        {
            end = renewal.AddTo(end.AddDays(1)).AddDays(-1);
            periods++;
        }
        return new(AgreementStatus.Active, end, periods);
    }

    private static NodaTime.LocalDate Local(DateOnly date) => new(date.Year, date.Month, date.Day);

    /// <summary>The last day of the term as signed, from the signed version's content, for renewals counted from the signed term.</summary>
    private async Task<DateOnly?> SignedEndAsync(Guid agreementId, AgreementTermRow term, CancellationToken cancellationToken) =>
        term.Renewals == 0 || RenewalTerm(term) is null
            ? term.TermEnd
            : (await agreements.GetVersionAsync(agreementId, term.VersionNumber, cancellationToken))?.Parsed.TermEnd;

    public static Period? RenewalTerm(AgreementTermRow term) =>
        term is { RenewalAmount: > 0 and var amount, RenewalUnit: { } unit } ? new Period(amount, Enum.Parse<PeriodUnit>(unit)) : null;

    /// <summary>
    /// Keeps the term of a version just signed (or imported signed) and settles the agreement at once, in the caller's transaction;
    /// false when the agreement's status changed meanwhile.
    /// </summary>
    public async Task<bool> ApplySignedTermAsync(UnitOfWork unit, AgreementRow agreement, int versionNumber, AgreementContent content, string actor,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var renewal = content.Renewal.AutoRenew ? content.Renewal.RenewalTerm : null;
        await terms.SaveSignedTermAsync(unit, new AgreementTermRow
        {
            AgreementId = agreement.Id, VersionNumber = versionNumber, TermStart = content.TermStart,
            TermEnd = content.TermEnd, TimeZone = content.TimeZone, RenewalAmount = renewal?.Amount,
            RenewalUnit = renewal?.Unit.ToString(),
        }, cancellationToken);
        var term = (await terms.GetAsync(unit, agreement.Id, cancellationToken))!;
        return await ApplyAsync(unit, agreement, term, Settle(agreement.Status, term, now, content.TermEnd), actor, now, cancellationToken);
    }

    /// <summary>Activates, renews, expires and terminates every agreement whose day has come; the number of agreements changed.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        foreach (var due in await terms.DueAsync(now, cancellationToken))
        {
            var term = due.Terms;
            var settlement = Settle(due.Status, term, now, await SignedEndAsync(due.AgreementId, term, cancellationToken));
            if (settlement.Status == due.Status && settlement.RenewalPeriods == 0)
                continue;
            var agreement = new AgreementRow { Id = due.AgreementId, Title = due.Title, Status = due.Status, Version = due.Revision };
            try
            {
                await using var unit = await database.BeginAsync(cancellationToken);
                if (!await ApplyAsync(unit, agreement, term, settlement, SystemActor, now, cancellationToken))
                    continue;
                await unit.CommitAsync(cancellationToken);
                changed++;
            }
            catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
            {
                // Another node recorded this change first.
            }
        }
        return changed;
    }

    /// <summary>
    /// Ends an Active (or signed Approved) agreement early from the start of <see cref="TerminationInput.EffectiveOn"/> in its zone:
    /// at once when that is today, otherwise by the sweeper on that day.
    /// </summary>
    public async Task<CommandResult<AgreementTermRow>> TerminateAsync(string actor, Guid id, TerminationInput input,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        var agreement = await agreements.GetAsync(unit, id, cancellationToken);
        if (agreement is null)
            return CommandResult<AgreementTermRow>.NotFound($"No agreement has id {id}.");
        var term = await terms.GetAsync(unit, id, cancellationToken);
        if (term is null || agreement.Status is not (AgreementStatus.Active or AgreementStatus.Approved))
            return CommandResult<AgreementTermRow>.Forbidden(
                $"Only an Active agreement, or an approved one that is signed, can be ended early; {agreement.Title} is {agreement.Status}" +
                (term is null ? " and not signed." : "."));
        if (term.EndsOn is { } scheduled)
            return CommandResult<AgreementTermRow>.Stale(term,
                $"{agreement.Title} already ends early on {scheduled:yyyy-MM-dd} ({term.TerminatedBy}: {term.TerminationReason}).");

        var errors = new ValidationErrors();
        var today = NodaTime.Instant.FromDateTimeOffset(now).InZone(NodaTime.DateTimeZoneProviders.Tzdb[term.TimeZone]).Date.ToDateOnly();
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
        var settlement = Settle(agreement.Status, ending, now, await SignedEndAsync(id, ending, cancellationToken));
        if (settlement.Status == AgreementStatus.Terminated)
        {
            if (!await ApplyAsync(unit, agreement, ending, settlement, actor, now, cancellationToken))
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

    /// <summary>Makes a settlement: the renewal guarded by the end it moves, the status change by the status it leaves.</summary>
    private async Task<bool> ApplyAsync(UnitOfWork unit, AgreementRow agreement, AgreementTermRow term, Settlement settlement, string actor,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = agreement.Id;
        var previousEnd = term.TermEnd;
        if (settlement.RenewalPeriods > 0)
        {
            if (!await terms.RenewAsync(unit, id, term.TermEnd, settlement.TermEnd, settlement.RenewalPeriods, now,
                    cancellationToken))
                return false;
            var times = settlement.RenewalPeriods == 1 ? "" : $" {settlement.RenewalPeriods} times";
            await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.renewed", "Agreement", id.ToString(),
                $"{agreement.Title} renewed itself{times} for {RenewalTerm(term)}: the term now ends on {settlement.TermEnd:yyyy-MM-dd} ({term.TimeZone})",
                previousEnd.ToString("yyyy-MM-dd"), settlement.TermEnd.ToString("yyyy-MM-dd")), cancellationToken);
        }
        if (settlement.Status == agreement.Status)
            return true;
        if (!await agreements.ChangeStatusAsync(unit, id, agreement.Status, settlement.Status, now, cancellationToken))
            return false;
        if (!await agreements.RecordStatusChangeAsync(unit, $"lifecycle/{id}/r{agreement.Version}/{settlement.Status}", id, settlement.Status, now,
                cancellationToken))
            return false;
        var (action, summary) = settlement.Status switch
        {
            AgreementStatus.Active => ("agreement.activated",
                $"{agreement.Title} is Active: its term began on {term.TermStart:yyyy-MM-dd} ({term.TimeZone}) and runs to {settlement.TermEnd:yyyy-MM-dd}"),
            AgreementStatus.Expired => ("agreement.expired",
                $"{agreement.Title} expired at the end of {settlement.TermEnd:yyyy-MM-dd} ({term.TimeZone}); it does not renew itself"),
            _ => ("agreement.terminated",
                $"{agreement.Title} ended early on {term.EndsOn:yyyy-MM-dd} ({term.TimeZone}): {term.TerminationReason}"),
        };
        await audit.AppendAsync(unit, new AuditRecord(actor, action, "Agreement", id.ToString(), summary, agreement.Status, settlement.Status),
            cancellationToken);
        return true;
    }
}
