using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>An agreement signed before the system existed: its content (or why the content could not be read) and its signed copy.</summary>
public sealed record ImportInput(AgreementContent? Content, string? ContentProblem, SignatureInput Signature);

/// <summary>
/// Brings in an agreement that is already signed, so a customer's first day is not an empty system: stored as version 1,
/// approved and signed without a workflow, then Active, Approved until its term starts, or Expired, as the lifecycle has it.
/// </summary>
public sealed class AgreementImport(Database database, AgreementStore agreements, AgreementDocumentStore documents, AgreementCommands commands,
    AgreementLifecycle lifecycle, AuditLog audit, TimeProvider time)
{
    public async Task<CommandResult<AgreementView>> ImportAsync(string actor, ImportInput input, CancellationToken cancellationToken = default)
    {
        var content = input.Content;
        if (content is not null && string.IsNullOrWhiteSpace(content.Owner))
            content = content with { Owner = actor };
        ValidationErrors errors;
        if (input.ContentProblem is not null)
            errors = ValidationErrors.Single("content", input.ContentProblem);
        else
            errors = await commands.ValidateAsync(content, cancellationToken);
        SignedCopy.Validate(input.Signature, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), errors);
        if (!errors.IsValid)
            return CommandResult<AgreementView>.Invalid(errors);

        var now = time.GetUtcNow();
        var id = Guid.NewGuid();
        var row = AgreementRow.From(id, content!, AgreementStatus.Approved, 1, actor, now, now, 1);
        var version = new AgreementVersionRow
        {
            AgreementId = id, Number = 1, Status = AgreementStatus.Approved, Content = content!.ToJson(), ContentHash = content.ContentHash(), Round = 0,
            CreatedBy = actor, CreatedAt = now, UpdatedBy = actor, UpdatedAt = now, DecidedAt = now,
        };
        var (document, signature) = SignedCopy.Rows(id, 1, input.Signature, actor, now);
        await using var unit = await database.BeginAsync(cancellationToken);
        await agreements.InsertAsync(unit, row, cancellationToken);
        await agreements.InsertVersionAsync(unit, version, cancellationToken);
        await agreements.RecordStatusChangeAsync(unit, $"import/{id}", id, AgreementStatus.Approved, now, cancellationToken);
        await documents.InsertAsync(unit, document, cancellationToken);
        await documents.InsertSignatureAsync(unit, signature, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.imported", "Agreement", id.ToString(),
            $"Imported {row.Title} as signed version 1 without approval; {SignedCopy.Describe(document, signature)}",
            After: AgreementCommands.Summary(content)), cancellationToken);
        if (!await lifecycle.ApplySignedTermAsync(unit, row, 1, content, actor, now, cancellationToken))
            throw new InvalidOperationException($"The imported agreement {id} changed status before its import was committed.");
        await unit.CommitAsync(cancellationToken);
        return CommandResult<AgreementView>.Ok(new AgreementView((await agreements.GetAsync(id, cancellationToken))!, version));
    }
}
