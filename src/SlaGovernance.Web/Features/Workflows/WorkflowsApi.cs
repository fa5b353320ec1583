using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Operations;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Features.Workflows;

using InterventionFailure = CommandFailure<NotFoundProblem, ConflictProblem>;

public sealed record WorkflowInstanceDto(Guid Id, string DefinitionId, int DefinitionVersion, string Status, string? Reference,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, long ErrorCount)
{
    public static WorkflowInstanceDto From(InstanceSummaryRow row) => new(row.Id, row.DefinitionId, row.DefinitionVersion,
        row.WorkflowStatus.ToString(), row.Reference, row.CreateTime, row.CompleteTime, row.ErrorCount);
}

public sealed record WorkflowDefinitionDto(string Id, int Version, string Hash, string SourceFile, DateTimeOffset LoadedAt);

public sealed record ExecutionErrorDto(DateTimeOffset At, string? ExecutionPointerId, string Message);

/// <summary>The instance a start created; its journal is at the Location of the answer.</summary>
public sealed record StartedWorkflowDto(string Id);

/// <summary>An instance's status after an operator resumed or cancelled it.</summary>
public sealed record WorkflowInstanceStatusDto(Guid Id, string Status);

public static class WorkflowsApi
{
    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows").WithTags("Workflow operations").RequireAuthorization(Policies.Admin);
        group.MapGet("/definitions", Definitions).WithName("ListWorkflowDefinitions").WithSummary("Every loaded definition version with its content hash");
        group.MapGet("/instances", Instances).WithName("ListWorkflowInstances")
            .WithSummary("Instances by definition and status (Runnable, Suspended, Complete, Terminated); faulted=true for those with errors");
        group.MapGet("/{id:guid}/errors", Errors).WithName("ListWorkflowErrors").WithSummary("The execution errors of one instance, newest first");
        group.MapPost("/{id:guid}/resume", Resume).WithName("ResumeWorkflow").WithSummary("Resume a suspended instance");
        group.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelWorkflow").WithSummary("Terminate an instance that has not finished");
        group.MapPost("/definitions/{definitionId}/instances", Start).WithName("StartWorkflow")
            .WithSummary("Start an instance of a loaded definition (latest version unless one is named) for a subject; sla-approval reads its " +
                "subject from the stored version, which must be in approval with no running instance (409 otherwise)");
        api.MapGroup("/workflows").WithTags("Workflow operations").RequireAuthorization(Policies.Reader)
            .MapGet("/{id:guid}/journal", JournalOf).WithName("GetWorkflowJournal")
            .WithSummary("The instance's timeline: every step's start and end, tasks with who answered what, moves, reminders and errors");
        return api;
    }

    private static async Task<Ok<List<WorkflowDefinitionDto>>> Definitions(WorkflowOperations operations, CancellationToken cancellationToken) =>
        TypedResults.Ok((await operations.DefinitionsAsync(cancellationToken))
            .Select(d => new WorkflowDefinitionDto(d.Id, d.Version, d.Hash.Trim(), d.SourceFile, d.LoadedAt)).ToList());

    private static async Task<Results<Ok<PageDto<WorkflowInstanceDto>>, ValidationProblem>> Instances(WorkflowOperations operations, string? definition,
        string? status, bool? faulted, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        WorkflowStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["status"] = [$"Status '{status}' is not one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}."],
                });
            wanted = parsed;
        }
        var result = await operations.InstancesAsync(new InstanceQuery(definition, wanted, faulted ?? false, PageRequest.Of(page, pageSize)),
            cancellationToken);
        return TypedResults.Ok(new PageDto<WorkflowInstanceDto>(result.Items.Select(WorkflowInstanceDto.From).ToList(), result.PageNumber,
            result.PageSize, result.Total));
    }

    private static async Task<Ok<List<ExecutionErrorDto>>> Errors(Guid id, WorkflowOperations operations, CancellationToken cancellationToken) =>
        TypedResults.Ok((await operations.ErrorsAsync(id, cancellationToken)).Select(e => new ExecutionErrorDto(e.ErrorTime, e.ExecutionPointerId, e.Message)).ToList());

    private static async Task<Results<Ok<WorkflowInstanceStatusDto>, InterventionFailure>> Resume(Guid id, WorkflowInterventions interventions,
        HttpContext context, CancellationToken cancellationToken) =>
        Answer(context, id, await interventions.ResumeAsync(id, context.User.UserName(), cancellationToken));

    private static async Task<Results<Ok<WorkflowInstanceStatusDto>, InterventionFailure>> Cancel(Guid id, WorkflowInterventions interventions,
        HttpContext context, CancellationToken cancellationToken) =>
        Answer(context, id, await interventions.CancelAsync(id, context.User.UserName(), cancellationToken));

    private static async Task<Results<Created<StartedWorkflowDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>>> Start(
        string definitionId, StartWorkflowRequest request, WorkflowInterventions interventions, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await interventions.StartAsync(context.User.UserName(), definitionId, request, cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Created($"/api/v1/workflows/{result.Value}/journal", new StartedWorkflowDto(result.Value!))
            : CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
    }

    private static async Task<Results<Ok<Journal>, NotFoundProblem>> JournalOf(Guid id, WorkflowJournal journal, CancellationToken cancellationToken) =>
        await journal.ReadAsync(id, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : new NotFoundProblem($"No workflow instance has id {id}.");

    private static Results<Ok<WorkflowInstanceStatusDto>, InterventionFailure> Answer(HttpContext context, Guid id, CommandResult<WorkflowStatus> result) =>
        result.Status == CommandStatus.Ok
            ? TypedResults.Ok(new WorkflowInstanceStatusDto(id, result.Value.ToString()))
            : InterventionFailure.For(context, result);
}
