using System.Security.Cryptography;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Claims;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Exits;
using SlaGovernance.Data.Organisation;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Documents.Exits;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Claims;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Web.Features.Vendors.Requests;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Exits;

/// <summary>The exit a step of workflows/exit.json acts on, checked to be in the hands of the instance.</summary>
internal static class ExitOfStep
{
    public static async Task<ExitRow> GetAsync(ExitStore exits, WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(context.Subject.Id);
        var exit = await exits.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Agreement {id} has no exit.");
        if (exit.WorkflowId is { } owner && owner != Guid.Parse(context.WorkflowId))
            throw new InvalidOperationException($"Workflow {context.WorkflowId} cannot act on the exit of agreement {id}: workflow {owner} runs it. Cancel this instance.");
        return exit;
    }
}

/// <summary>An exit just opened gets its workflow (once: a workflow already started under the exit's reference is linked instead).</summary>
public sealed class ExitsStartTheirWorkflow(ExitStore exits, AgreementStore agreements, AgreementTermStore terms,
    VendorStore vendors, RenewalCycleStore cycles, IWorkflowHost workflows) : DomainEventSubscriber<ExitStarted>
{
    public static string Reference(Guid agreementId) => $"exit/{agreementId}";

    protected override async Task HandleAsync(ExitStarted started, CancellationToken cancellationToken)
    {
        var id = started.AgreementId;
        var exit = await exits.GetAsync(id, cancellationToken);
        if (exit is null || exit.WorkflowId is not null)
            return;
        var workflowId = await cycles.WorkflowByReferenceAsync(Reference(id), cancellationToken);
        if (workflowId is null)
        {
            var term = (await terms.GetAsync(id, cancellationToken))!;
            var content = (await agreements.GetVersionAsync(id, term.VersionNumber, cancellationToken))!.Parsed;
            var vendor = content.VendorId is { } vendorId ? await vendors.GetAsync(vendorId, cancellationToken) : null;
            var plans = await exits.PlansAsync(id, cancellationToken);
            var plan = plans.Count > 0 ? plans[0] : null;
            var endsAt = term.EndsOn is { } early ? ZonedDays.StartOf(early, term.TimeZone) : ZonedDays.StartOf(exit.EndsOn.AddDays(1), term.TimeZone);
            var transition = TransitionWindow.After(term.EndsOn ?? exit.EndsOn, TransitionWindow.DaysOf(content, plan));
            var subject = new WorkflowSubject
            {
                Type = Exits.SubjectType, Id = id.ToString(), RequestedBy = plan?.Owner ?? content.Owner,
                Fields = new ExitFields(content.Title, vendor?.Name ?? content.InternalProvider ?? "the provider",
                    (term.EndsOn ?? exit.EndsOn).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), endsAt,
                    started.Why, exit.CertificateRequired, vendor?.RiskTier == RiskTier.Critical,
                    plan is null ? "no exit plan: list what the vendor returns by hand" : string.Join("; ", plan.Inventory.Select(i => i.Describe())),
                    plan?.Owner ?? content.Owner ?? "", vendor is not null,
                    transition.EndsOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), transition.EndsAt(term.TimeZone)).ToFields(),
            };
            workflowId = Guid.Parse(await workflows.StartWorkflow(Exits.Definition, null, subject, Reference(id)));
        }
        await exits.SetWorkflowAsync(id, workflowId.Value, cancellationToken);
    }
}

/// <summary>
/// exit-begin: the agreement's open renewal cycles are cancelled with their tasks, and the vendor's inbox gets the data-return request
/// (and the deletion-certificate request when the exit terms require one), due on the agreement's last day or in ten days, whichever is
/// later; in one transaction, once (a replay finds the requests opened). After it commits, the cancelled renewal workflows stop.
/// </summary>
public sealed class ExitBeginAction(Database database, ExitStore exits, AgreementStore agreements, AgreementTermStore terms, RenewalCancellation renewals,
    VendorRequests inbox, AuditLog audit, TimeProvider time) : IWorkflowAction
{
    public const int RespondWithinDays = 10;

    public string Name => "exit-begin";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var exit = await ExitOfStep.GetAsync(exits, context, cancellationToken);
        var id = exit.AgreementId;
        if (exit.DataRequestId is null)
        {
            var agreement = (await agreements.GetAsync(id, cancellationToken))!;
            var term = (await terms.GetAsync(id, cancellationToken))!;
            var content = (await agreements.GetVersionAsync(id, term.VersionNumber, cancellationToken))!.Parsed;
            var now = time.GetUtcNow();
            var today = ZonedDays.DayOf(now, term.TimeZone);
            var due = today.AddDays(RespondWithinDays) > exit.EndsOn ? today.AddDays(RespondWithinDays) : exit.EndsOn;
            var formats = content.Exit?.DataFormats is { Count: > 0 } named ? string.Join(", ", named) : "the formats agreed";
            var inventory = context.Subject.FieldValue("dataInventory")?.ToString() ?? "";
            await using var unit = await database.BeginAsync(cancellationToken);
            await renewals.CancelOpenAsync(unit, id, "exit-started", $"the exit of {agreement.Title} started", ApprovalDecisions.WorkflowActor, now, cancellationToken);
            // Read again in the transaction: the workflow's link may have been written since the step began.
            var updated = (await exits.GetAsync(unit, id, cancellationToken))!;
            if (agreement.VendorId is { } vendorId)
            {
                var data = await inbox.OpenAsync(unit, exit.StartedBy, vendorId, new VendorRequestInput(nameof(VendorRequestKind.DataExport), id,
                        $"Return our data: exit of {agreement.Title}",
                        $"{agreement.Title} ends on {exit.EndsOn:yyyy-MM-dd}. Return all our data in {formats}, with a SHA-256 checksum per file, by answering " +
                        $"this request with the files. What we expect: {inventory}.", NodaTime.LocalDate.FromDateOnly(due)),
                    new RequestSubject(Exits.SubjectType, id.ToString()), cancellationToken);
                updated = updated with { DataRequestId = data.Value?.Id ?? throw Refused(agreement.Title, data) };
                if (exit.CertificateRequired)
                {
                    var certificate = await inbox.OpenAsync(unit, exit.StartedBy, vendorId, new VendorRequestInput(nameof(VendorRequestKind.Evidence), id,
                            $"Send the certificate of deletion: exit of {agreement.Title}",
                            $"The exit terms of {agreement.Title} require a certificate that all our data was deleted after its return. Answer this request " +
                            "with the signed certificate (PDF).", NodaTime.LocalDate.FromDateOnly(due)),
                        new RequestSubject(Exits.SubjectType, id.ToString()), cancellationToken);
                    updated = updated with { CertificateRequestId = certificate.Value?.Id ?? throw Refused(agreement.Title, certificate) };
                }
                if (!await exits.UpdateAsync(unit, updated, cancellationToken))
                    throw new InvalidOperationException($"The exit of {agreement.Title} changed while it began; the step is tried again.");
            }
            await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "exit.requests-opened", "Agreement", id.ToString(),
                agreement.VendorId is null
                    ? $"{agreement.Title} has no vendor to ask: staff record the data's receipt by hand"
                    : $"Asked the vendor of {agreement.Title} to return its data{(exit.CertificateRequired ? " and certify its deletion" : "")} by {due:yyyy-MM-dd}"),
                cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        await renewals.StopCancelledAsync(id, cancellationToken);
    }

    private static InvalidOperationException Refused<T>(string title, CommandResult<T> result) =>
        new($"The exit request for {title} could not be put in the vendor's inbox: {result.Message ?? string.Join(" ", result.Errors?.Values.SelectMany(m => m) ?? [])}");
}

/// <summary>
/// exit-ask-acknowledgement: the vendor's inbox gets a request to acknowledge the exit notice (the agreement, its end and the notice
/// letter when one was sent), answered through its token; in one transaction with the exit's link to it, once (a replay finds it opened).
/// </summary>
public sealed class ExitAskAcknowledgementAction(Database database, ExitStore exits, AgreementStore agreements, AgreementTermStore terms,
    AgreementDocumentStore documents, VendorRequests inbox, AuditLog audit, TimeProvider time) : IWorkflowAction
{
    public const int AcknowledgeWithinDays = 10;

    public string Name => "exit-ask-acknowledgement";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var exit = await ExitOfStep.GetAsync(exits, context, cancellationToken);
        var id = exit.AgreementId;
        if (exit.NoticeRequestId is not null || exit.NoticeAcknowledgedAt is not null)
            return;
        var agreement = (await agreements.GetAsync(id, cancellationToken))!;
        if (agreement.VendorId is not { } vendorId)
            return;
        var term = (await terms.GetAsync(id, cancellationToken))!;
        var today = ZonedDays.DayOf(time.GetUtcNow(), term.TimeZone);
        var letter = (await documents.OfAgreementAsync(id, cancellationToken))
            .Where(d => d.Kind is AgreementDocumentKinds.NoticeLetter or AgreementDocumentKinds.TerminationNotice)
            .OrderByDescending(d => d.CreatedAt).FirstOrDefault();
        var due = today.AddDays(AcknowledgeWithinDays);
        await using var unit = await database.BeginAsync(cancellationToken);
        var current = (await exits.GetAsync(unit, id, cancellationToken))!;
        if (current.NoticeRequestId is not null)
            return;
        var request = await inbox.OpenAsync(unit, exit.StartedBy, vendorId, new VendorRequestInput(nameof(VendorRequestKind.Acknowledgement), id,
                $"Acknowledge the exit notice: {agreement.Title}",
                $"We are exiting {agreement.Title}; it ends on {exit.EndsOn:yyyy-MM-dd}" +
                (letter is null ? "" : $" as our notice letter ({letter.FileName}) says") +
                $". Acknowledge this notice by answering this request by {due:yyyy-MM-dd}, naming who acknowledges it for you.",
                NodaTime.LocalDate.FromDateOnly(due)),
            new RequestSubject(Exits.SubjectType, id.ToString()), cancellationToken);
        if (request.Value is not { } opened)
            throw new InvalidOperationException($"The acknowledgement request for {agreement.Title} could not be put in the vendor's inbox: " +
                (request.Message ?? string.Join(" ", request.Errors?.Values.SelectMany(m => m) ?? [])));
        if (!await exits.UpdateAsync(unit, current with { NoticeRequestId = opened.Id }, cancellationToken))
            throw new InvalidOperationException($"The exit of {agreement.Title} changed while its notice was sent; the step is tried again.");
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "exit.notice-sent", "Agreement", id.ToString(),
            $"Asked the vendor of {agreement.Title} to acknowledge the exit notice by {due:yyyy-MM-dd}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// exit-complete: every branch ended and the agreement's end has come: the agreement becomes Exited (from Expired or Terminated), and the
/// exit checklist (.docx: each item, who, when, evidence) is generated and kept with the agreement's documents; once.
/// </summary>
public sealed class ExitCompleteAction(Database database, ExitStore exits, AgreementStore agreements, AgreementTermStore terms, AgreementDocumentStore documents,
    AgreementLifecycle lifecycle, VendorStore vendors, EvidenceFileStore evidence, TaskStore tasks, OrganisationStore organisation, DomainEvents events,
    AuditLog audit, TimeProvider time) : IWorkflowAction
{
    public string Name => "exit-complete";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var exit = await ExitOfStep.GetAsync(exits, context, cancellationToken);
        if (exit.Status == ExitStatus.Completed)
            return;
        var id = exit.AgreementId;
        var now = time.GetUtcNow();
        var agreement = (await agreements.GetAsync(id, cancellationToken))!;
        if (AgreementStatus.IsRunning(agreement.Status))
        {
            // The timer woke at the end; the lifecycle sweep may not have run yet.
            await lifecycle.SweepAsync(now, cancellationToken);
            agreement = (await agreements.GetAsync(id, cancellationToken))!;
        }
        if (agreement.Status is not (AgreementStatus.Expired or AgreementStatus.Terminated))
            throw new InvalidOperationException($"{agreement.Title} is {AgreementStatus.Label(agreement.Status)}, not yet expired or terminated; the step is tried again.");
        var term = (await terms.GetAsync(id, cancellationToken))!;
        var content = (await agreements.GetVersionAsync(id, term.VersionNumber, cancellationToken))!.Parsed;
        var vendor = content.VendorId is { } vendorId ? await vendors.GetAsync(vendorId, cancellationToken) : null;
        var items = new List<ExitChecklistItem>();
        foreach (var (requestId, what) in new[] { (exit.DataRequestId, "Data returned by the vendor"), (exit.CertificateRequestId, "Certificate of deletion sent") })
        {
            if (requestId is not { } found)
                continue;
            var files = await evidence.OfRequestAsync(found, cancellationToken);
            items.Add(new ExitChecklistItem(what, what.StartsWith("Data", StringComparison.Ordinal) ? exit.DataReceivedBy : vendor?.Name,
                what.StartsWith("Data", StringComparison.Ordinal) ? exit.DataReceivedAt : files.Select(f => (DateTimeOffset?)f.UploadedAt).Max(),
                files.Count == 0 ? "recorded by staff" : string.Join("; ", files.Select(f => $"{f.FileName} (SHA-256 {f.Sha256})"))));
        }
        if (exit.NoticeAcknowledgedAt is { } acknowledged)
            items.Add(new ExitChecklistItem("Exit notice acknowledged by the vendor", exit.NoticeAcknowledgedBy, acknowledged, "answered the acknowledgement request"));
        if (exit.DataRequestId is null && exit.DataReceivedAt is not null)
            items.Add(new ExitChecklistItem("Data returned", exit.DataReceivedBy, exit.DataReceivedAt, "recorded by staff"));
        items.AddRange((await tasks.OfWorkflowAsync(Guid.Parse(context.WorkflowId), cancellationToken))
            .Where(t => t.Status == WorkflowTaskStatus.Completed).OrderBy(t => t.CompletedAt)
            .Select(t => new ExitChecklistItem($"{t.Title}: {t.Outcome}", t.CompletedBy, t.CompletedAt, t.Comment)));
        var triggers = await exits.TriggersAsync(id, cancellationToken);
        var checklist = ExitChecklist.Generate(new ExitChecklistInput((await organisation.GetAsync(cancellationToken))?.Name ?? "The customer", content.Title,
            vendor?.Name ?? content.InternalProvider ?? "the provider", term.EndsOn ?? exit.EndsOn, term.TimeZone, string.Join("; ", triggers.Select(t => t.Why)),
            items, ZonedDays.DayOf(now, term.TimeZone)));
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await agreements.RecordStatusChangeAsync(unit, context.IdempotencyKey, id, AgreementStatus.Exited, now, cancellationToken))
            return;
        if (!await agreements.ChangeStatusAsync(unit, id, agreement.Status, AgreementStatus.Exited, now, cancellationToken))
            throw new InvalidOperationException($"{agreement.Title} changed while its exit completed; the step is tried again.");
        if (!await exits.UpdateAsync(unit, exit with { Status = ExitStatus.Completed, Checklist = checklist, CompletedAt = now }, cancellationToken))
            throw new InvalidOperationException($"The exit of {agreement.Title} changed while it completed; the step is tried again.");
        var sha = Convert.ToHexStringLower(SHA256.HashData(checklist));
        await documents.InsertAsync(unit, new AgreementDocumentRow
        {
            Id = Guid.NewGuid(), AgreementId = id, VersionNumber = term.VersionNumber, Kind = AgreementDocumentKinds.ExitChecklist,
            FileName = $"exit-checklist-{ZonedDays.DayOf(now, term.TimeZone):yyyy-MM-dd}.docx", ContentType = ExitChecklist.ContentType, Content = checklist,
            Sha256 = sha, SizeBytes = checklist.Length, CreatedBy = ApprovalDecisions.WorkflowActor, CreatedAt = now,
        }, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "agreement.exited", "Agreement", id.ToString(),
            $"{agreement.Title} has exited: every branch of its exit ended; checklist of {items.Count} items kept (SHA-256 {sha[..12]})", agreement.Status,
            AgreementStatus.Exited), cancellationToken);
        await events.AppendAsync(unit, new AgreementExited(id), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// The vendor's answer to an exit's request: files answering the data-return request are the data received; an answer to the certificate
/// request goes to Legal; an answer to the acknowledgement request is the notice acknowledged.
/// </summary>
public sealed class ExitsFollowVendorAnswers(ExitStore exits, VendorRequestStore requests, Exits exitService) : DomainEventSubscriber<VendorRequestAnswered>
{
    protected override async Task HandleAsync(VendorRequestAnswered answered, CancellationToken cancellationToken)
    {
        if (answered.SubjectType != Exits.SubjectType || !Guid.TryParse(answered.SubjectId, out var agreementId)
            || await exits.GetAsync(agreementId, cancellationToken) is not { Status: ExitStatus.Running } exit)
            return;
        var request = await requests.GetAsync(answered.RequestId, cancellationToken);
        var by = request?.AnsweredBy ?? request?.VendorName ?? "the vendor";
        if (answered.RequestId == exit.DataRequestId && answered.EvidenceIds.Count > 0 && exit.DataReceivedAt is null)
            await exitService.RecordDataReceivedAsync(agreementId, by, $"{request?.VendorName} answered '{request?.Title}' with {answered.EvidenceIds.Count} file(s)",
                cancellationToken);
        else if (answered.RequestId == exit.CertificateRequestId)
            await exitService.RecordCertificateReceivedAsync(agreementId, by, cancellationToken);
        else if (answered.RequestId == exit.NoticeRequestId && exit.NoticeAcknowledgedAt is null)
            await exitService.RecordNoticeAcknowledgedAsync(agreementId, by, cancellationToken);
    }
}

/// <summary>Task lines naming an exit: the agreement, the vendor, its end, the data to come back and the outstanding credit claims.</summary>
public sealed class ExitTaskSummary(AgreementStore agreements, VendorStore vendors, CreditClaimStore claims) : IWorkflowSubjectSummary
{
    public string SubjectType => Exits.SubjectType;

    public async Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subject.Id, out var id) || await agreements.GetAsync(id, cancellationToken) is not { } agreement)
            return null;
        var vendor = agreement.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.Name : null;
        var outstanding = (await claims.ListAsync(id, null, null, cancellationToken)).Where(c => c.Outstanding > 0).ToList();
        var claimsText = outstanding.Count == 0 ? "no outstanding credit claims"
            : "outstanding credit claims: " + string.Join(", ", outstanding.Select(c => $"{c.Reference} {CreditClaims.Money(c.Outstanding, c.Currency)} ({c.Period})"));
        return string.Join(" · ", new[]
        {
            agreement.Title, vendor, $"exit, ends {subject.FieldValue("endsOn")}", $"data to return: {subject.FieldValue("dataInventory")}", claimsText,
        }.Where(p => p is not null));
    }
}
