using System.Text.Json;
using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Audits;
using SlaGovernance.Domain.Audits;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Features.Compliance;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Workflows.Persistence;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Audits;

/// <summary>One objective of one audited period, recomputed from raw data beside the vendor's own figure.</summary>
/// <param name="Discrepancy">The figures differ beyond the tolerance, or the vendor reported none for it.</param>
public sealed record AuditFigure(string Period, string Objective, int Part, decimal TargetPercent, decimal? OursPercent, decimal? VendorPercent,
    decimal? DifferencePoints, bool Discrepancy, int ReportRevision, string? Note);

public static class AuditRecomputation
{
    public static IReadOnlyList<AuditFigure> Parse(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<AuditFigure>>(json, JsonSerializerOptions.Web) ?? [];
}

/// <summary>A person or a vendor token acting on an audit, as the rules ask: who, and whether an administrator.</summary>
public sealed record AuditActor(string Name, bool IsAdmin);

/// <summary>
/// Fieldwork and remediation: the lead recomputes the audited periods from raw data and records findings; the vendor (token) or
/// staff update each remediation action with evidence and report it done; the lead verifies and closes it or sends it back (never the
/// person who owns it or reported it done); the Governance board may accept a finding's risk instead. When the last finding of an
/// audit in remediation is settled, its workflow is told in the same transaction.
/// </summary>
public sealed class AuditFindings(Database database, VendorAuditStore audits, ComplianceReports reports, EvidenceFiles evidence, VendorOwners owners,
    AuditLog audit, DapperPersistenceProvider workflowStore, IQueueProvider queue, TimeProvider time)
{
    public const int MaxUpdateLength = 4000;

    public async Task<CommandResult<VendorAuditRow>> RecomputeAsync(AuditActor actor, Guid auditId, CancellationToken cancellationToken = default)
    {
        var row = await audits.GetAsync(auditId, cancellationToken);
        if (row is null)
            return CommandResult<VendorAuditRow>.NotFound($"No audit has id {auditId}.");
        if (LeadRefusal(actor, row) is { } refusal)
            return CommandResult<VendorAuditRow>.Forbidden(refusal);
        if (row.Status != VendorAuditStatus.Fieldwork)
            return CommandResult<VendorAuditRow>.Stale(row, $"{row.Reference} is {VendorAuditStatus.Label(row.Status).ToLowerInvariant()}; periods are recomputed during fieldwork.");
        if (row.PeriodList.Count == 0)
            return CommandResult<VendorAuditRow>.Invalid("periods", $"{row.Reference} names no period to recompute.");
        var figures = new List<AuditFigure>();
        foreach (var period in row.PeriodList)
        {
            var computed = await reports.ComputeAsync(row.AgreementId, period, null, actor.Name, changeReason: $"Recomputed for audit {row.Reference}.",
                cancellationToken: cancellationToken);
            if (computed.Status != CommandStatus.Ok)
            {
                figures.Add(new AuditFigure(period, "(not computed)", 0, 0, null, null, null, true, 0,
                    computed.Message ?? string.Join("; ", computed.Errors?.SelectMany(e => e.Value) ?? [])));
                continue;
            }
            var revision = computed.Value!.Revision;
            foreach (var slo in revision.Report.Slos)
                figures.Add(new AuditFigure(period, slo.Name, slo.Part ?? 0, slo.TargetPercent, slo.AttainmentPercent, slo.VendorReportedPercent,
                    slo.VendorDifferencePoints, slo.Discrepancy || (slo.VendorReportedPercent is null && slo.AttainmentPercent is not null),
                    revision.Row.Revision, slo.VendorReportedPercent is null ? "The vendor reported no figure for it." : slo.Note));
        }
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await audits.UpdateAsync(unit, row with { Recomputation = JsonSerializer.Serialize(figures, JsonSerializerOptions.Web) }, cancellationToken))
            return CommandResult<VendorAuditRow>.Stale(row, $"{row.Reference} changed while its periods were recomputed; recompute again.");
        await audit.AppendAsync(unit, new AuditRecord(actor.Name, "vendor-audit.recomputed", "VendorAudit", row.Id.ToString(),
            $"{row.Reference}: {figures.Count} figure(s) of {row.Periods} recomputed from raw data, {figures.Count(f => f.Discrepancy)} differing from the vendor's"),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<VendorAuditRow>.Ok((await audits.GetAsync(auditId, cancellationToken))!);
    }

    public async Task<CommandResult<FindingRow>> RecordAsync(AuditActor actor, Guid auditId, FindingInput input, CancellationToken cancellationToken = default)
    {
        var row = await audits.GetAsync(auditId, cancellationToken);
        if (row is null)
            return CommandResult<FindingRow>.NotFound($"No audit has id {auditId}.");
        if (LeadRefusal(actor, row) is { } refusal)
            return CommandResult<FindingRow>.Forbidden(refusal);
        if (row.Status != VendorAuditStatus.Fieldwork)
            return CommandResult<FindingRow>.Stale(null!, $"{row.Reference} is {VendorAuditStatus.Label(row.Status).ToLowerInvariant()}; findings are recorded during fieldwork.");
        var now = time.GetUtcNow();
        var (valid, errors) = VendorAuditRules.Validate(input, LocalDate.FromDateOnly(await owners.TodayAsync(now, cancellationToken)));
        if (valid is null)
            return CommandResult<FindingRow>.Invalid(errors);
        await using var unit = await database.BeginAsync(cancellationToken);
        var finding = new FindingRow
        {
            Id = Guid.CreateVersion7(now), AuditId = auditId, Number = await audits.NextFindingNumberAsync(unit, auditId, cancellationToken), Title = valid.Title,
            Severity = valid.Severity.ToString(), Concerns = valid.Concerns, Evidence = valid.Evidence, VendorOwner = valid.VendorOwner, ActionText = valid.Action,
            ActionDueOn = valid.ActionDueOn.ToDateOnly(), ActionOwner = valid.ActionOwner, Status = FindingStatus.Open, RecordedBy = actor.Name, RecordedAt = now,
            Version = 1,
        };
        await audits.InsertFindingAsync(unit, finding, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor.Name, "vendor-audit.finding-recorded", "VendorAudit", auditId.ToString(),
            $"{row.Reference}/F{finding.Number} ({finding.Severity}) {finding.Title}: {finding.ActionText} due {finding.ActionDueOn:yyyy-MM-dd}, owned by {finding.ActionOwner}"),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<FindingRow>.Ok(finding);
    }

    /// <summary>
    /// The vendor (its token; only its own audits' findings) or staff add progress to a remediation action, with at most one evidence
    /// file checked by content; <paramref name="done"/> reports it done, for the lead to verify. A refused file refuses the whole update.
    /// </summary>
    public async Task<CommandResult<FindingRow>> UpdateActionAsync(EvidenceSender sender, Guid findingId, string? text, bool done, IReadOnlyList<IncomingFile> files,
        CancellationToken cancellationToken = default)
    {
        var finding = await audits.FindingAsync(findingId, cancellationToken);
        var row = finding is null ? null : await audits.GetAsync(finding.AuditId, cancellationToken);
        if (finding is null || row is null || (sender.VendorId is { } vendorId && row.VendorId != vendorId))
            return CommandResult<FindingRow>.NotFound($"There is no remediation action {findingId} for you to update.");
        if (finding.Status != FindingStatus.Open)
            return CommandResult<FindingRow>.Stale(finding,
                $"{row.Reference}/F{finding.Number} is {FindingStatus.Label(finding.Status).ToLowerInvariant()}; only an open action takes updates.");
        var errors = new ValidationErrors();
        var clean = text?.Trim();
        if (string.IsNullOrEmpty(clean))
            errors.Add("text", "Say what was done, e.g. 'Restore test run on 3 May; report attached'.");
        else if (clean.Length > MaxUpdateLength)
            errors.Add("text", $"An update may be at most {MaxUpdateLength} characters (it has {clean.Length}).");
        if (files.Count > 1)
            errors.Add("file", $"Attach at most one file to an update (there are {files.Count}).");
        if (!errors.IsValid)
            return CommandResult<FindingRow>.Invalid(errors);
        var (checkedFiles, fileErrors) = await evidence.CheckAsync(files, "file", cancellationToken);
        if (!fileErrors.IsValid)
            return CommandResult<FindingRow>.Invalid(fileErrors);
        try
        {
            var now = time.GetUtcNow();
            await using var unit = await database.BeginAsync(cancellationToken);
            if (done && !await audits.MoveFindingAsync(unit, findingId, FindingStatus.Open, FindingStatus.ReadyForVerification, null, null, null, cancellationToken))
                return CommandResult<FindingRow>.Stale(finding, $"{row.Reference}/F{finding.Number} changed a moment ago; nothing was written.");
            Guid? fileId = null;
            foreach (var file in checkedFiles)
                fileId = (await evidence.StoreAsync(unit, row.VendorId, file, sender, $"remediation of {row.Reference}/F{finding.Number}", cancellationToken)).Id;
            await audits.InsertUpdateAsync(unit, new ActionUpdateRow
            {
                Id = Guid.CreateVersion7(now), FindingId = findingId, UpdateText = (done ? "[done] " : "") + clean, EvidenceFileId = fileId, ByName = sender.Name,
                ByVendor = sender.IsVendor, UpdatedAt = now,
            }, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(sender.Name, done ? "vendor-audit.action-done" : "vendor-audit.action-updated", "VendorAudit",
                row.Id.ToString(), $"{row.Reference}/F{finding.Number} {(done ? "reported done" : "updated")} by {sender.Name}" +
                (fileId is null ? "" : " with evidence")), cancellationToken);
            if (done)
                await owners.NotifyAsync(unit, row.VendorId, $"audit-action-done/{findingId}/{now.ToUnixTimeMilliseconds()}",
                    $"Verify remediation {row.Reference}/F{finding.Number}: {row.VendorName}",
                    $"{sender.Name} reports the remediation of {row.Reference}/F{finding.Number} '{finding.Title}' done. {row.LeadUser}, the audit lead, verifies " +
                    $"and closes it or sends it back: {{link}}/audits/{row.Id}", cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        finally
        {
            foreach (var file in checkedFiles)
                await file.DisposeAsync();
        }
        return CommandResult<FindingRow>.Ok((await audits.FindingAsync(findingId, cancellationToken))!);
    }

    /// <summary>The audit lead verifies a remediation reported done and closes the finding, or sends it back with a note.</summary>
    public async Task<CommandResult<FindingRow>> VerifyAsync(AuditActor actor, Guid auditId, Guid findingId, bool accept, string? note,
        CancellationToken cancellationToken = default)
    {
        var finding = await audits.FindingAsync(findingId, cancellationToken);
        var row = finding is null ? null : await audits.GetAsync(finding.AuditId, cancellationToken);
        if (finding is null || row is null || row.Id != auditId)
            return CommandResult<FindingRow>.NotFound($"Audit {auditId} has no finding {findingId}.");
        var reportedBy = (await audits.UpdatesAsync(row.Id, cancellationToken)).LastOrDefault(u => u.FindingId == findingId
            && u.UpdateText.StartsWith("[done]", StringComparison.Ordinal))?.ByName;
        if (VendorAuditRules.VerifierRefusal(actor.Name, row.LeadUser, actor.IsAdmin, finding.ActionOwner, reportedBy) is { } refusal)
            return CommandResult<FindingRow>.Forbidden(refusal);
        if (finding.Status != FindingStatus.ReadyForVerification)
            return CommandResult<FindingRow>.Stale(finding,
                $"{row.Reference}/F{finding.Number} is {FindingStatus.Label(finding.Status).ToLowerInvariant()}; only an action reported done is verified.");
        var clean = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (!accept && clean is null)
            return CommandResult<FindingRow>.Invalid("note", "Say why the remediation falls short, so its owner knows what is missing.");
        if (clean is { Length: > MaxUpdateLength })
            return CommandResult<FindingRow>.Invalid("note", $"The note may be at most {MaxUpdateLength} characters (it has {clean.Length}).");
        return await SettleAsync(actor.Name, row, finding, FindingStatus.ReadyForVerification, accept ? FindingStatus.Closed : FindingStatus.Open, clean,
            accept ? "vendor-audit.finding-closed" : "vendor-audit.finding-sent-back",
            accept ? $"{row.Reference}/F{finding.Number} verified and closed by {actor.Name}" : $"{row.Reference}/F{finding.Number} sent back by {actor.Name}: {clean}",
            cancellationToken);
    }

    /// <summary>A member of the Governance board accepts a finding's risk with a reason; its remediation is then no longer tracked.</summary>
    public async Task<CommandResult<FindingRow>> AcceptRiskAsync(AuditActor actor, Guid auditId, Guid findingId, string? reason,
        CancellationToken cancellationToken = default)
    {
        var finding = await audits.FindingAsync(findingId, cancellationToken);
        var row = finding is null ? null : await audits.GetAsync(finding.AuditId, cancellationToken);
        if (finding is null || row is null || row.Id != auditId)
            return CommandResult<FindingRow>.NotFound($"Audit {auditId} has no finding {findingId}.");
        if (string.Equals(actor.Name, finding.ActionOwner, StringComparison.OrdinalIgnoreCase))
            return CommandResult<FindingRow>.Forbidden($"{actor.Name} owns this remediation action, so another board member accepts its risk (rule: owner-does-not-verify).");
        var clean = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (clean is null)
            return CommandResult<FindingRow>.Invalid("reason", "Say why the board accepts the risk instead of its remediation.");
        if (clean.Length > MaxUpdateLength)
            return CommandResult<FindingRow>.Invalid("reason", $"The reason may be at most {MaxUpdateLength} characters (it has {clean.Length}).");
        if (FindingStatus.IsSettled(finding.Status))
            return CommandResult<FindingRow>.Stale(finding, $"{row.Reference}/F{finding.Number} is {FindingStatus.Label(finding.Status).ToLowerInvariant()} already.");
        return await SettleAsync(actor.Name, row, finding, finding.Status, FindingStatus.RiskAccepted, clean, "vendor-audit.risk-accepted",
            $"The risk of {row.Reference}/F{finding.Number} ({finding.Severity}) {finding.Title} accepted by {actor.Name}: {clean}", cancellationToken);
    }

    private async Task<CommandResult<FindingRow>> SettleAsync(string actor, VendorAuditRow row, FindingRow finding, string from, string to, string? note,
        string action, string summary, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settled = FindingStatus.IsSettled(to);
        (string? Woken, string EventId)? published = null;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await audits.MoveFindingAsync(unit, finding.Id, from, to, settled ? actor : null, settled ? now : null, note, cancellationToken))
                return CommandResult<FindingRow>.Stale(finding, $"{row.Reference}/F{finding.Number} changed a moment ago; reload it.");
            if (!settled)
                await audits.InsertUpdateAsync(unit, new ActionUpdateRow
                {
                    Id = Guid.CreateVersion7(now), FindingId = finding.Id, UpdateText = "[sent back] " + note, ByName = actor, ByVendor = false, UpdatedAt = now,
                }, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(actor, action, "VendorAudit", row.Id.ToString(), summary), cancellationToken);
            var current = (await audits.GetAsync(unit, row.Id, cancellationToken))!;
            if (settled && current.Status == VendorAuditStatus.Remediation && await audits.CountUnsettledAsync(unit, row.Id, cancellationToken) == 0)
                published = await VendorAuditWorkflow.PublishAsync(workflowStore, unit, VendorAuditWorkflow.SettledEvent, row.Id, now, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        if (published is { } toQueue)
            await VendorAuditWorkflow.QueueAsync(queue, toQueue);
        return CommandResult<FindingRow>.Ok((await audits.FindingAsync(finding.Id, cancellationToken))!);
    }

    private static string? LeadRefusal(AuditActor actor, VendorAuditRow row) =>
        actor.IsAdmin || string.Equals(actor.Name, row.LeadUser, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Only the audit lead, {row.LeadUser}, does the fieldwork of {row.Reference} (rule: lead-does-fieldwork).";
}
