using System.Globalization;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>What workflows/agreement-import.json reads of an imported agreement: what its task and emails name, and the signature to record.</summary>
[StartsDefinition(ImportSignedAgreement.ConfirmationDefinition)]
public sealed record AgreementImportFields(
    string Title,
    int Version,
    string SignedOn,
    string Signatories,
    Guid SignedCopyId,
    string SignedCopyName) : SubjectFields;

/// <summary>
/// The <c>agreement-import-confirm</c> step: a second person confirmed the import, so version 1 is approved, its signature recorded
/// and the agreement Signed, Active or Expired as its term has it. Once per step (idempotency key), audited with who confirmed.
/// </summary>
public sealed class ConfirmImportAction(Database database, AgreementStore agreements, AgreementDocumentStore documents, AgreementLifecycle lifecycle,
    TaskStore tasks, AuditLog audit, TimeProvider time) : IWorkflowAction
{
    public const string ActionName = "agreement-import-confirm";

    public string Name => ActionName;

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var subject = context.Subject;
        var id = Guid.Parse(subject.Id);
        var confirmedBy = (await tasks.OfWorkflowAsync(Guid.Parse(context.WorkflowId), cancellationToken))
            .LastOrDefault(t => t.Status == WorkflowTaskStatus.Completed)?.CompletedBy ?? ApprovalDecisions.WorkflowActor;
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await agreements.RecordStatusChangeAsync(unit, context.IdempotencyKey, id, AgreementStatus.Approved, now, cancellationToken))
            return;
        var agreement = await agreements.GetAsync(unit, id, cancellationToken) ?? throw new InvalidOperationException($"No agreement has id {id}.");
        var version = (await agreements.GetVersionAsync(unit, id, 1, cancellationToken))!;
        if (version.Status != AgreementVersionStatus.InApproval || version.WorkflowId != Guid.Parse(context.WorkflowId))
            throw new InvalidOperationException($"Workflow {context.WorkflowId} cannot confirm the import of {agreement.Title}: its version 1 is " +
                $"{AgreementVersionStatus.Label(version.Status)}. Cancel this instance.");
        if (!await agreements.ChangeVersionStatusAsync(unit, id, 1, version.Status, AgreementVersionStatus.Approved, confirmedBy, now, now, cancellationToken)
            || !await agreements.ChangeStatusAsync(unit, id, agreement.Status, AgreementStatus.Approved, now, cancellationToken))
            throw new InvalidOperationException($"{agreement.Title} changed while its import was being confirmed; the step is retried.");
        var signature = new AgreementSignatureRow
        {
            AgreementId = id, VersionNumber = 1,
            SignedOn = DateOnly.ParseExact((string)subject.FieldValue("signedOn")!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Signatories = (string)subject.FieldValue("signatories")!, DocumentId = Guid.Parse((string)subject.FieldValue("signedCopyId")!),
            RecordedBy = confirmedBy, RecordedAt = now,
        };
        await documents.InsertSignatureAsync(unit, signature, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(confirmedBy, "agreement.import-confirmed", "Agreement", id.ToString(),
            $"Confirmed the import of {agreement.Title} (imported by {version.CreatedBy}): signed on {signature.SignedOn:yyyy-MM-dd} by " +
            $"{signature.Signatories}; signed copy {subject.FieldValue("signedCopyName")}", agreement.Status, AgreementStatus.Approved), cancellationToken);
        if (!await lifecycle.ApplySignedTermAsync(unit, agreement with { Status = AgreementStatus.Approved }, 1, version.Parsed, confirmedBy, now,
                cancellationToken))
            throw new InvalidOperationException($"{agreement.Title} changed status while its import was being confirmed; the step is retried.");
        await unit.CommitAsync(cancellationToken);
    }
}
