using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Web.Api;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>
/// Opening version N+1 as a draft copied from the latest version, once that one is decided: how a rejected agreement is drafted
/// again. An agreement with an approved version changes only through a change request, which <c>POST .../versions</c> opens.
/// </summary>
public sealed class StartNewVersion(Database database, AgreementStore agreements, AuditLog audit, TimeProvider time)
{
    public async Task<CommandResult<AgreementView>> RunAsync(string actor, Guid id, int expectedRevision, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        var current = await agreements.GetAsync(unit, id, cancellationToken);
        if (current is null)
            return CommandResult<AgreementView>.NotFound($"No agreement has id {id}.");
        var latest = (await agreements.GetVersionAsync(unit, id, current.CurrentVersion, cancellationToken))!;
        if (current.Version != expectedRevision)
            return CommandResult<AgreementView>.Stale(new AgreementView(current, latest), "The agreement changed since you opened it; reload it.");
        if (await agreements.HasApprovedVersionAsync(unit, id, cancellationToken))
            return CommandResult<AgreementView>.Forbidden(
                $"{current.Title} has an approved version, so it changes only through a change request: open one from the agreement's page " +
                $"(POST /api/v1/agreements/{id}/change-requests with class, reason and effectiveOn).");
        if (!AgreementVersionStatus.IsDecided(latest.Status))
            return CommandResult<AgreementView>.Forbidden(
                $"Version {latest.Number} of {current.Title} is still {AgreementVersionStatus.Label(latest.Status)}; finish it before starting another.");
        var now = time.GetUtcNow();
        if (await agreements.DraftNextVersionAsync(unit, current, latest.Number + 1, latest.Parsed, actor, now, cancellationToken) is not var (row, next))
            return CommandResult<AgreementView>.Stale(new AgreementView(current, latest), "Someone else changed this agreement at the same moment; reload it.");
        // A rejected agreement is drafted again; one with an approved version changes only through a change request.
        if (current.Status == AgreementStatus.Rejected)
            await agreements.ChangeStatusAsync(unit, id, current.Status, AgreementStatus.Draft, now, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.version-started", "Agreement", id.ToString(),
            $"Started version {next.Number} of {row.Title} from version {latest.Number} ({AgreementVersionStatus.Label(latest.Status)})"), cancellationToken);
        row = (await agreements.GetAsync(unit, id, cancellationToken))!;
        await unit.CommitAsync(cancellationToken);
        return CommandResult<AgreementView>.Ok(new AgreementView(row, next));
    }
}
