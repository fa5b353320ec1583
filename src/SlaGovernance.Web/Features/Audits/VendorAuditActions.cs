using System.Security.Cryptography;
using System.Text.Json;
using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Audits;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Organisation;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Documents.Letters;
using SlaGovernance.Domain.Audits;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Features.Vendors.Requests;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Persistence;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Features.Audits;

public static class AuditDocumentKinds
{
    public const string Notice = "Notice";
    public const string Report = "Report";
}

/// <summary>What the audit workflow's steps share: the audit, checked to be in the hands of the instance, and the workflow events it waits for.</summary>
public static class VendorAuditWorkflow
{
    public const string Actor = "workflow";

    /// <summary>The vendor answered the audit's evidence request; keyed by the audit's id.</summary>
    public const string EvidenceEvent = "vendor-audit-evidence";

    /// <summary>Every finding of the audit is closed or its risk accepted; keyed by the audit's id.</summary>
    public const string SettledEvent = "vendor-audit-settled";

    public static async Task<VendorAuditRow> AuditAsync(VendorAuditStore audits, WorkflowSubject subject, string workflowId, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(subject.Id);
        var audit = await audits.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"No audit has id {id}.");
        // The instance is linked right after it starts; a step that runs first finds no link yet.
        if (audit.WorkflowId is { } owner && owner != Guid.Parse(workflowId))
            throw new InvalidOperationException($"Workflow {workflowId} cannot act on {audit.Reference}: workflow {owner} runs it. Cancel this instance.");
        return audit;
    }

    /// <summary>
    /// Hands an event about the audit to its waiting step inside the caller's transaction, or stores it for a step that waits later;
    /// after the commit the caller queues what this returns with <see cref="QueueAsync"/>.
    /// </summary>
    public static async Task<(string? Woken, string EventId)> PublishAsync(DapperPersistenceProvider store, UnitOfWork unit, string eventName, Guid auditId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string> { ["auditId"] = auditId.ToString() };
        var key = auditId.ToString();
        var eventId = Guid.CreateVersion7().ToString();
        var woken = await store.TryDeliverAsync(unit, eventName, key, data, now.UtcDateTime, cancellationToken);
        if (woken is null)
            await store.InsertEventAsync(unit, new Event { Id = eventId, EventName = eventName, EventKey = key, EventData = data, EventTime = now.UtcDateTime },
                cancellationToken);
        return (woken, eventId);
    }

    public static Task QueueAsync(IQueueProvider queue, (string? Woken, string EventId) published) =>
        published.Woken is { } woken ? queue.QueueWork(woken, QueueType.Workflow) : queue.QueueWork(published.EventId, QueueType.Event);

    public static void SetField<T>(WorkflowSubject subject, string name, T value) => subject.Fields[name] = JsonSerializer.SerializeToElement(value);
}

/// <summary>
/// vendor-audit-notice: in one transaction, once (only a scheduled audit moves): the Word notice letter stored with the audit, the
/// evidence request opened in the vendor's inbox (documents; raw data for the audited periods) due on the first day of fieldwork,
/// the letter emailed through the outbox to the vendor's security contact (as VendorContactRules picks), and the audit moved on.
/// </summary>
public sealed class VendorAuditNoticeAction(Database database, VendorAuditStore audits, VendorRequests requests, VendorContacts contacts,
    OrganisationStore organisation, EmailOutbox outbox, VendorOwners owners, AuditLog audit, TimeProvider time) : IWorkflowAction
{
    public string Name => "vendor-audit-notice";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var row = await VendorAuditWorkflow.AuditAsync(audits, context.Subject, context.WorkflowId, cancellationToken);
        if (row.Status != VendorAuditStatus.Scheduled)
            return;
        var now = time.GetUtcNow();
        var customer = (await organisation.GetAsync(cancellationToken))?.Name ?? "The customer";
        var recipient = await contacts.RecipientAsync(row.VendorId, VendorLetter.AuditNotice, cancellationToken);
        var periods = row.PeriodList;
        var items = row.ItemList;
        var letter = AuditDocuments.Notice(new AuditNoticeInput(customer, row.VendorName, recipient?.Name ?? recipient?.Email, row.AgreementTitle, row.Reference,
            $"{row.NoticeDays} days' notice, scope: {row.Scope}", row.FieldworkOn, row.FieldworkOn, row.TimeZone, ZonedDays.DayOf(now, row.TimeZone), items,
            periods, row.LeadUser));
        var asked = string.Join("\n", items.Select(i => "- " + i).Concat(periods.Count == 0 ? [] :
            [$"- Raw measurement data behind your reported figures for {string.Join(", ", periods)}: upload it with your vendor token " +
             $"(POST /api/v1/agreements/{row.AgreementId}/data/…) and say here when it is complete."]));
        if (asked.Length == 0)
            asked = "Confirm the fieldwork dates and name who will attend.";
        await using var unit = await database.BeginAsync(cancellationToken);
        var opened = await requests.OpenAsync(unit, VendorAuditWorkflow.Actor, row.VendorId, new VendorRequestInput(nameof(VendorRequestKind.Evidence),
            row.AgreementId, $"Audit {row.Reference}: evidence for fieldwork from {row.FieldworkOn:yyyy-MM-dd}", asked,
            LocalDate.FromDateOnly(row.FieldworkOn)), new RequestSubject(StartVendorAudit.SubjectType, row.Id.ToString()), cancellationToken);
        if (opened.Status != CommandStatus.Ok)
            throw new InvalidOperationException($"The evidence request of {row.Reference} was refused: " +
                string.Join("; ", opened.Errors?.SelectMany(e => e.Value) ?? [opened.Message ?? ""]));
        if (!await audits.UpdateAsync(unit, row with { Status = VendorAuditStatus.EvidenceRequested, EvidenceRequestId = opened.Value!.Id }, cancellationToken))
            throw new InvalidOperationException($"{row.Reference} changed while its notice was sent; the step is retried.");
        var fileName = $"audit-notice-{row.Reference}.docx";
        await audits.InsertDocumentAsync(unit, new AuditDocumentRow
        {
            Id = Guid.CreateVersion7(now), AuditId = row.Id, Kind = AuditDocumentKinds.Notice, FileName = fileName, Content = letter,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(letter)), CreatedBy = VendorAuditWorkflow.Actor, CreatedAt = now,
        }, cancellationToken);
        if (recipient?.Email is { Length: > 0 } email)
        {
            await outbox.EnqueueAsync(unit, $"audit-notice/{row.Id}", [new EmailAddress(email, recipient.Name)],
                $"Notice of audit {row.Reference}: {row.AgreementTitle}",
                $"Dear {recipient.Name ?? row.VendorName},\n\nUnder the audit rights of {row.AgreementTitle}, {customer} gives notice of audit {row.Reference}. " +
                $"Fieldwork starts on {row.FieldworkOn:yyyy-MM-dd} ({row.TimeZone}). The notice letter is attached.\n\nPlease send what we ask by " +
                $"{row.FieldworkOn:yyyy-MM-dd} through your vendor access (the request '{opened.Value.Title}'):\n{asked}\n\n{row.LeadUser} leads the audit for {customer}.",
                [new EmailAttachment(fileName, NoticeLetter.ContentType, letter)], cancellationToken);
        }
        else
        {
            await owners.NotifyAsync(unit, row.VendorId, $"audit-notice-by-hand/{row.Id}", $"Send the notice of audit {row.Reference} by hand: {row.VendorName}",
                $"{row.VendorName} has no contact with an email address, so the notice of audit {row.Reference} could not be emailed. Download the letter " +
                $"and send it: {{link}}/audits/{row.Id}", cancellationToken);
        }
        await audit.AppendAsync(unit, new AuditRecord(VendorAuditWorkflow.Actor, "vendor-audit.notified", "VendorAudit", row.Id.ToString(),
            $"Notice of {row.Reference} sent to {row.VendorName}" + (recipient?.Email is { Length: > 0 } to ? $" ({to})" : " (no email address: to be sent by hand)") +
            $"; evidence requested, due {row.FieldworkOn:yyyy-MM-dd}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// vendor-audit-chase and vendor-audit-evidence-due: whether the vendor has answered the evidence request (the field evidenceIn); when
/// it has not, a chaser to the vendor's security contact, then on the due date an escalation to the vendor's escalation contact and
/// the vendor's owner. Each email has its own key in the outbox, so a replay sends nothing twice.
/// </summary>
public sealed class VendorAuditEvidenceCheck(Database database, VendorAuditStore audits, VendorRequestStore requests, VendorContacts contacts,
    EmailOutbox outbox, VendorOwners owners, AuditLog audit)
{
    public async Task RunAsync(WorkflowActionContext context, bool escalate, CancellationToken cancellationToken)
    {
        var row = await VendorAuditWorkflow.AuditAsync(audits, context.Subject, context.WorkflowId, cancellationToken);
        var request = row.EvidenceRequestId is { } id ? await requests.GetAsync(id, cancellationToken) : null;
        var evidenceIn = request is null || request.Status is VendorRequestStatus.Answered or VendorRequestStatus.Closed;
        VendorAuditWorkflow.SetField(context.Subject, "evidenceIn", evidenceIn);
        if (evidenceIn || request is null)
            return;
        var letter = escalate ? VendorLetter.Escalation : VendorLetter.AuditNotice;
        var recipient = await contacts.RecipientAsync(row.VendorId, letter, cancellationToken);
        await using var unit = await database.BeginAsync(cancellationToken);
        var added = false;
        if (recipient?.Email is { Length: > 0 } email)
        {
            (_, added) = escalate
                ? await outbox.EnqueueAsync(unit, $"audit-evidence-overdue/{row.Id}", [new EmailAddress(email, recipient.Name)],
                    $"Overdue: evidence for audit {row.Reference} ({row.AgreementTitle})",
                    $"Dear {recipient.Name ?? row.VendorName},\n\nThe evidence for audit {row.Reference} under {row.AgreementTitle} was due on {request.DueOn:yyyy-MM-dd} " +
                    $"and has not arrived, so fieldwork cannot start. We escalate it to you as the agreement's escalation contact: please see that " +
                    $"'{request.Title}' is answered through your vendor access today.\n\nWhat we asked:\n{request.Asked}", cancellationToken: cancellationToken)
                : await outbox.EnqueueAsync(unit, $"audit-evidence-chaser/{row.Id}", [new EmailAddress(email, recipient.Name)],
                    $"Reminder: evidence for audit {row.Reference} due {request.DueOn:yyyy-MM-dd}",
                    $"Dear {recipient.Name ?? row.VendorName},\n\nThe evidence for audit {row.Reference} under {row.AgreementTitle} is due on " +
                    $"{request.DueOn:yyyy-MM-dd}. Please answer '{request.Title}' through your vendor access.\n\nWhat we asked:\n{request.Asked}",
                    cancellationToken: cancellationToken);
        }
        if (escalate)
            added |= await owners.NotifyAsync(unit, row.VendorId, $"audit-evidence-overdue-owner/{row.Id}",
                $"Evidence overdue: audit {row.Reference} of {row.VendorName}",
                $"{row.VendorName} has not answered the evidence request of audit {row.Reference} ({row.AgreementTitle}), due {request.DueOn:yyyy-MM-dd}; it was " +
                $"escalated to the vendor's escalation contact. Fieldwork waits for it: {{link}}/audits/{row.Id}", cancellationToken);
        if (added)
            await audit.AppendAsync(unit, new AuditRecord(VendorAuditWorkflow.Actor, escalate ? "vendor-audit.evidence-escalated" : "vendor-audit.evidence-chased",
                "VendorAudit", row.Id.ToString(), escalate
                    ? $"Evidence for {row.Reference} overdue since {request.DueOn:yyyy-MM-dd}: escalated to {recipient?.Email ?? "nobody at the vendor"} and the vendor's owner"
                    : $"{row.VendorName} reminded of the evidence for {row.Reference}, due {request.DueOn:yyyy-MM-dd}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

public sealed class VendorAuditChaseAction(VendorAuditEvidenceCheck check) : IWorkflowAction
{
    public string Name => "vendor-audit-chase";

    public Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken) => check.RunAsync(context, escalate: false, cancellationToken);
}

public sealed class VendorAuditEvidenceDueAction(VendorAuditEvidenceCheck check) : IWorkflowAction
{
    public string Name => "vendor-audit-evidence-due";

    public Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken) => check.RunAsync(context, escalate: true, cancellationToken);
}

/// <summary>
/// vendor-audit-report: the Word audit report (scope, the recomputed figures beside the vendor's, the findings with their agreed
/// remediation), stored once with the audit; and the fields findings and openFindings the workflow routes on.
/// </summary>
public sealed class VendorAuditReportAction(Database database, VendorAuditStore audits, OrganisationStore organisation, AuditLog audit, TimeProvider time)
    : IWorkflowAction
{
    public string Name => "vendor-audit-report";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var row = await VendorAuditWorkflow.AuditAsync(audits, context.Subject, context.WorkflowId, cancellationToken);
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        var findings = await audits.FindingsAsync(unit, row.Id, cancellationToken);
        VendorAuditWorkflow.SetField(context.Subject, "findings", findings.Count);
        VendorAuditWorkflow.SetField(context.Subject, "openFindings", findings.Count(f => !FindingStatus.IsSettled(f.Status)));
        if (await audits.DocumentOfKindAsync(unit, row.Id, AuditDocumentKinds.Report, cancellationToken) is not null)
            return;
        var customer = (await organisation.GetAsync(cancellationToken))?.Name ?? "The customer";
        var report = AuditDocuments.Report(new AuditReportInput(customer, row.VendorName, row.AgreementTitle, row.Reference, row.Scope, row.FieldworkOn,
            ZonedDays.DayOf(now, row.TimeZone), row.TimeZone, row.LeadUser,
            AuditRecomputation.Parse(row.Recomputation).Select(f => new AuditReportFigure(f.Period, f.Objective, f.TargetPercent, f.OursPercent, f.VendorPercent,
                f.DifferencePoints, f.Discrepancy)).ToList(),
            findings.Select(f => new AuditReportFinding($"{row.Reference}/F{f.Number}", f.Title, f.Severity, f.Concerns, f.Evidence, f.VendorOwner, f.ActionText,
                f.ActionDueOn, f.ActionOwner)).ToList()));
        await audits.InsertDocumentAsync(unit, new AuditDocumentRow
        {
            Id = Guid.CreateVersion7(now), AuditId = row.Id, Kind = AuditDocumentKinds.Report, FileName = $"audit-report-{row.Reference}.docx", Content = report,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(report)), CreatedBy = VendorAuditWorkflow.Actor, CreatedAt = now,
        }, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(VendorAuditWorkflow.Actor, "vendor-audit.reported", "VendorAudit", row.Id.ToString(),
            $"Report of {row.Reference} generated with {findings.Count} finding(s)"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>Moves an audit's status as its workflow asks, once: a replayed step finds the audit already there and changes nothing.</summary>
public sealed class VendorAuditStatuses(Database database, VendorAuditStore audits, AuditLog audit, TimeProvider time) : IWorkflowSubjectStatus
{
    public string SubjectType => StartVendorAudit.SubjectType;

    public async Task SetStatusAsync(WorkflowSubject subject, string status, string workflowId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var row = await VendorAuditWorkflow.AuditAsync(audits, subject, workflowId, cancellationToken);
        if (row.Status == status)
            return;
        var move = VendorAuditStatus.Lifecycle.Move(row.Status, status);
        if (!move.IsAllowed)
            throw new InvalidOperationException(move.Refusal);
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await audits.UpdateAsync(unit, row with { Status = status, ClosedAt = status == VendorAuditStatus.Closed ? time.GetUtcNow() : row.ClosedAt }, cancellationToken))
            throw new InvalidOperationException($"{row.Reference} changed while its status was set; the step is retried.");
        await audit.AppendAsync(unit, new AuditRecord(VendorAuditWorkflow.Actor, "vendor-audit.status", "VendorAudit", row.Id.ToString(),
            $"{row.Reference} of {row.VendorName}: {VendorAuditStatus.Label(row.Status)} to {VendorAuditStatus.Label(status)}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>An audit's task names the vendor, the agreement and the audit.</summary>
public sealed class VendorAuditTaskSummary(VendorAuditStore audits) : IWorkflowSubjectSummary
{
    public string SubjectType => StartVendorAudit.SubjectType;

    public async Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken) =>
        Guid.TryParse(subject.Id, out var id) && await audits.GetAsync(id, cancellationToken) is { } row
            ? $"{row.VendorName} · {row.AgreementTitle} · audit {row.Reference}, fieldwork from {row.FieldworkOn:yyyy-MM-dd}, periods {(row.Periods.Length == 0 ? "none" : row.Periods)}"
            : null;
}

/// <summary>The vendor answered an audit's evidence request: the audit's workflow, waiting on the audit's id, is told.</summary>
public sealed class AuditEvidenceAnswered(Database database, VendorAuditStore audits, DapperPersistenceProvider store, IQueueProvider queue, TimeProvider time)
    : DomainEventSubscriber<VendorRequestAnswered>
{
    protected override async Task HandleAsync(VendorRequestAnswered answered, CancellationToken cancellationToken)
    {
        if (answered.SubjectType != StartVendorAudit.SubjectType || !Guid.TryParse(answered.SubjectId, out var auditId)
            || await audits.GetAsync(auditId, cancellationToken) is not { Status: VendorAuditStatus.EvidenceRequested })
            return;
        (string? Woken, string EventId) published;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            published = await VendorAuditWorkflow.PublishAsync(store, unit, VendorAuditWorkflow.EvidenceEvent, auditId, time.GetUtcNow(), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        await VendorAuditWorkflow.QueueAsync(queue, published);
    }
}
