using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Workflows.Persistence;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Features.Vendors.Requests;

/// <summary>The workflow subject a request was opened for (an audit, an assessment), so its answer finds its way back.</summary>
public sealed record RequestSubject(string Type, string Id);

/// <summary>
/// An answer as sent: text, files, or both; for a request that asks the vendor to decide (acknowledge or dispute a credit claim),
/// the decision too.
/// </summary>
public sealed record VendorAnswer(string? Text, IReadOnlyList<IncomingFile> Files, string? Decision = null)
{
    public const string Acknowledge = "acknowledge";
    public const string Dispute = "dispute";

    /// <summary>The requests that ask for a decision: an acknowledgement asked for a credit claim.</summary>
    public static bool AsksForDecision(VendorRequestRow request) =>
        request.Kind == nameof(VendorRequestKind.Acknowledgement) && request.SubjectType == "CreditClaim";
}

/// <summary>
/// The one inbox of what the organisation asks of vendors. Features open requests here (by hand or from a workflow) and learn of
/// answers through the domain event <see cref="VendorRequestAnswered"/> or the workflow event
/// <see cref="VendorRequestAnswered.WorkflowEventName"/> keyed by the request's id, both written with the answer.
/// </summary>
public sealed class VendorRequests(Database database, VendorRequestStore requests, VendorStore vendors, AgreementStore agreements,
    EvidenceFiles evidence, AuditLog audit, DomainEvents events, DapperPersistenceProvider workflowStore, IQueueProvider queue, VendorOwners owners,
    TimeProvider time)
{
    /// <summary>Opens a request in a transaction of its own.</summary>
    public async Task<CommandResult<VendorRequestRow>> OpenAsync(string actor, Guid vendorId, VendorRequestInput input, RequestSubject? subject = null,
        CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        var result = await OpenAsync(unit, actor, vendorId, input, subject, cancellationToken);
        if (result.Status == CommandStatus.Ok)
            await unit.CommitAsync(cancellationToken);
        return result.Status == CommandStatus.Ok ? CommandResult<VendorRequestRow>.Ok((await requests.GetAsync(result.Value!.Id, cancellationToken))!) : result;
    }

    /// <summary>Opens a request inside the caller's transaction, as a workflow step that asks a vendor for something does.</summary>
    public async Task<CommandResult<VendorRequestRow>> OpenAsync(UnitOfWork unit, string actor, Guid vendorId, VendorRequestInput input,
        RequestSubject? subject, CancellationToken cancellationToken)
    {
        var vendor = await vendors.GetAsync(unit, vendorId, cancellationToken);
        if (vendor is null)
            return CommandResult<VendorRequestRow>.NotFound($"No vendor has id {vendorId}.");
        if (vendor.IsArchived)
            return CommandResult<VendorRequestRow>.Invalid("vendorId", $"{vendor.Name} is archived; restore it before asking it for anything.");
        var now = time.GetUtcNow();
        var today = LocalDate.FromDateOnly(await owners.TodayAsync(now, cancellationToken));
        var (valid, errors) = VendorRequestRules.Validate(input, today);
        if (input.AgreementId is { } agreementId)
        {
            var agreement = await agreements.GetAsync(unit, agreementId, cancellationToken);
            if (agreement is null || agreement.VendorId != vendorId)
                errors.Add("agreementId", $"{vendor.Name} has no agreement {agreementId}; choose one of its own agreements or none.");
        }
        if (valid is null || !errors.IsValid)
            return CommandResult<VendorRequestRow>.Invalid(errors);
        var row = new VendorRequestRow
        {
            Id = Guid.CreateVersion7(), VendorId = vendorId, VendorName = vendor.Name, AgreementId = valid.AgreementId, Kind = valid.Kind.ToString(),
            Title = valid.Title, Asked = valid.Asked, DueOn = valid.DueOn.ToDateOnly(), Status = VendorRequestStatus.Open, SubjectType = subject?.Type,
            SubjectId = subject?.Id, RequestedBy = actor, RequestedAt = now, Version = 1,
        };
        await requests.InsertAsync(unit, row, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "vendor-request.opened", "VendorRequest", row.Id.ToString(),
            $"Asked {vendor.Name} for {valid.Kind} '{row.Title}', due {row.DueOn:yyyy-MM-dd}"), cancellationToken);
        return CommandResult<VendorRequestRow>.Ok(row);
    }

    /// <summary>
    /// The vendor's answer: text and/or evidence files, checked whole before anything is written; a request of another vendor is
    /// not found, one no longer open is refused as stale.
    /// </summary>
    public async Task<CommandResult<VendorRequestRow>> AnswerAsync(Guid requestId, VendorAnswer answer, EvidenceSender sender,
        CancellationToken cancellationToken = default)
    {
        var request = await requests.GetAsync(requestId, cancellationToken);
        if (request is null || (sender.VendorId is { } vendorId && request.VendorId != vendorId))
            return CommandResult<VendorRequestRow>.NotFound($"There is no request {requestId} for your organisation.");
        if (request.Status != VendorRequestStatus.Open)
            return CommandResult<VendorRequestRow>.Stale(request,
                $"'{request.Title}' is {VendorRequestStatus.Label(request.Status).ToLowerInvariant()}, not waiting for an answer; nothing was changed.");
        var errors = new ValidationErrors();
        var text = string.IsNullOrWhiteSpace(answer.Text) ? null : answer.Text.Trim();
        if (text is null && answer.Files.Count == 0)
            errors.Add("text", "Write an answer or attach at least one file.");
        if (text is { Length: > VendorRequestRules.MaxAnswerLength })
            errors.Add("text", $"The answer may be at most {VendorRequestRules.MaxAnswerLength} characters (it has {text.Length}).");
        var decision = answer.Decision?.Trim().ToLowerInvariant() is { Length: > 0 } given ? given : null;
        if (VendorAnswer.AsksForDecision(request))
        {
            if (decision is not (VendorAnswer.Acknowledge or VendorAnswer.Dispute))
                errors.Add("decision", $"'{request.Title}' asks you to acknowledge or dispute it: give decision 'acknowledge' or 'dispute'.");
            else if (decision == VendorAnswer.Dispute && text is null)
                errors.Add("text", "Say why you dispute the claim; attach your evidence.");
        }
        else if (decision is not null)
            errors.Add("decision", $"'{request.Title}' asks for no decision; answer it with text or files.");
        if (answer.Files.Count > VendorRequestRules.MaxFilesPerAnswer)
            errors.Add("files", $"Attach at most {VendorRequestRules.MaxFilesPerAnswer} files to one answer (there are {answer.Files.Count}).");
        if (!errors.IsValid)
            return CommandResult<VendorRequestRow>.Invalid(errors);
        var (files, fileErrors) = await evidence.CheckAsync(answer.Files, "files", cancellationToken);
        if (!fileErrors.IsValid)
            return CommandResult<VendorRequestRow>.Invalid(fileErrors);
        try
        {
            string? woken;
            string eventId;
            await using (var unit = await database.BeginAsync(cancellationToken))
            {
                var now = time.GetUtcNow();
                if (!await requests.AnswerAsync(unit, requestId, VendorRequestStatus.Open, VendorRequestStatus.Answered, text, sender.Name, now, decision,
                        cancellationToken))
                    return CommandResult<VendorRequestRow>.Stale(request, $"'{request.Title}' was answered or withdrawn a moment ago; nothing was changed.");
                var stored = new List<Guid>();
                foreach (var file in files)
                {
                    var row = await evidence.StoreAsync(unit, request.VendorId, file, sender, $"answer to '{request.Title}'", cancellationToken);
                    await requests.AttachEvidenceAsync(unit, requestId, row.Id, cancellationToken);
                    stored.Add(row.Id);
                }
                await audit.AppendAsync(unit, new AuditRecord(sender.Name, "vendor-request.answered", "VendorRequest", requestId.ToString(),
                    $"{request.VendorName} answered '{request.Title}'" + (stored.Count == 0 ? "" : $" with {stored.Count} file(s)")), cancellationToken);
                var answered = new VendorRequestAnswered(requestId, request.VendorId, request.Kind, request.SubjectType, request.SubjectId, stored);
                await events.AppendAsync(unit, answered, cancellationToken);
                (woken, eventId) = await PublishToWorkflowsAsync(unit, answered, now, cancellationToken);
                await owners.NotifyAsync(unit, request.VendorId, $"vendor-request-answered/{requestId}/{now.ToUnixTimeMilliseconds()}",
                    $"{request.VendorName} answered: {request.Title}",
                    $"{request.VendorName} answered the request '{request.Title}'" + (request.AgreementTitle is null ? "" : $" about {request.AgreementTitle}") +
                    $".\n\nRead the answer and close the request, or open it again if it falls short:\n{{link}}/vendors/{request.VendorId}#requests",
                    cancellationToken);
                await unit.CommitAsync(cancellationToken);
            }
            if (woken is not null)
                await queue.QueueWork(woken, QueueType.Workflow);
            else
                await queue.QueueWork(eventId, QueueType.Event);
        }
        finally
        {
            foreach (var file in files)
                await file.DisposeAsync();
        }
        return CommandResult<VendorRequestRow>.Ok((await requests.GetAsync(requestId, cancellationToken))!);
    }

    /// <summary>Hands the answer to a workflow waiting on the request's id, or stores the event for one that waits later.</summary>
    private async Task<(string? Woken, string EventId)> PublishToWorkflowsAsync(UnitOfWork unit, VendorRequestAnswered answered, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>
        {
            ["requestId"] = answered.RequestId.ToString(),
            ["vendorId"] = answered.VendorId.ToString(),
            ["kind"] = answered.Kind,
            ["evidenceIds"] = string.Join(',', answered.EvidenceIds),
        };
        var key = answered.RequestId.ToString();
        var eventId = Guid.CreateVersion7().ToString();
        var woken = await workflowStore.TryDeliverAsync(unit, VendorRequestAnswered.WorkflowEventName, key, data, now.UtcDateTime, cancellationToken);
        if (woken is null)
            await workflowStore.InsertEventAsync(unit, new Event
            {
                Id = eventId, EventName = VendorRequestAnswered.WorkflowEventName, EventKey = key, EventData = data, EventTime = now.UtcDateTime,
            }, cancellationToken);
        return (woken, eventId);
    }

    /// <summary>Staff accept the answer and close the request.</summary>
    public Task<CommandResult<VendorRequestRow>> CloseAsync(string actor, Guid vendorId, Guid requestId, CancellationToken cancellationToken = default) =>
        MoveAsync(actor, vendorId, requestId, VendorRequestStatus.Answered, VendorRequestStatus.Closed, "vendor-request.closed", "closed", cancellationToken);

    /// <summary>Staff withdraw a request the vendor has not answered.</summary>
    public Task<CommandResult<VendorRequestRow>> WithdrawAsync(string actor, Guid vendorId, Guid requestId, CancellationToken cancellationToken = default) =>
        MoveAsync(actor, vendorId, requestId, VendorRequestStatus.Open, VendorRequestStatus.Withdrawn, "vendor-request.withdrawn", "withdrawn", cancellationToken);

    /// <summary>Staff send an answer that falls short back to the vendor.</summary>
    public Task<CommandResult<VendorRequestRow>> ReopenAsync(string actor, Guid vendorId, Guid requestId, CancellationToken cancellationToken = default) =>
        MoveAsync(actor, vendorId, requestId, VendorRequestStatus.Answered, VendorRequestStatus.Open, "vendor-request.reopened", "reopened", cancellationToken);

    private async Task<CommandResult<VendorRequestRow>> MoveAsync(string actor, Guid vendorId, Guid requestId, string from, string to, string action,
        string verb, CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(requestId, cancellationToken);
        if (request is null || request.VendorId != vendorId)
            return CommandResult<VendorRequestRow>.NotFound($"Vendor {vendorId} has no request {requestId}.");
        var refusal = $"'{request.Title}' is {VendorRequestStatus.Label(request.Status).ToLowerInvariant()}; only a request that is " +
                      $"{VendorRequestStatus.Label(from).ToLowerInvariant()} can be {verb}.";
        if (request.Status != from)
            return CommandResult<VendorRequestRow>.Stale(request, refusal);
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await requests.MoveAsync(unit, requestId, from, to, to == VendorRequestStatus.Open ? null : time.GetUtcNow(), cancellationToken))
                return CommandResult<VendorRequestRow>.Stale(request, refusal);
            await audit.AppendAsync(unit, new AuditRecord(actor, action, "VendorRequest", requestId.ToString(),
                $"'{request.Title}' of {request.VendorName} {verb} by {actor}"), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<VendorRequestRow>.Ok((await requests.GetAsync(requestId, cancellationToken))!);
    }
}
