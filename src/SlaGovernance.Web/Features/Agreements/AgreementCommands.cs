using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Web.Features.Clauses;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>An agreement with the version being worked on (or the latest one).</summary>
public sealed record AgreementView(AgreementRow Agreement, AgreementVersionRow Version);

/// <summary>
/// Drafting and submitting agreements. Each save carries the row version it was based on and is refused when stale;
/// an approved version is frozen, and a change to it is a new version that goes through approval again.
/// </summary>
public sealed class AgreementCommands(Database database, AgreementStore agreements, AgreementDocumentStore documents, VendorStore vendors,
    AuditLog audit, IWorkflowHost workflows, AgreementLifecycle lifecycle, AgreementClauses clauses,
    SlaGovernance.Data.Calendars.BusinessCalendarStore calendars, TimeProvider time, Lazy<Renewals.RenewalCycles> renewals)
{
    public const string ApprovalDefinition = "sla-approval";

    private static bool IsZone(string id) => NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null;

    public async Task<CommandResult<AgreementView>> CreateAsync(string actor, AgreementContent? content, CancellationToken cancellationToken = default)
    {
        if (content is not null && string.IsNullOrWhiteSpace(content.Owner))
            content = content with { Owner = actor };
        var errors = await ValidateAsync(content, usedBefore: null, cancellationToken);
        if (!errors.IsValid)
            return CommandResult<AgreementView>.Invalid(errors);
        var now = time.GetUtcNow();
        var id = Guid.NewGuid();
        var row = AgreementRow.From(id, content!, AgreementStatus.Draft, 1, actor, now, now, 1);
        var version = NewVersion(id, 1, content!, actor, now);
        await using var unit = await database.BeginAsync(cancellationToken);
        await agreements.InsertAsync(unit, row, cancellationToken);
        await agreements.InsertVersionAsync(unit, version, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.created", "Agreement", id.ToString(),
            $"Drafted {row.Title} (version 1)", After: Summary(content!)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<AgreementView>.Ok(new AgreementView(row, version));
    }

    /// <summary>Saves the current draft's content; refused when the version is frozen or the save is based on a stale copy.</summary>
    public async Task<CommandResult<AgreementView>> SaveDraftAsync(string actor, Guid id, AgreementContent? content, int expectedVersion,
        CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        var current = await agreements.GetAsync(unit, id, cancellationToken);
        if (current is null)
            return CommandResult<AgreementView>.NotFound($"No agreement has id {id}.");
        var version = (await agreements.GetVersionAsync(unit, id, current.CurrentVersion, cancellationToken))!;
        if (current.Version != expectedVersion)
            return CommandResult<AgreementView>.Stale(new AgreementView(current, version),
                $"{current.Title} was changed by someone else since you opened it (now at revision {current.Version}); reload and reapply your change.");
        if (!version.IsEditable)
            return CommandResult<AgreementView>.Forbidden(
                $"Version {version.Number} is {version.Status} and can no longer be edited; start a new version to change it.");
        // Checked against the stored draft, so a library clause retired since the draft took it up does not block the save.
        var errors = await ValidateAsync(content, version.Parsed, cancellationToken);
        if (!errors.IsValid)
            return CommandResult<AgreementView>.Invalid(errors);
        var now = time.GetUtcNow();
        var row = AgreementRow.From(id, content!, current.Status, current.CurrentVersion, current.CreatedBy, current.CreatedAt, now, current.Version + 1);
        var updated = version with { Content = content!.ToJson(), ContentHash = content.ContentHash(), UpdatedBy = actor, UpdatedAt = now };
        if (!await agreements.UpdateAsync(unit, row, expectedVersion, cancellationToken))
            return CommandResult<AgreementView>.Stale(new AgreementView(current, version), "Someone else saved this agreement at the same moment; reload it.");
        await agreements.UpdateVersionAsync(unit, updated, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.draft-saved", "Agreement", id.ToString(),
            $"Saved {row.Title} version {version.Number}", Summary(version.Parsed), Summary(content!)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<AgreementView>.Ok(new AgreementView(row, updated));
    }

    /// <summary>Submits the draft: a new approval round starts the sla-approval workflow with the facts its policy routes on.</summary>
    public async Task<CommandResult<AgreementView>> SubmitAsync(string actor, Guid id, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var current = await agreements.GetAsync(id, cancellationToken);
        if (current is null)
            return CommandResult<AgreementView>.NotFound($"No agreement has id {id}.");
        var version = (await agreements.GetVersionAsync(id, current.CurrentVersion, cancellationToken))!;
        if (current.Version != expectedVersion)
            return CommandResult<AgreementView>.Stale(new AgreementView(current, version), "The agreement changed since you opened it; reload and submit again.");
        if (!version.IsEditable)
            return CommandResult<AgreementView>.Forbidden($"Version {version.Number} is {version.Status}; only a draft can be submitted.");
        var content = version.Parsed;
        var errors = await ValidateAsync(content, cancellationToken);
        if (!errors.IsValid)
            return CommandResult<AgreementView>.Invalid(errors);

        var riskTier = content.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.RiskTier.ToString() : null;
        var subject = new WorkflowSubject
        {
            Type = "Agreement",
            Id = id.ToString(),
            RequestedBy = actor,
            Fields = new AgreementApprovalFields(content.Title, version.Number, version.Round + 1, content.AnnualValue, content.Currency,
                content.Credits.MonthlyCapPercent, content.HasExclusions, content.HasNonStandardClause, riskTier ?? "None",
                StartOfDay(content.TermStart, content.TimeZone), StartOfDay(content.TermEnd.AddDays(1), content.TimeZone)).ToFields(),
        };
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        // A first version puts the agreement in approval; a later one is a change to an agreement that keeps its status meanwhile.
        var row = AgreementRow.From(id, content, version.Number == 1 ? AgreementStatus.InApproval : current.Status, current.CurrentVersion,
            current.CreatedBy, current.CreatedAt, now, current.Version + 1);
        if (!await agreements.UpdateAsync(unit, row, expectedVersion, cancellationToken))
            return CommandResult<AgreementView>.Stale(new AgreementView(current, version), "Someone else changed this agreement at the same moment; reload it.");
        var submitted = version with
        {
            Status = AgreementStatus.InApproval, Round = version.Round + 1, WorkflowId = null, UpdatedBy = actor, UpdatedAt = now, SubmittedAt = now,
        };
        await agreements.UpdateVersionAsync(unit, submitted, cancellationToken);
        await agreements.InsertSubmissionAsync(unit, new AgreementSubmissionRow
        {
            AgreementId = id, VersionNumber = version.Number, Round = submitted.Round, Content = version.Content, ContentHash = version.ContentHash,
            SubmittedBy = actor, SubmittedAt = now,
        }, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.submitted", "Agreement", id.ToString(),
            $"Submitted {row.Title} version {version.Number} for approval (round {submitted.Round}, SHA-256 {version.ContentHash[..12]})"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        var started = await workflows.StartWorkflow(ApprovalDefinition, null, subject, $"{id}/v{version.Number}/r{submitted.Round}");
        // The round's instance is linked once started; WorkflowCore persists through its own connection.
        var linked = submitted with { WorkflowId = Guid.Parse(started) };
        await using var link = await database.BeginAsync(cancellationToken);
        await agreements.UpdateVersionAsync(link, linked, cancellationToken);
        await link.CommitAsync(cancellationToken);
        return CommandResult<AgreementView>.Ok(new AgreementView(row, linked));
    }

    /// <summary>Opens version N+1 as a draft copied from the latest version, once that one is decided.</summary>
    public async Task<CommandResult<AgreementView>> NewVersionAsync(string actor, Guid id, int expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        var current = await agreements.GetAsync(unit, id, cancellationToken);
        if (current is null)
            return CommandResult<AgreementView>.NotFound($"No agreement has id {id}.");
        var latest = (await agreements.GetVersionAsync(unit, id, current.CurrentVersion, cancellationToken))!;
        if (current.Version != expectedVersion)
            return CommandResult<AgreementView>.Stale(new AgreementView(current, latest), "The agreement changed since you opened it; reload it.");
        if (latest.IsEditable || latest.Status == AgreementStatus.InApproval)
            return CommandResult<AgreementView>.Forbidden($"Version {latest.Number} is still {latest.Status}; finish it before starting another.");
        var now = time.GetUtcNow();
        var next = NewVersion(id, latest.Number + 1, latest.Parsed, actor, now);
        var row = AgreementRow.From(id, latest.Parsed, current.Status, next.Number, current.CreatedBy, current.CreatedAt, now, current.Version + 1);
        if (!await agreements.UpdateAsync(unit, row, expectedVersion, cancellationToken))
            return CommandResult<AgreementView>.Stale(new AgreementView(current, latest), "Someone else changed this agreement at the same moment; reload it.");
        await agreements.InsertVersionAsync(unit, next, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.version-started", "Agreement", id.ToString(),
            $"Started version {next.Number} of {row.Title} from version {latest.Number} ({latest.Status})"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<AgreementView>.Ok(new AgreementView(row, next));
    }

    /// <summary>
    /// Procurement records the signature of the approved version with the signed copy; the agreement is then Active if its
    /// term has begun, and otherwise stays Approved until the lifecycle sweeper activates it on its first day.
    /// </summary>
    public async Task<CommandResult<AgreementSignatureRow>> RecordSignatureAsync(string actor, Guid id, SignatureInput input,
        CancellationToken cancellationToken = default)
    {
        var agreement = await agreements.GetAsync(id, cancellationToken);
        if (agreement is null)
            return CommandResult<AgreementSignatureRow>.NotFound($"No agreement has id {id}.");
        var version = (await agreements.VersionsAsync(id, cancellationToken)).FirstOrDefault(v => v.Status == AgreementStatus.Approved);
        if (version is null)
            return CommandResult<AgreementSignatureRow>.Forbidden("Only an approved version can be signed; this agreement has none.");
        if (agreement.Status == AgreementStatus.Terminated)
            return CommandResult<AgreementSignatureRow>.Forbidden($"{agreement.Title} was terminated; a signature no longer changes it.");
        var errors = new SlaGovernance.Domain.Validation.ValidationErrors();
        SignedCopy.Validate(input, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), errors);
        if (!errors.IsValid)
            return CommandResult<AgreementSignatureRow>.Invalid(errors);

        var now = time.GetUtcNow();
        var (document, signature) = SignedCopy.Rows(id, version.Number, input, actor, now);
        await using var unit = await database.BeginAsync(cancellationToken);
        await documents.InsertAsync(unit, document, cancellationToken);
        if (!await documents.InsertSignatureAsync(unit, signature, cancellationToken))
            return CommandResult<AgreementSignatureRow>.Stale((await documents.SignatureAsync(id, version.Number, cancellationToken))!,
                $"Version {version.Number} of {agreement.Title} is already signed.");
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.signed", "Agreement", id.ToString(),
            $"{agreement.Title} version {version.Number} {SignedCopy.Describe(document, signature)}"), cancellationToken);
        var current = (await agreements.GetAsync(unit, id, cancellationToken))!;
        if (!await lifecycle.ApplySignedTermAsync(unit, current, version.Number, version.Parsed, actor, now, cancellationToken))
            return CommandResult<AgreementSignatureRow>.Stale(signature, $"{agreement.Title} changed status at the same moment; record the signature again.");
        await unit.CommitAsync(cancellationToken);
        // A renegotiated version now governs the next term, and a signed term's dates may have moved: the renewal workflows follow.
        await renewals.Value.SignedAsync(id, cancellationToken);
        return CommandResult<AgreementSignatureRow>.Ok(signature);
    }

    /// <summary>Local midnight of a date in the agreement's zone, as an instant; the first such instant on a DST gap.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date, string zoneId)
    {
        var zone = NodaTime.DateTimeZoneProviders.Tzdb[zoneId];
        return zone.AtStartOfDay(new NodaTime.LocalDate(date.Year, date.Month, date.Day)).ToDateTimeOffset();
    }

    /// <summary>The rules a draft must meet, that its vendor exists, and that the library clauses it uses exist; those it has may since have been retired.</summary>
    public Task<SlaGovernance.Domain.Validation.ValidationErrors> ValidateAsync(AgreementContent? content, CancellationToken cancellationToken) =>
        ValidateAsync(content, usedBefore: content, cancellationToken);

    /// <summary>As above, but a retired library clause is refused unless <paramref name="usedBefore"/> already used that version of it.</summary>
    public async Task<SlaGovernance.Domain.Validation.ValidationErrors> ValidateAsync(AgreementContent? content, AgreementContent? usedBefore,
        CancellationToken cancellationToken)
    {
        var errors = AgreementRules.Validate(content, IsZone);
        if (content?.VendorId is { } vendorId && await vendors.GetAsync(vendorId, cancellationToken) is null)
            errors.Add("vendorId", $"No vendor has id {vendorId}.");
        if (content?.BusinessCalendarId is { } calendarId && await calendars.GetAsync(calendarId, cancellationToken) is null)
            errors.Add("businessCalendarId", $"No business calendar has id {calendarId}; choose one of the calendars at /admin/calendars or none for the default.");
        if (content is not null)
            await clauses.ValidateAsync(content, usedBefore, errors, cancellationToken);
        return errors;
    }

    private static AgreementVersionRow NewVersion(Guid id, int number, AgreementContent content, string actor, DateTimeOffset now) => new()
    {
        AgreementId = id, Number = number, Status = AgreementStatus.Draft, Content = content.ToJson(), ContentHash = content.ContentHash(), Round = 0,
        CreatedBy = actor, CreatedAt = now, UpdatedBy = actor, UpdatedAt = now,
    };

    internal static string Summary(AgreementContent content) =>
        $"{content.Title}; {content.TermStart:yyyy-MM-dd}..{content.TermEnd:yyyy-MM-dd}; {content.MonthlyFee:N2} {content.Currency}/month; " +
        $"{content.Slos.Count} SLO(s); cap {content.Credits.MonthlyCapPercent}%; SHA-256 {content.ContentHash()[..12]}";
}

/// <summary>
/// The statuses the approval workflow sets: Approved freezes the version, Rejected closes it, ChangesRequested
/// returns it to draft for a new round. Once per step (idempotency key), audited.
/// </summary>
public sealed class AgreementWorkflowStatus(Database database, AgreementStore agreements, AuditLog audit, TimeProvider time) : IWorkflowSubjectStatus
{
    public string SubjectType => "Agreement";

    public async Task SetStatusAsync(WorkflowSubject subject, string status, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (!AgreementStatus.All.Contains(status))
            throw new InvalidOperationException($"'{status}' is not an agreement status; use one of {string.Join(", ", AgreementStatus.All)}.");
        var id = Guid.Parse(subject.Id);
        var number = subject.FieldValue("version") is long n ? (int)n : throw new InvalidOperationException("The workflow subject has no version field.");
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await agreements.RecordStatusChangeAsync(unit, idempotencyKey, id, status, now, cancellationToken))
            return;
        var agreement = await agreements.GetAsync(unit, id, cancellationToken) ?? throw new InvalidOperationException($"No agreement has id {id}.");
        var version = await agreements.GetVersionAsync(unit, id, number, cancellationToken) ?? throw new InvalidOperationException($"No version {number}.");
        // Active and Expired describe the agreement; its version stays Approved.
        var versionStatus = status is AgreementStatus.Approved or AgreementStatus.Rejected or AgreementStatus.ChangesRequested ? status : version.Status;
        await agreements.UpdateVersionAsync(unit, version with
        {
            Status = versionStatus, UpdatedBy = "workflow", UpdatedAt = now,
            DecidedAt = status is AgreementStatus.Approved or AgreementStatus.Rejected ? now : version.DecidedAt,
        }, cancellationToken);
        var agreementStatus = status switch
        {
            AgreementStatus.Active or AgreementStatus.Expired or AgreementStatus.Terminated => status,
            // A decision on a later version is a decision on a change; the agreement keeps its status.
            _ when number > 1 => agreement.Status,
            AgreementStatus.ChangesRequested => AgreementStatus.Draft,
            _ => status,
        };
        if (!await agreements.UpdateAsync(unit, agreement with { Status = agreementStatus, UpdatedAt = now, Version = agreement.Version + 1 },
                agreement.Version, cancellationToken))
            throw new InvalidOperationException("The agreement changed while its status was being set; the step is retried.");
        await audit.AppendAsync(unit, new AuditRecord("workflow", "agreement.status", "Agreement", id.ToString(),
            $"{agreement.Title} version {number}: {status}" + (status == AgreementStatus.Approved ? $" (frozen, SHA-256 {version.ContentHash})" : ""),
            agreement.Status, agreementStatus), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}
