using System.Security.Cryptography;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Changes;
using SlaGovernance.Data.Organisation;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Documents.Letters;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>The change-request workflow's domain steps, and what they share: the request, checked to be in the hands of the instance.</summary>
public static class ChangeRequestActions
{
    /// <summary>What the "Revise the change request" task closes with: the request was submitted again (or withdrawn).</summary>
    public const string Resubmitted = "resubmitted";

    /// <summary>The approved request this step acts on; a hand-started or stale instance acts on nothing.</summary>
    public static async Task<ChangeRequestRow> ApprovedAsync(ChangeRequestStore changes, WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(context.Subject.Id);
        var request = await changes.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"No change request has id {id}.");
        if (request.Status != ChangeRequestStatus.Approved || request.WorkflowId != Guid.Parse(context.WorkflowId))
            throw new InvalidOperationException($"Workflow {context.WorkflowId} cannot act on {request.Reference}: it is " +
                $"{ChangeRequestStatus.Label(request.Status)}{(request.WorkflowId is { } owner ? $" under workflow {owner}" : "")}. Cancel this instance.");
        return request;
    }
}

/// <summary>
/// change-request-contract: the Word contract of the approved proposed version, kept with it as its Contract document (once: a
/// replayed step finds it stored). A termination has no new version, so nothing is generated.
/// </summary>
public sealed class ChangeRequestContractAction(ChangeRequestStore changes, GenerateContract contracts) : IWorkflowAction
{
    public string Name => "change-request-contract";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var request = await ChangeRequestActions.ApprovedAsync(changes, context, cancellationToken);
        if (request.ProposedVersion is not { } number)
            return;
        var result = await contracts.RunAsync(ApprovalDecisions.WorkflowActor, request.AgreementId, number, cancellationToken);
        if (result.Status is not (CommandStatus.Ok or CommandStatus.Stale))
            throw new InvalidOperationException(result.Message);
    }
}

/// <summary>
/// change-request-terminate: an approved termination takes effect. In one transaction, once (the end is recorded only where none
/// is): the end recorded (at once when the day has come), the open renewal cycle cancelled with its tasks withdrawn, the notice of
/// termination generated and stored with the signed version, and the agreement's exit started (or joined). After it commits, the cancelled renewal workflow is terminated.
/// </summary>
public sealed class ChangeRequestTerminateAction(Database database, ChangeRequestStore changes, AgreementStore agreements, AgreementTermStore terms,
    AgreementDocumentStore documents, RenewalCancellation renewals, OrganisationStore organisation, VendorStore vendors, Vendors.VendorContacts contacts,
    TerminateEarly terminate, IExitPlanningHook exitPlanning, TimeProvider time) : IWorkflowAction
{
    public string Name => "change-request-terminate";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var request = await ChangeRequestActions.ApprovedAsync(changes, context, cancellationToken);
        if (!request.IsTermination || request.EffectiveOn is not { } endsOn)
            throw new InvalidOperationException($"{request.Reference} is not a termination with a date; change-request-terminate does not apply.");
        var id = request.AgreementId;
        var now = time.GetUtcNow();
        var by = $"{request.RequestedBy} ({request.Reference})";
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (await terminate.ApplyAsync(unit, id, endsOn, request.Reason ?? "", by, now, cancellationToken))
            {
                await renewals.CancelOpenAsync(unit, id, "terminated-early",
                    $"{request.Reference} terminates the agreement early from {endsOn:yyyy-MM-dd}", by, now, cancellationToken);
                await documents.InsertAsync(unit, await LetterAsync(request, endsOn, now, cancellationToken), cancellationToken);
                await exitPlanning.StartAsync(unit, new ExitTrigger(id, endsOn, Domain.Exits.ExitTriggers.TerminationApproved, $"change-request/{request.Id}",
                    $"{request.Reference} terminates it early ({request.Reason})", by), cancellationToken);
            }
            await unit.CommitAsync(cancellationToken);
        }
        // After the commit, the cancelled renewal workflows stop; a replay finds the end recorded, repeats none of the above, and
        // stops any that a crash left running.
        await renewals.StopCancelledAsync(id, cancellationToken);
    }

    private async Task<AgreementDocumentRow> LetterAsync(ChangeRequestRow request, DateOnly endsOn, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var term = (await terms.GetAsync(request.AgreementId, cancellationToken))!;
        var content = (await agreements.GetVersionAsync(request.AgreementId, term.VersionNumber, cancellationToken))!.Parsed;
        var vendor = content.VendorId is { } vendorId ? await vendors.GetAsync(vendorId, cancellationToken) : null;
        var customer = (await organisation.GetAsync(cancellationToken))?.Name ?? "The customer";
        // The notice goes to the vendor's commercial contact, falling back as VendorContactRules says.
        var recipient = vendor is null ? null : await contacts.RecipientAsync(vendor.Id, Domain.Vendors.VendorLetter.NoticeOfTermination, cancellationToken);
        var letter = NoticeLetter.GenerateTermination(new TerminationNoticeInput(customer, vendor?.Name ?? content.InternalProvider ?? "the provider",
            recipient?.Email, content.Title, term.VersionNumber, endsOn, term.TimeZone, ZonedDays.DayOf(now, term.TimeZone), request.Reference,
            request.Reason ?? "", request.RequestedBy));
        return new AgreementDocumentRow
        {
            Id = Guid.NewGuid(), AgreementId = request.AgreementId, VersionNumber = term.VersionNumber, Kind = AgreementDocumentKinds.TerminationNotice,
            FileName = $"notice-of-termination-{endsOn:yyyy-MM-dd}.docx", ContentType = NoticeLetter.ContentType, Content = letter,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(letter)), SizeBytes = letter.Length, CreatedBy = ApprovalDecisions.WorkflowActor, CreatedAt = now,
        };
    }
}

/// <summary>
/// change-request-revert: the board rejected an emergency change in retrospect, so a change request to revert it is opened: a draft
/// copied from the version the emergency change replaced, filed as major by the emergency's requester, effective today. When
/// another request is open on the agreement, that is audited instead, and the email tells Procurement to revert by hand.
/// </summary>
public sealed class ChangeRequestRevertAction(Database database, ChangeRequestStore changes, AgreementStore agreements, AuditLog audit, TimeProvider time)
    : IWorkflowAction
{
    public string Name => "change-request-revert";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var request = await ChangeRequestActions.ApprovedAsync(changes, context, cancellationToken);
        var id = request.AgreementId;
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await agreements.RecordStatusChangeAsync(unit, context.IdempotencyKey, id, "Revert", now, cancellationToken))
            return;
        var agreement = (await agreements.GetAsync(unit, id, cancellationToken))!;
        if (await changes.OpenOfAsync(unit, id, cancellationToken) is { } openId)
        {
            var open = (await changes.GetAsync(unit, openId, cancellationToken))!;
            await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "change-request.revert-not-opened", "ChangeRequest",
                request.Id.ToString(), $"The board rejected {request.Reference} on {agreement.Title} in retrospect, but {open.Reference} is open, so no " +
                "change request to revert it was opened; revert it once that one is decided"), cancellationToken);
            await unit.CommitAsync(cancellationToken);
            return;
        }
        var baseVersion = (await agreements.GetVersionAsync(unit, id, request.BaseVersion, cancellationToken))!;
        var governing = request.ProposedVersion ?? request.BaseVersion;
        var latest = (await agreements.VersionsAsync(id, cancellationToken)).Max(v => v.Number);
        if (await agreements.DraftNextVersionAsync(unit, agreement, latest + 1, baseVersion.Parsed, request.RequestedBy, now, cancellationToken)
            is not var (_, draft))
            throw new InvalidOperationException($"{agreement.Title} changed while its revert was being opened; the step is retried.");
        var zone = baseVersion.Parsed.TimeZone;
        var revert = new ChangeRequestRow
        {
            Id = Guid.CreateVersion7(now), AgreementId = id, Number = await changes.NextNumberAsync(unit, id, cancellationToken),
            ChangeClass = nameof(ChangeClass.Major), Status = ChangeRequestStatus.Draft, BaseVersion = governing, ProposedVersion = draft.Number,
            EffectiveOn = ZonedDays.DayOf(now, zone), RequestedBy = request.RequestedBy, RequestedAt = now, RevertsChangeId = request.Id, Revision = 1,
            Reason = $"Reverts {request.Reference} ({request.Reason}): the Governance board rejected the emergency change in retrospect.",
        };
        if (!await changes.InsertOpenAsync(unit, revert, cancellationToken))
            throw new InvalidOperationException($"Another change request was opened on {agreement.Title} at the same moment; the step is retried.");
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "change-request.opened", "ChangeRequest", revert.Id.ToString(),
            $"Opened {revert.Reference} on {agreement.Title} to revert {request.Reference}, which the board rejected in retrospect: version {draft.Number} " +
            $"copies version {request.BaseVersion}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}
