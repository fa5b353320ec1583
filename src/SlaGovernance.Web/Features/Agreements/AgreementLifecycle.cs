using System.Data.Common;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>Where the lifecycle leaves an agreement at an instant: its status, and the term's end after any tacit renewals.</summary>
public sealed record Settlement(string Status, DateOnly TermEnd, int RenewalPeriods);

/// <summary>An agreement with its signed term (null until signed) and the tacit renewals that extended it.</summary>
public sealed record AgreementLifecycleView(AgreementRow Agreement, AgreementTermRow? Term, IReadOnlyList<AgreementRenewalRow> Renewals)
{
    /// <summary>When the signed term begins, as an instant: the start of its first day in the agreement's zone.</summary>
    public DateTimeOffset? ActiveFrom => Term is null ? null : ZonedDays.StartOf(Term.TermStart, Term.TimeZone);

    /// <summary>When it ends: the start of the early end's day, or the end of the term's last day.</summary>
    public DateTimeOffset? ActiveUntil => Term switch
    {
        null => null,
        { EndsOn: { } endsOn } => ZonedDays.StartOf(endsOn, Term.TimeZone),
        _ => ZonedDays.StartOf(Term.TermEnd.AddDays(1), Term.TimeZone),
    };

    /// <summary>Signed, waiting for its first day.</summary>
    public bool IsSignedAndWaiting => Term is not null && Agreement.Status == AgreementStatus.Signed;
}

/// <summary>
/// The agreement after approval. Once signed it is Active from the start of its first day in its own zone (Signed until then),
/// Expired after its last day unless it renews itself (then the term is extended), and Terminated from the start of the day an
/// early end takes effect. Each change is guarded by the state it was decided on, so two nodes sweeping at once make it once.
/// </summary>
public sealed class AgreementLifecycle(Database database, AgreementStore agreements, AgreementTermStore terms, AuditLog audit, DomainEvents events)
{
    public const string SystemActor = "system";

    public async Task<AgreementLifecycleView?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await agreements.GetAsync(id, cancellationToken) is { } agreement
            ? new AgreementLifecycleView(agreement, await terms.GetAsync(id, cancellationToken), await terms.RenewalsAsync(id, cancellationToken))
            : null;

    /// <summary>
    /// Where the agreement stands at <paramref name="now"/>; only Signed and Active agreements move. Tacit renewals
    /// follow <see cref="Domain.Renewals.RenewalSchedule"/>, anchored on the signed term (<paramref name="signedEnd"/> is the
    /// signed version's last day), so month ends do not drift: a month from 31 January renews to 30 March, then 29 April.
    /// </summary>
    public static Settlement Settle(string status, AgreementTermRow term, DateTimeOffset now, DateOnly? signedEnd = null)
    {
        var end = term.TermEnd;
        if (!AgreementStatus.IsRunning(status))
            return new(status, end, 0);
        if (term.EndsOn is { } endsOn && now >= ZonedDays.StartOf(endsOn, term.TimeZone))
            return new(AgreementStatus.Terminated, end, 0);
        if (now < ZonedDays.StartOf(term.TermStart, term.TimeZone))
            return new(status, end, 0);
        if (now < ZonedDays.StartOf(end.AddDays(1), term.TimeZone))
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
        while (now >= ZonedDays.StartOf(end.AddDays(1), term.TimeZone))
        {
            end = renewal.AddTo(end.AddDays(1)).AddDays(-1);
            periods++;
        }
        return new(AgreementStatus.Active, end, periods);
    }

    private static NodaTime.LocalDate Local(DateOnly date) => new(date.Year, date.Month, date.Day);

    /// <summary>The last day of the term as signed, from the signed version's content, for renewals counted from the signed term.</summary>
    internal async Task<DateOnly?> SignedEndAsync(Guid agreementId, AgreementTermRow term, CancellationToken cancellationToken) =>
        term.Renewals == 0 || RenewalTerm(term) is null
            ? term.TermEnd
            : (await agreements.GetVersionAsync(agreementId, term.VersionNumber, cancellationToken))?.Parsed.TermEnd;

    public static Period? RenewalTerm(AgreementTermRow term) =>
        term is { RenewalAmount: > 0 and var amount, RenewalUnit: { } unit } ? new Period(amount, Enum.Parse<PeriodUnit>(unit)) : null;

    /// <summary>
    /// Keeps the term of a version just signed (or imported signed), makes an approved or expired agreement Signed, and settles
    /// it at once, in the caller's transaction; false when the agreement's status changed meanwhile.
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
        if (agreement.Status is AgreementStatus.Approved or AgreementStatus.Expired)
        {
            if (!await agreements.ChangeStatusAsync(unit, agreement.Id, agreement.Status, AgreementStatus.Signed, now, cancellationToken))
                return false;
            agreement = agreement with { Status = AgreementStatus.Signed };
        }
        await events.AppendAsync(unit, new AgreementSigned(agreement.Id, versionNumber, content.TermStart, content.TermEnd), cancellationToken);
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

    /// <summary>Makes a settlement: the renewal guarded by the end it moves, the status change by the status it leaves.</summary>
    internal async Task<bool> ApplyAsync(UnitOfWork unit, AgreementRow agreement, AgreementTermRow term, Settlement settlement, string actor,
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
                previousEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), settlement.TermEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
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
        await (settlement.Status switch
        {
            AgreementStatus.Active => events.AppendAsync(unit, new AgreementActivated(id), cancellationToken),
            AgreementStatus.Expired => events.AppendAsync(unit, new AgreementExpired(id, settlement.TermEnd), cancellationToken),
            _ => events.AppendAsync(unit, new AgreementTerminated(id, term.EndsOn!.Value, term.TerminationReason ?? ""), cancellationToken),
        });
        return true;
    }
}
