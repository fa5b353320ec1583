using System.Security.Claims;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.RawData;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.RawData;

/// <summary>Who sends a file: a member of staff, or a vendor through its scoped token.</summary>
public sealed record Uploader(string Name, Guid? VendorId)
{
    public bool IsVendor => VendorId is not null;

    public static Uploader Of(ClaimsPrincipal user) => new(user.UserName(), user.VendorId());
}

public sealed record UploadOutcome(DataUploadRow Upload, bool Duplicate);

/// <summary>A refused file: the rows, columns and reasons, nothing written.</summary>
public sealed record RefusedUpload(IReadOnlyList<RowError> Rows);

/// <summary>Uploads of raw performance data and the staff's decision on exclusions a vendor proposes.</summary>
public sealed class RawDataUploads(Database database, AgreementStore agreements, RawDataStore store, AuditLog audit, DomainEvents events, TimeProvider time)
{
    public async Task<(CommandResult<UploadOutcome> Result, RefusedUpload? Refused)> UploadAsync(Guid agreementId, RawDataKind kind,
        RawFileFormat format, string? fileName, Stream content, Uploader uploader, CancellationToken cancellationToken = default)
    {
        var agreement = await agreements.GetAsync(agreementId, cancellationToken);
        if (agreement is null)
            return (CommandResult<UploadOutcome>.NotFound($"There is no agreement {agreementId}."), null);
        // The governing version's vendor, so a later draft naming another vendor does not move the token's scope.
        if (uploader.IsVendor && await agreements.VendorScopeAsync(agreementId, time.GetUtcNow(), cancellationToken) != uploader.VendorId)
            return (CommandResult<UploadOutcome>.Forbidden("This vendor token writes data only for its own vendor's agreements."), null);
        var name = string.IsNullOrWhiteSpace(fileName) ? $"{kind.Slug()}.{format.ToString().ToLowerInvariant()}" : Path.GetFileName(fileName.Trim());
        if (name.Length > 300)
            name = name[..300];
        // A network body is copied to a temporary file first, so the write transaction (SQLite's only writer) never waits on the sender.
        await using var spooled = content.CanSeek ? null : await SpooledFile.CopyAsync(content, cancellationToken);
        content = spooled ?? content;
        var request = new IngestRequest(agreementId, kind, format.ToString().ToLowerInvariant(), name, uploader.Name, uploader.IsVendor, time.GetUtcNow());
        var (result, errors) = kind switch
        {
            RawDataKind.ProbeSamples => await IngestAsync(request, format, content, new ProbeSampleFormat(), cancellationToken),
            RawDataKind.Outages => await IngestAsync(request, format, content, new OutageFormat(), cancellationToken),
            RawDataKind.Tickets => await IngestAsync(request, format, content, new TicketFormat(), cancellationToken),
            RawDataKind.CsatResponses => await IngestAsync(request, format, content, new CsatFormat(), cancellationToken),
            RawDataKind.EventCounts => await IngestAsync(request, format, content, new EventCountFormat(), cancellationToken),
            RawDataKind.Exclusions => await IngestAsync(request, format, content, new ExclusionFormat(), cancellationToken),
            RawDataKind.ReportedAttainment => await IngestAsync(request, format, content, new ReportedAttainmentFormat(), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        if (result.Status == IngestStatus.Refused)
        {
            var invalid = new ValidationErrors();
            foreach (var error in errors.All)
                invalid.Add(error.Field, error.Reason);
            return (CommandResult<UploadOutcome>.Invalid(invalid), new RefusedUpload(errors.All));
        }
        return (CommandResult<UploadOutcome>.Ok(new UploadOutcome(result.Upload!, result.Status == IngestStatus.Duplicate)), null);
    }

    private async Task<(IngestResult, RowErrors)> IngestAsync<TRow>(IngestRequest request, RawFileFormat format, Stream content,
        RawRowFormat<TRow> rows, CancellationToken cancellationToken)
    {
        var source = new RawFileSource<TRow>(format, content, rows);
        // Probe samples and outages move error budgets: told in the upload's transaction, so no stored upload goes unevaluated.
        return (await store.IngestAsync(request, source, request.Kind is RawDataKind.ProbeSamples or RawDataKind.Outages
            ? (unit, upload, token) => events.AppendAsync(unit, new RawDataStored(upload.AgreementId, upload.Id, upload.Kind), token)
            : null, cancellationToken), source.Errors);
    }

    /// <summary>Accepts or rejects an exclusion a vendor proposed; only a proposed one can be decided, once.</summary>
    public const int MaxDecisionReason = 2000;

    /// <summary>
    /// Accepts or rejects an exclusion a vendor proposed, with the reason, held against the contract that governed its start (its
    /// findings go into the audit entry). Force majeure and third-party exclusions are decided by Legal or an administrator. The
    /// decision is told as <see cref="ExclusionDecided"/>, which computes the reports of the periods it overlaps again.
    /// </summary>
    public async Task<CommandResult<ExclusionRecordView>> DecideExclusionAsync(Guid agreementId, Guid exclusionId, bool accept, string? reason, string actor,
        IEnumerable<string> actorRoles, CancellationToken cancellationToken = default)
    {
        var exclusion = await store.ExclusionAsync(agreementId, exclusionId, cancellationToken);
        if (exclusion is null)
            return CommandResult<ExclusionRecordView>.NotFound($"Agreement {agreementId} has no exclusion {exclusionId}.");
        var roles = actorRoles.ToHashSet(StringComparer.Ordinal);
        var label = EnumLabels.Label<Domain.Agreements.ExclusionType>(exclusion.ExclusionType).ToLowerInvariant();
        if (ExclusionClaimCheck.NeedsLegal(exclusion.ExclusionType) && !roles.Contains(Roles.Legal) && !roles.Contains(Roles.Admin))
            return CommandResult<ExclusionRecordView>.Forbidden($"A {label} exclusion turns on the contract's words: Legal decides it. Ask Legal to accept or reject it.");
        if (!ExclusionClaimCheck.NeedsLegal(exclusion.ExclusionType) && !roles.Overlaps(Roles.DataUploaders))
            return CommandResult<ExclusionRecordView>.Forbidden($"A {label} exclusion is decided by Procurement, a vendor manager or an administrator.");
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
            return CommandResult<ExclusionRecordView>.Invalid("reason", $"Say why the {label} exclusion is {(accept ? "accepted" : "rejected")}; the vendor and the audit log are told.");
        if (reason.Length > MaxDecisionReason)
            return CommandResult<ExclusionRecordView>.Invalid("reason", $"The reason is {reason.Length} characters long; keep it to {MaxDecisionReason}.");
        var findings = ExclusionClaimCheck.Findings(await GoverningContentAsync(agreementId, exclusion.StartedAt, cancellationToken), exclusion.ExclusionType,
            NodaTime.Instant.FromDateTimeOffset(exclusion.StartedAt), NodaTime.Instant.FromDateTimeOffset(exclusion.EndedAt));
        var now = time.GetUtcNow();
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await store.DecideExclusionAsync(unit, agreementId, exclusionId, accept, reason, actor, now, cancellationToken))
                return CommandResult<ExclusionRecordView>.Stale(exclusion,
                    $"The exclusion is {exclusion.Status}{(exclusion.DecidedBy is null ? "" : $" by {exclusion.DecidedBy}")}, not Proposed; it was decided already.");
            await audit.AppendAsync(unit, new AuditRecord(actor, accept ? "exclusion.accepted" : "exclusion.rejected", "Agreement", agreementId.ToString(),
                $"{exclusion.ExclusionType} exclusion {exclusion.StartedAt:u} – {exclusion.EndedAt:u} proposed by {exclusion.UploadedBy} " +
                $"{(accept ? "accepted" : "rejected")}: {reason}" + (findings.Count == 0 ? "" : $" (contract check: {string.Join(" ", findings)})")), cancellationToken);
            await events.AppendAsync(unit, new ExclusionDecided(agreementId, exclusionId, accept, exclusion.StartedAt, exclusion.EndedAt, actor, reason),
                cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<ExclusionRecordView>.Ok((await store.ExclusionAsync(agreementId, exclusionId, cancellationToken))!);
    }

    /// <summary>The content of the signed version governing the agreement at <paramref name="at"/>, if any.</summary>
    public async Task<Domain.Agreements.AgreementContent?> GoverningContentAsync(Guid agreementId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var governing = GoverningVersion.At(await agreements.SignedVersionsAsync(agreementId, cancellationToken), NodaTime.Instant.FromDateTimeOffset(at));
        return governing is null ? null : (await agreements.GetVersionAsync(agreementId, governing.Number, cancellationToken))?.Parsed;
    }
}
