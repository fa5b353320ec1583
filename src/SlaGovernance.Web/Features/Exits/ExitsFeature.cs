using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Exits;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Exits;

public sealed record StartExitBody
{
    /// <summary>Why the exit starts (required), such as the service moving in-house.</summary>
    public string? Reason { get; init; }
}

public sealed record DataReceivedBody
{
    /// <summary>How the data came back (a transfer, a disk), for the audit trail and the checklist.</summary>
    public string? Note { get; init; }
}

public sealed record ExitPlanBody
{
    public string? Owner { get; init; }
    public string? Strategy { get; init; }
    public string? StrategyNotes { get; init; }
    public IReadOnlyList<DataInventoryItem>? DataInventory { get; init; }
    public int? TransitionDays { get; init; }
    public IReadOnlyList<KeyPerson>? KeyPeople { get; init; }
    public decimal? EstimatedCost { get; init; }
    public int? EstimatedDurationDays { get; init; }
}

public sealed record ReplacementBody
{
    /// <summary>The agreement that takes over the service; null or absent unlinks the replacement.</summary>
    public Guid? ReplacementAgreementId { get; init; }
}

/// <summary>The replacing agreement and how its term covers the one exited: the days both run, or the gap with neither in force.</summary>
public sealed record ReplacementDto(Guid AgreementId, string Title, string Status, DateOnly TermStart, DateOnly TermEnd, int OverlapDays, int GapDays,
    bool GapInCover, string Cover);

public sealed record ExitTaskDto(Guid Id, string StepId, string Title, string? Role, string Status, DateTimeOffset DueAt, string? CompletedBy,
    DateTimeOffset? CompletedAt, string? Outcome, string? Comment);

public sealed record ExitTriggerDto(string Kind, string Why, string By, DateTimeOffset At);

public sealed record ExitDto(Guid AgreementId, string AgreementTitle, string? VendorName, string Status, string StatusLabel, DateOnly EndsOn,
    string StartedBy, DateTimeOffset StartedAt, Guid? WorkflowId, bool CertificateRequired, Guid? DataRequestId, Guid? CertificateRequestId,
    DateTimeOffset? DataReceivedAt, string? DataReceivedBy, DateTimeOffset? CompletedAt, bool HasChecklist, IReadOnlyList<ExitTriggerDto> Triggers,
    IReadOnlyList<ExitTaskDto> Tasks, ReplacementDto? Replacement, Guid? NoticeRequestId = null, DateTimeOffset? NoticeAcknowledgedAt = null,
    string? NoticeAcknowledgedBy = null, TransitionWindowDto? TransitionWindow = null)
{
    public static ExitDto From(ExitView view)
    {
        var e = view.Exit;
        return new(e.AgreementId, view.Agreement.Title, view.VendorName, e.Status, ExitStatus.Label(e.Status), e.EndsOn, e.StartedBy, e.StartedAt, e.WorkflowId,
            e.CertificateRequired, e.DataRequestId, e.CertificateRequestId, e.DataReceivedAt, e.DataReceivedBy, e.CompletedAt, e.Checklist is not null,
            [.. view.Triggers.Select(t => new ExitTriggerDto(t.Kind, t.Why, t.TriggeredBy, t.TriggeredAt))],
            [.. view.Tasks.Select(t => new ExitTaskDto(t.Id, t.StepId, t.Title, t.AssigneeRole, t.Status, t.DueAt, t.CompletedBy, t.CompletedAt, t.Outcome, t.Comment))],
            view.Replacement is { } r && view.Cover is { } cover
                ? new ReplacementDto(r.Id, r.Title, r.Status, r.TermStart, r.TermEnd, cover.OverlapDays, cover.GapDays, cover.HasGap, cover.Describe())
                : null,
            e.NoticeRequestId, e.NoticeAcknowledgedAt, e.NoticeAcknowledgedBy,
            view.Transition is { } w && view.Today is { } today ? new TransitionWindowDto(w.StartsOn, w.EndsOn, w.Days, w.DaysLeft(today), w.Describe(today)) : null);
    }
}

/// <summary>The transition assistance window after the agreement's end: its first and last day, its length, the days still to come.</summary>
public sealed record TransitionWindowDto(DateOnly StartsOn, DateOnly EndsOn, int Days, int DaysLeft, string Description);

/// <param name="ApprovalStatus">Pending, Approved or Rejected by the Governance board for a critical vendor's plan; null when none is needed.</param>
public sealed record ExitPlanDto(Guid AgreementId, int Version, string Owner, string Strategy, string StrategyLabel, string? StrategyNotes,
    IReadOnlyList<DataInventoryItem> DataInventory, int TransitionDays, IReadOnlyList<KeyPerson> KeyPeople, decimal EstimatedCost, string Currency,
    int EstimatedDurationDays, string CreatedBy, DateTimeOffset CreatedAt, string? ApprovalStatus, string ApprovalLabel, DateTimeOffset? ApprovalDecidedAt)
{
    public static ExitPlanDto From(ExitPlanRow p) => new(p.AgreementId, p.Version, p.Owner, p.Strategy, ExitStrategies.Label(p.Strategy), p.StrategyNotes,
        p.Inventory, p.TransitionDays, p.People, p.EstimatedCost, p.Currency, p.EstimatedDurationDays, p.CreatedBy, p.CreatedAt, p.ApprovalStatus,
        ExitPlanApprovalStatus.Label(p.ApprovalStatus), p.ApprovalDecidedAt);
}

/// <summary>Exit plans and exit execution (issue 19), registered and mapped together.</summary>
public static class ExitsFeature
{
    public static WebApplicationBuilder AddExits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<Exits>();
        services.AddSingleton<IExitPlanningHook>(p => p.GetRequiredService<Exits>());
        services.AddSingleton<ExitPlans>();
        services.Configure<ExitPlanOptions>(builder.Configuration.GetSection(ExitPlanOptions.Section));
        services.AddSingleton<ExitPlanRequirement>();
        services.AddSingleton<ExitPlanRegister>();
        services.AddSingleton<SlaGovernance.Data.Events.IDomainEventSubscriber, ExitPlanApproval>();
        services.AddSingleton<IWorkflowSubjectStatus, ExitPlanApprovalStatuses>();
        services.AddSingleton<IWorkflowSubjectSummary, ExitPlanTaskSummary>();
        services.AddSingleton<IWorkflowAction, ExitPlanCheckAction>();
        services.AddSingleton<IWorkflowAction, RenewalExitPlanCheckAction>();
        services.AddSingleton<IWorkflowAction, ExitBeginAction>();
        services.AddSingleton<IWorkflowAction, ExitAskAcknowledgementAction>();
        services.AddSingleton<IWorkflowAction, ExitCompleteAction>();
        services.AddSingleton<SlaGovernance.Data.Events.IDomainEventSubscriber, ExitsStartTheirWorkflow>();
        services.AddSingleton<SlaGovernance.Data.Events.IDomainEventSubscriber, ExitsFollowVendorAnswers>();
        services.AddSingleton<IWorkflowSubjectSummary, ExitTaskSummary>();
        services.Configure<ExitReadinessOptions>(builder.Configuration.GetSection(ExitReadinessOptions.Section));
        services.AddSingleton<ExitReadinessTests>();
        services.AddHostedService<ExitReadinessSweep>();
        services.AddSingleton<IWorkflowAction, ExitReadinessRequestAction>();
        services.AddSingleton<IWorkflowAction, ExitReadinessRemindAction>();
        services.AddSingleton<IWorkflowAction, ExitReadinessOutcomeAction>();
        services.AddSingleton<SlaGovernance.Data.Events.IDomainEventSubscriber, ExitReadinessFollowsVendorAnswers>();
        services.AddSingleton<IWorkflowSubjectSummary, ExitReadinessTaskSummary>();
        services.AddAttentionSource<ExitReadinessAttention>();
        return builder;
    }

    public static RouteGroupBuilder MapExitsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/agreements/{id:guid}/exit", StartAsync).WithTags("Exits").WithName("StartExit")
            .WithSummary("Start the agreement's exit by hand (workflows/exit.json), or join the running one (200); the renewal and its tasks are cancelled")
            .RequireAuthorization(Policies.Drafter);
        api.MapGet("/agreements/{id:guid}/exit", GetAsync).WithTags("Exits").WithName("GetExit")
            .WithSummary("The agreement's exit: what started it, the vendor requests, the data received, each task with who and when")
            .RequireAuthorization(Policies.Reader);
        api.MapPost("/agreements/{id:guid}/exit/data-received", DataReceivedAsync).WithTags("Exits").WithName("RecordExitDataReceived")
            .WithSummary("Staff record that the vendor's data came back (raises 'exit.data-received'); the vendor does so by answering its data request with files")
            .RequireAuthorization(Policies.Drafter);
        api.MapPost("/agreements/{id:guid}/exit/notice-acknowledged", NoticeAcknowledgedAsync).WithTags("Exits").WithName("RecordExitNoticeAcknowledged")
            .WithSummary("Staff record that the vendor acknowledged the exit notice another way, such as a signed letter (raises 'exit.notice-acknowledged'); " +
                "the vendor does so by answering its acknowledgement request").RequireAuthorization(Policies.Drafter);
        api.MapPut("/agreements/{id:guid}/exit/replacement", ReplacementAsync).WithTags("Exits").WithName("LinkExitReplacement")
            .WithSummary("Name the agreement that replaces the one being exited (null unlinks it); the exit shows the overlap of the terms or the gap in cover")
            .RequireAuthorization(Policies.Drafter);
        api.MapGet("/agreements/{id:guid}/exit/checklist", ChecklistAsync).WithTags("Exits").WithName("GetExitChecklist")
            .WithSummary("The exit checklist kept when the exit ended (.docx: each item, who, when, evidence)").RequireAuthorization(Policies.Reader)
            .ProducesFile(SlaGovernance.Documents.Exits.ExitChecklist.ContentType);
        api.MapGet("/agreements/{id:guid}/exit-plans", PlansAsync).WithTags("Exits").WithName("ListExitPlans")
            .WithSummary("Every version of the agreement's exit plan, newest first").RequireAuthorization(Policies.Reader);
        api.MapPost("/agreements/{id:guid}/exit-plans", SavePlanAsync).WithTags("Exits").WithName("SaveExitPlan")
            .WithSummary("Save the exit plan as its next version: strategy, data inventory, transition days (as the exit terms give them), key people, " +
                "cost and duration, owned by a vendor manager").RequireAuthorization(Policies.Drafter);
        ExitPlanRegister.MapExitPlanRegisterApi(api);
        return api.MapExitReadinessApi();
    }

    private static async Task<Results<Created<ExitDto>, Ok<ExitDto>, CommandFailure<ValidationProblem, NotFoundProblem>>> StartAsync(Guid id, StartExitBody body,
        Exits exits, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await exits.StartByHandAsync(context.User.UserName(), id, body.Reason, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem>.For(context, result);
        var dto = ExitDto.From(result.Value.View);
        return result.Value.Started ? TypedResults.Created($"/api/v1/agreements/{id}/exit", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<ExitDto>, NotFoundProblem>> GetAsync(Guid id, Exits exits, CancellationToken cancellationToken) =>
        await exits.ViewAsync(id, cancellationToken) is { } view ? TypedResults.Ok(ExitDto.From(view)) : new NotFoundProblem($"Agreement {id} has no exit.");

    private static async Task<Results<Ok<ExitDto>, CommandFailure<NotFoundProblem, ConflictProblem>>> DataReceivedAsync(Guid id, DataReceivedBody body,
        Exits exits, HttpContext context, CancellationToken cancellationToken)
    {
        var note = body.Note?.Trim() is { Length: > 0 and <= Exits.MaxReason } given ? given : "recorded by staff";
        var result = await exits.RecordDataReceivedAsync(id, context.User.UserName(), note, cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Ok(ExitDto.From(result.Value!)) : CommandFailure<NotFoundProblem, ConflictProblem>.For(context, result);
    }

    private static async Task<Results<Ok<ExitDto>, CommandFailure<NotFoundProblem, ConflictProblem>>> NoticeAcknowledgedAsync(Guid id, DataReceivedBody body,
        Exits exits, HttpContext context, CancellationToken cancellationToken)
    {
        var note = body.Note?.Trim() is { Length: > 0 and <= Exits.MaxReason } given ? given : "recorded by staff";
        var result = await exits.RecordNoticeAcknowledgedAsync(id, context.User.UserName(), note, cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Ok(ExitDto.From(result.Value!)) : CommandFailure<NotFoundProblem, ConflictProblem>.For(context, result);
    }

    private static async Task<Results<Ok<ExitDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>>> ReplacementAsync(Guid id,
        ReplacementBody body, Exits exits, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await exits.LinkReplacementAsync(context.User.UserName(), id, body.ReplacementAgreementId, cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(ExitDto.From(result.Value!))
            : CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
    }

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> ChecklistAsync(Guid id, ExitStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { Checklist: { } checklist }
            ? TypedResults.File(checklist, SlaGovernance.Documents.Exits.ExitChecklist.ContentType, "exit-checklist.docx")
            : new NotFoundProblem($"Agreement {id} has no exit checklist; it is kept when the exit ends.");

    private static async Task<Ok<List<ExitPlanDto>>> PlansAsync(Guid id, ExitStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.PlansAsync(id, cancellationToken)).Select(ExitPlanDto.From).ToList());

    private static async Task<Results<Created<ExitPlanDto>, CommandFailure<ValidationProblem, NotFoundProblem>>> SavePlanAsync(Guid id, ExitPlanBody body,
        ExitPlans plans, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await plans.SaveAsync(context.User.UserName(), id, new ExitPlanInput(body.Owner, body.Strategy, body.StrategyNotes, body.DataInventory,
            body.TransitionDays, body.KeyPeople, body.EstimatedCost, body.EstimatedDurationDays), cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Created($"/api/v1/agreements/{id}/exit-plans", ExitPlanDto.From(result.Value!))
            : CommandFailure<ValidationProblem, NotFoundProblem>.For(context, result);
    }
}
