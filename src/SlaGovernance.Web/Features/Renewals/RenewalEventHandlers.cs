using SlaGovernance.Data.Events;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Renewals;

namespace SlaGovernance.Web.Features.Renewals;

/// <summary>A signed version may renew a term being renegotiated, and may move the signed term's dates: the renewal cycles follow.</summary>
public sealed class RenewalsFollowSignatures(RenewalCycles renewals) : DomainEventSubscriber<AgreementSigned>
{
    protected override Task HandleAsync(AgreementSigned signed, CancellationToken cancellationToken) =>
        renewals.SignedAsync(signed.AgreementId, cancellationToken);
}

/// <summary>An agreement whose term began gets the renewal workflow of that term.</summary>
public sealed class RenewalsStartWithTheTerm(RenewalCycles renewals) : DomainEventSubscriber<AgreementActivated>
{
    protected override Task HandleAsync(AgreementActivated activated, CancellationToken cancellationToken) =>
        renewals.StartDueAsync(activated.AgreementId, cancellationToken);
}

/// <summary>A renewed term's next cycle starts once the decision is recorded.</summary>
public sealed class RenewalsStartTheNextTerm(RenewalCycles renewals) : DomainEventSubscriber<RenewalDecided>
{
    protected override Task HandleAsync(RenewalDecided decided, CancellationToken cancellationToken) =>
        decided.Outcome == RenewalCycleStatus.Renewed ? renewals.StartDueAsync(decided.AgreementId, cancellationToken) : Task.CompletedTask;
}

/// <summary>The running renewal workflows' reminders and decision dates follow a new budget calendar.</summary>
public sealed class RenewalsFollowTheBudgetCalendar(RenewalCycles renewals) : DomainEventSubscriber<BudgetCalendarChanged>
{
    protected override Task HandleAsync(BudgetCalendarChanged changed, CancellationToken cancellationToken) =>
        renewals.RescheduleAsync(cancellationToken: cancellationToken);
}

/// <summary>Renewal decisions escalate a number of business days of the default calendar before the notice deadline.</summary>
public sealed class RenewalsFollowTheBusinessCalendar(RenewalCycles renewals) : DomainEventSubscriber<BusinessCalendarChanged>
{
    protected override Task HandleAsync(BusinessCalendarChanged changed, CancellationToken cancellationToken) =>
        changed.IsDefault ? renewals.RescheduleAsync(cancellationToken: cancellationToken) : Task.CompletedTask;
}
