using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Agreements;

using AgreementChangeFailure = CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem, ForbiddenProblem>;

/// <summary>Saving the current draft's content; refused when the version is frozen or the save is based on a stale copy.</summary>
public sealed class SaveDraft(Database database, AgreementStore agreements, AgreementValidator validator, AuditLog audit, TimeProvider time)
{
    public async Task<CommandResult<AgreementView>> RunAsync(string actor, Guid id, AgreementContent? content, int expectedRevision,
        CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        var current = await agreements.GetAsync(unit, id, cancellationToken);
        if (current is null)
            return CommandResult<AgreementView>.NotFound($"No agreement has id {id}.");
        var version = (await agreements.GetVersionAsync(unit, id, current.CurrentVersion, cancellationToken))!;
        if (current.Version != expectedRevision)
            return CommandResult<AgreementView>.Stale(new AgreementView(current, version),
                $"{current.Title} was changed by someone else since you opened it (now at revision {current.Version}); reload and reapply your change.");
        if (!version.IsEditable)
            return CommandResult<AgreementView>.Forbidden(
                $"Version {version.Number} of {current.Title} is {AgreementVersionStatus.Label(version.Status)} and can no longer be edited; " +
                "start a new version to change it.");
        content = content?.WithObjectiveKeys();
        // Checked against the stored draft, so a library clause retired since the draft took it up does not block the save.
        var errors = await validator.ValidateAsync(content, version.Parsed, cancellationToken);
        if (!errors.IsValid)
            return CommandResult<AgreementView>.Invalid(errors);
        var now = time.GetUtcNow();
        var row = AgreementRow.From(id, content!, current.Status, current.CurrentVersion, current.CreatedBy, current.CreatedAt, now, current.Version + 1);
        var updated = version with { Content = content!.ToJson(), ContentHash = content.ContentHash(), UpdatedBy = actor, UpdatedAt = now };
        if (!await agreements.UpdateAsync(unit, row, expectedRevision, cancellationToken))
            return CommandResult<AgreementView>.Stale(new AgreementView(current, version), "Someone else saved this agreement at the same moment; reload it.");
        await agreements.UpdateVersionAsync(unit, updated, cancellationToken);
        await agreements.RecordEditorAsync(unit, id, version.Number, actor, VersionParts.Edited, now, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.draft-saved", "Agreement", id.ToString(),
            $"Saved {row.Title} version {version.Number}", AgreementValidator.Summary(version.Parsed), AgreementValidator.Summary(content!)),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<AgreementView>.Ok(new AgreementView(row, updated));
    }

    internal static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPut("/{id:guid}/draft", HandleAsync).WithName("SaveAgreementDraft")
            .WithSummary("Replace the current draft's content; requires If-Match; 412 when stale, 403 when the version is frozen")
            .RequireAuthorization(Policies.Drafter);

    private static async Task<Results<Ok<AgreementDto>, AgreementChangeFailure, PreconditionRequiredProblem>> HandleAsync(Guid id, AgreementContent content, SaveDraft save, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } revision)
            return ETags.PreconditionRequired();
        return AgreementAnswers.Of(context, await save.RunAsync(context.User.UserName(), id, content, revision, cancellationToken));
    }
}
