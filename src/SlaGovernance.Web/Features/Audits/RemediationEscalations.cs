using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Audits;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Web.Features.Vendors;

namespace SlaGovernance.Web.Features.Audits;

/// <summary>
/// Overdue remediation actions climb the agreement's escalation path: level N is reached once the action is overdue by that level's
/// "after" time (counted from the end of its due day), each level once per action. Each level tells the vendor's escalation
/// contact which level of the path it has reached, and the vendor's owner and the audit lead; an agreement with no path has one level.
/// </summary>
public sealed class RemediationEscalations(Database database, VendorAuditStore audits, AgreementStore agreements, AgreementTermStore terms,
    VendorContacts contacts, VendorOwners owners, Data.Identity.UserStore users, EmailOutbox outbox, AuditLog audit, TimeProvider time)
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var raised = 0;
        foreach (var finding in await audits.OverdueAsync(DateOnly.FromDateTime(now.UtcDateTime.AddDays(1)), cancellationToken))
        {
            var term = await terms.GetAsync(finding.AgreementId, cancellationToken);
            if (term is null)
                continue;
            var overdueSince = Domain.Calendars.ZonedDays.StartOf(finding.ActionDueOn.AddDays(1), term.TimeZone);
            if (now < overdueSince)
                continue;
            var path = (await agreements.GetVersionAsync(finding.AgreementId, term.VersionNumber, cancellationToken))?.Parsed.Escalation is { Count: > 0 } levels
                ? levels
                : [new EscalationLevel(1, "the vendor's escalation contact", 0)];
            var reached = path.Count(l => overdueSince.AddMinutes(l.AfterMinutes) <= now);
            for (var level = finding.EscalationLevel + 1; level <= reached; level++)
            {
                var step = path[level - 1];
                await using var unit = await database.BeginAsync(cancellationToken);
                if (!await audits.RaiseEscalationAsync(unit, finding.Id, level, cancellationToken))
                    break;
                var text = $"The remediation action of {finding.Reference} '{finding.Title}' ({finding.Severity}) under {finding.AgreementTitle} was due on " +
                           $"{finding.ActionDueOn:yyyy-MM-dd} and is not done: {finding.ActionText}\nIt is escalated to level {level} of the agreement's escalation " +
                           $"path ({step.Contact}). Owned by {finding.ActionOwner}; at the vendor, {finding.VendorOwner}.";
                if (await contacts.RecipientAsync(finding.VendorId, VendorLetter.Escalation, cancellationToken) is { Email.Length: > 0 } recipient)
                    await outbox.EnqueueAsync(unit, $"audit-action-overdue/{finding.Id}/{level}/vendor", [new EmailAddress(recipient.Email!, recipient.Name)],
                        $"Overdue remediation {finding.Reference}: escalation level {level} ({step.Contact})", text, cancellationToken: cancellationToken);
                await owners.NotifyAsync(unit, finding.VendorId, $"audit-action-overdue/{finding.Id}/{level}/owner",
                    $"Overdue remediation {finding.Reference} of {finding.VendorName}: escalation level {level}", text + $"\n\n{{link}}/audits/{finding.AuditId}",
                    cancellationToken);
                if (await users.FindByUserNameAsync(finding.LeadUser, cancellationToken) is { IsActive: true, Email.Length: > 0 } lead)
                    await outbox.EnqueueAsync(unit, $"audit-action-overdue/{finding.Id}/{level}/lead", [new EmailAddress(lead.Email!, lead.DisplayName)],
                        $"Overdue remediation {finding.Reference} of {finding.VendorName}: escalation level {level}", text, cancellationToken: cancellationToken);
                await audit.AppendAsync(unit, new AuditRecord("remediation-escalations", "vendor-audit.action-escalated", "VendorAudit", finding.AuditId.ToString(),
                    $"{finding.Reference} overdue since {finding.ActionDueOn:yyyy-MM-dd}: escalated to level {level} ({step.Contact})"), cancellationToken);
                await unit.CommitAsync(cancellationToken);
                raised++;
            }
        }
        return raised;
    }
}

/// <summary>Starts the audits the programme makes due and escalates overdue remediation, at start-up and every hour.</summary>
public sealed class AuditProgrammeSweep(AuditSchedule schedule, RemediationEscalations escalations, TimeProvider time, ILogger<AuditProgrammeSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var started = await schedule.StartDueAsync(stoppingToken);
                var raised = await escalations.RunOnceAsync(stoppingToken);
                if (started + raised > 0)
                    logger.LogInformation("The audit programme started {Started} audit(s) and raised {Raised} escalation(s)", started, raised);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The audit programme's sweep failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
