using System.Security.Claims;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.RawData;
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
public sealed class RawDataUploads(Database database, AgreementStore agreements, RawDataStore store, AuditLog audit, TimeProvider time)
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
        return (await store.IngestAsync(request, source, cancellationToken), source.Errors);
    }

    /// <summary>Accepts or rejects an exclusion a vendor proposed; only a proposed one can be decided, once.</summary>
    public async Task<CommandResult<ExclusionRecordView>> DecideExclusionAsync(Guid agreementId, Guid exclusionId, bool accept, string actor,
        CancellationToken cancellationToken = default)
    {
        var exclusion = await store.ExclusionAsync(agreementId, exclusionId, cancellationToken);
        if (exclusion is null)
            return CommandResult<ExclusionRecordView>.NotFound($"Agreement {agreementId} has no exclusion {exclusionId}.");
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await store.DecideExclusionAsync(unit, agreementId, exclusionId, accept, actor, time.GetUtcNow(), cancellationToken))
                return CommandResult<ExclusionRecordView>.Stale(exclusion,
                    $"The exclusion is {exclusion.Status}{(exclusion.DecidedBy is null ? "" : $" by {exclusion.DecidedBy}")}, not Proposed; it was decided already.");
            await audit.AppendAsync(unit, new AuditRecord(actor, accept ? "exclusion.accepted" : "exclusion.rejected", "Agreement", agreementId.ToString(),
                $"{exclusion.ExclusionType} exclusion {exclusion.StartedAt:u} – {exclusion.EndedAt:u} proposed by {exclusion.UploadedBy} " +
                (accept ? "accepted" : "rejected")), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<ExclusionRecordView>.Ok((await store.ExclusionAsync(agreementId, exclusionId, cancellationToken))!);
    }
}
