using System.ComponentModel.DataAnnotations;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Features.Workflows;

public sealed record StartWorkflowRequest
{
    /// <summary>The definition version; absent, the latest loaded.</summary>
    public int? Version { get; init; }

    [Required]
    public string? SubjectId { get; init; }

    /// <summary>Subject fields the definition's conditions read; refused for a definition whose subject is read from storage (sla-approval).</summary>
    public Dictionary<string, System.Text.Json.JsonElement>? Fields { get; init; }

    /// <summary>Who the workflow counts as the requester; absent, the caller. Refused for a definition whose subject is read from storage.</summary>
    public string? RequestedBy { get; init; }
}

/// <summary>An administrator starting, resuming or cancelling an instance; each is audited.</summary>
public sealed class WorkflowInterventions(IWorkflowController controller, IWorkflowRegistry registry, IPersistenceProvider store, Database database,
    AuditLog audit, IEnumerable<IWorkflowSubjectSource> sources)
{
    /// <summary>Starts an instance of a loaded definition for a subject, for operators (re-running a process) and scripts.</summary>
    public async Task<CommandResult<string>> StartAsync(string actor, string definitionId, StartWorkflowRequest request, CancellationToken cancellationToken)
    {
        var definition = registry.GetDefinition(definitionId, request.Version);
        if (definition?.Steps.FirstOrDefault() is not SlaGovernance.Workflows.Activities.IConfiguredStep configured)
            return CommandResult<string>.NotFound($"No definition '{definitionId}'{(request.Version is { } v ? $" version {v}" : "")} is loaded.");
        var document = configured.Document;
        var errors = new SlaGovernance.Domain.Validation.ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.SubjectId))
            errors.Add("subjectId", $"Name the {document.Subject.Type} the workflow is about.");
        foreach (var field in (request.Fields ?? []).Keys.Where(f => !document.Subject.Fields.Contains(f)))
            errors.Add($"fields.{field}", $"'{field}' is not a field of {document.Subject.Type} in {definitionId}; known: {string.Join(", ", document.Subject.Fields)}.");
        if (!errors.IsValid)
            return CommandResult<string>.Invalid(errors);
        var source = sources.FirstOrDefault(s => s.DefinitionId == definitionId);
        WorkflowSubject subject;
        if (source is not null)
        {
            // The subject's own feature builds it from what is stored; fields or a requester in the request would let an operator decide anything.
            if (request.Fields is { Count: > 0 } || !string.IsNullOrWhiteSpace(request.RequestedBy))
                return CommandResult<string>.Invalid(request.Fields is { Count: > 0 } ? "fields" : "requestedBy",
                    $"{definitionId} takes its subject's fields and requester from the stored {document.Subject.Type}; send only subjectId.");
            var stored = await source.SubjectAsync(request.SubjectId!.Trim(), cancellationToken);
            if (stored.NotFound)
                return CommandResult<string>.NotFound(stored.Refusal!);
            if (stored.Subject is null)
                return CommandResult<string>.Stale(request.SubjectId!, stored.Refusal!);
            subject = stored.Subject;
        }
        else
            subject = new WorkflowSubject
            {
                Type = document.Subject.Type,
                Id = request.SubjectId!.Trim(),
                RequestedBy = string.IsNullOrWhiteSpace(request.RequestedBy) ? actor : request.RequestedBy.Trim(),
                Fields = new(request.Fields ?? [], StringComparer.Ordinal),
            };
        var id = await controller.StartWorkflow(definitionId, definition.Version, subject, subject.Id);
        if (source is not null)
            await source.LinkAsync(subject, id, cancellationToken);
        await using var unit = await database.BeginAsync(cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "workflow.started", "WorkflowInstance", id,
            $"Started {definitionId} v{definition.Version} for {subject.Type} {subject.Id}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<string>.Ok(id);
    }

    public Task<CommandResult<WorkflowStatus>> ResumeAsync(Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, "workflow.resumed", controller.ResumeWorkflow, status => status == WorkflowStatus.Suspended,
            "Only a suspended instance can be resumed.", cancellationToken);

    public Task<CommandResult<WorkflowStatus>> CancelAsync(Guid id, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, "workflow.cancelled", controller.TerminateWorkflow,
            status => status is WorkflowStatus.Runnable or WorkflowStatus.Suspended,
            "Only an instance that has not finished can be cancelled.", cancellationToken);

    private async Task<CommandResult<WorkflowStatus>> ChangeAsync(Guid id, string actor, string action, Func<string, Task<bool>> change,
        Func<WorkflowStatus, bool> allowed, string refusal, CancellationToken cancellationToken)
    {
        var instance = await store.GetWorkflowInstance(id.ToString(), cancellationToken);
        if (instance is null)
            return CommandResult<WorkflowStatus>.NotFound($"No workflow instance has id {id}.");
        // WorkflowCore would "terminate" a finished instance too, so the status is checked here.
        if (!allowed(instance.Status) || !await change(id.ToString()))
            return CommandResult<WorkflowStatus>.Stale(instance.Status, $"{refusal} This one is {instance.Status}.");
        await using var unit = await database.BeginAsync(cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, action, "WorkflowInstance", id.ToString(),
            $"{action} for {instance.WorkflowDefinitionId} v{instance.Version} (was {instance.Status})"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<WorkflowStatus>.Ok((await store.GetWorkflowInstance(id.ToString(), cancellationToken)).Status);
    }
}
