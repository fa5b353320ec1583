using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Incidents;
using SlaGovernance.Domain.Incidents;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Web.Features.Tokens;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Incidents;

public sealed record ServiceSettingsBody
{
    /// <summary>The service owner (a user name): told when an update is overdue.</summary>
    public string? Owner { get; init; }

    /// <summary>Each channel (customers, legal, executives): its communication owner (a user name) and the addresses its updates go to.</summary>
    public IReadOnlyDictionary<string, ServiceChannel>? Channels { get; init; }

    /// <summary>Where simulations send their updates instead of the real lists.</summary>
    public IReadOnlyList<string>? TestRecipients { get; init; }

    /// <summary>The recovery playbook: steps and compensatory actions, each with its owner and its hours after resolution.</summary>
    public RecoveryPlaybook? Playbook { get; init; }
}

public sealed record IncidentBody
{
    public string? Title { get; init; }

    /// <summary>The affected services, as agreements' objectives name them.</summary>
    public IReadOnlyList<string>? Services { get; init; }

    /// <summary>SEV1 to SEV4: the technical severity (it does not make an incident major).</summary>
    public string? Severity { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? DetectedAt { get; init; }
    public DateTimeOffset? MitigatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The business impact, matched against workflows/incident-criteria.vN.json.</summary>
    public IncidentImpact? Impact { get; init; }

    /// <summary>A game day (on creation only): updates go to the services' test lists; no customer, Legal or executive list is written to.</summary>
    public bool? Simulation { get; init; }

    public IncidentInput ToInput() => new(Title, Services, Severity, StartedAt, DetectedAt, MitigatedAt, ResolvedAt, Impact, Simulation ?? false);
}

public sealed record DeclareBody
{
    /// <summary>The incident commander (a user name).</summary>
    public string? Commander { get; init; }

    /// <summary>Why it is major, in a sentence the executives read.</summary>
    public string? Reason { get; init; }
}

public sealed record UpdateBody
{
    /// <summary>customers, legal or executives.</summary>
    public string? Channel { get; init; }
    public string? Body { get; init; }
}

public sealed record ActionDoneBody
{
    public string? Note { get; init; }
}

public sealed record ServiceDto(string Name, int Agreements, bool Configured, string? Owner, IReadOnlyDictionary<string, ServiceChannel> Channels,
    IReadOnlyList<string> TestRecipients, RecoveryPlaybook Playbook, int? PlaybookVersion, string? UpdatedBy, DateTimeOffset? UpdatedAt)
{
    public static ServiceDto From(IncidentService s) => new(s.Name, s.Agreements, s.IsConfigured, s.Settings?.Owner, s.Channels, s.TestRecipients, s.Playbook,
        s.Settings?.PlaybookVersion, s.Settings?.UpdatedBy, s.Settings?.UpdatedAt);
}

public sealed record ChannelDto(string Channel, string Label, string Owner, IReadOnlyList<string> Recipients, int EveryMinutes, int RemindBeforeMinutes,
    DateTimeOffset NextDueAt, DateTimeOffset? LastUpdateAt, bool Overdue);

public sealed record UpdateDto(Guid Id, string Channel, string Body, IReadOnlyList<string> Recipients, string PostedBy, DateTimeOffset PostedAt)
{
    public static UpdateDto From(IncidentUpdateRow u) => new(u.Id, u.Channel, u.Body,
        System.Text.Json.JsonSerializer.Deserialize<List<string>>(u.Recipients, System.Text.Json.JsonSerializerOptions.Web) ?? [], u.PostedBy, u.PostedAt);
}

public sealed record TimelineDto(DateTimeOffset At, string What, string By);

public sealed record ActionDto(Guid Id, string Kind, string Title, string Owner, DateTimeOffset DueAt, DateTimeOffset? CompletedAt, string? CompletedBy, string? Note)
{
    public static ActionDto From(IncidentActionRow a) => new(a.Id, a.Kind, a.Title, a.Owner, a.DueAt, a.CompletedAt, a.CompletedBy, a.Note);
}

public sealed record IncidentTaskDto(Guid Id, string StepId, string Title, string? Role, Guid? AssigneeUserId, string Status, DateTimeOffset DueAt, string? CompletedBy,
    DateTimeOffset? CompletedAt, string? Outcome);

public sealed record IncidentDto(Guid Id, string Reference, string Title, IReadOnlyList<string> Services, string Severity, string Status, string StatusLabel,
    DateTimeOffset StartedAt, DateTimeOffset? DetectedAt, DateTimeOffset? MitigatedAt, DateTimeOffset? ResolvedAt, IncidentImpact Impact, int CriteriaVersion,
    IReadOnlyList<MatchedCriterion> MatchedCriteria, bool Major, bool Simulation, string? DeclaredBy, DateTimeOffset? DeclaredAt, string? DeclarationReason, string? Commander,
    string Source, string SourceId, string? SourceUrl, IReadOnlyList<AffectedAgreement> Agreements, IReadOnlyList<ChannelDto> Channels,
    IReadOnlyList<UpdateDto> Updates, IReadOnlyList<TimelineDto> Timeline, IReadOnlyList<ActionDto> Actions, IReadOnlyList<IncidentTaskDto> Tasks, int Revision)
{
    public static IncidentDto From(IncidentView v, DateTimeOffset now)
    {
        var i = v.Incident;
        return new(i.Id, v.Reference, i.Title, v.Services, i.Severity, i.Status, IncidentStatus.Label(i.Status), i.StartedAt, i.DetectedAt, i.MitigatedAt,
            i.ResolvedAt, v.Impact, i.CriteriaVersion, v.Matched, i.Major, i.Simulation, i.DeclaredBy, i.DeclaredAt, i.DeclarationReason, i.Commander, i.Source, i.SourceId,
            i.SourceUrl, v.Agreements,
            [.. v.Channels.Select(c => new ChannelDto(c.Channel, IncidentChannels.Label(c.Channel), c.Owner,
                System.Text.Json.JsonSerializer.Deserialize<List<string>>(c.Recipients, System.Text.Json.JsonSerializerOptions.Web) ?? [], c.EveryMinutes,
                c.RemindBeforeMinutes, c.NextDueAt, c.LastUpdateAt, i.ResolvedAt is null && now > c.NextDueAt))],
            [.. v.Updates.Select(UpdateDto.From)], [.. v.Timeline.Select(t => new TimelineDto(t.At, t.What, t.ByWhom))], [.. v.Actions.Select(ActionDto.From)],
            [.. v.Tasks.Select(t => new IncidentTaskDto(t.Id, t.StepId, t.Title, t.AssigneeRole, t.AssigneeUserId, t.Status, t.DueAt, t.CompletedBy, t.CompletedAt, t.Outcome))],
            i.Revision);
    }
}

public sealed record IncidentSummaryDto(Guid Id, string Reference, string Title, IReadOnlyList<string> Services, string Severity, string Status, string StatusLabel,
    bool Major, DateTimeOffset StartedAt, DateTimeOffset? ResolvedAt, string Source)
{
    public static IncidentSummaryDto From(IncidentRow i) => new(i.Id, Incidents.ReferenceOf(i), i.Title, Incidents.ServicesOf(i), i.Severity, i.Status,
        IncidentStatus.Label(i.Status), i.Major, i.StartedAt, i.ResolvedAt, i.Source);
}

public sealed record DeliveryDto(string Outcome, IncidentDto Incident);

/// <summary>Incidents and service recovery (issue 21), registered and mapped together.</summary>
public static class IncidentsFeature
{
    public static WebApplicationBuilder AddIncidents(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IncidentCriteriaCatalogue>();
        services.AddSingleton<IncidentServices>();
        services.AddSingleton<Incidents>();
        services.AddSingleton<IWorkflowAction, MajorIncidentBeginAction>();
        services.AddSingleton<IWorkflowAction, MajorIncidentCadenceAction>();
        services.AddSingleton<IWorkflowAction, MajorIncidentRecoveryAction>();
        services.AddSingleton<SlaGovernance.Data.Events.IDomainEventSubscriber, MajorIncidentsStartTheirWorkflow>();
        services.AddSingleton<IWorkflowSubjectSummary, IncidentTaskSummary>();
        services.AddAttentionSource<IncidentsAttention>();
        return builder;
    }

    public static RouteGroupBuilder MapIncidentsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/incident-services", ListServicesAsync).WithTags("Incidents").WithName("ListIncidentServices")
            .WithSummary("Every service agreements' objectives name, with its owner, channel lists, test list and recovery playbook when an Admin kept them")
            .RequireAuthorization(Policies.Reader);
        api.MapPut("/incident-services/{name}", SaveServiceAsync).WithTags("Incidents").WithName("SaveIncidentService")
            .WithSummary("Keep a service's owner, its channels (customers, legal, executives: owner and addresses), test list and recovery playbook")
            .RequireAuthorization(Policies.Admin);
        api.MapGet("/incidents", ListAsync).WithTags("Incidents").WithName("ListIncidents")
            .WithSummary("Incidents, newest first").RequireAuthorization(Policies.Reader);
        api.MapPost("/incidents", CreateAsync).WithTags("Incidents").WithName("CreateIncident")
            .WithSummary("Record an incident by hand: services, times, severity and business impact").RequireAuthorization(Policies.IncidentManager);
        api.MapPost("/incidents/intake-tokens", IssueIntakeTokenAsync).WithTags("Incidents").WithName("IssueIncidentIntakeToken")
            .WithSummary("Issue a token scoped to incident intake (it reaches the webhook only); the secret is shown once").RequireAuthorization(Policies.Admin);
        api.MapPost("/incidents/webhook", WebhookAsync).WithTags("Incidents").WithName("DeliverIncident")
            .WithSummary("Deliver an incident from a tool (?source=generic, jsm, pagerduty or servicenow): opens it, or updates it by the source's id; " +
                         "the same delivery again changes nothing").RequireAuthorization(Policies.IncidentIntake)
            .Accepts<object>("application/json");
        api.MapGet("/incidents/{id:guid}", GetAsync).WithTags("Incidents").WithName("GetIncident")
            .WithSummary("An incident: times, impact, matched criteria, affected agreements, channels, updates, timeline, recovery tasks")
            .RequireAuthorization(Policies.Reader);
        api.MapPut("/incidents/{id:guid}", UpdateAsync).WithTags("Incidents").WithName("UpdateIncident")
            .WithSummary("Change an incident's facts; a resolution closes the commander's task and opens the recovery playbook").RequireAuthorization(Policies.IncidentManager);
        api.MapPost("/incidents/{id:guid}/declare-major", DeclareAsync).WithTags("Incidents").WithName("DeclareMajorIncident")
            .WithSummary("Declare the incident major (a matched business-impact criterion is required) with its commander; starts workflows/major-incident.json")
            .RequireAuthorization(Policies.IncidentManager);
        api.MapPost("/incidents/{id:guid}/updates", PostUpdateAsync).WithTags("Incidents").WithName("PostIncidentUpdate")
            .WithSummary("Send an update on a channel to its list (the channel's owner, the commander or an incident manager)").RequireAuthorization(Policies.Reader);
        api.MapPost("/incidents/{id:guid}/actions/{actionId:guid}/complete", CompleteActionAsync).WithTags("Incidents").WithName("CompleteIncidentAction")
            .WithSummary("Mark a recovery step or compensatory action done (its owner or an incident manager)").RequireAuthorization(Policies.Reader);
        return api;
    }

    private static async Task<Ok<List<ServiceDto>>> ListServicesAsync(IncidentServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok((await services.ListAsync(cancellationToken)).Select(ServiceDto.From).ToList());

    private static async Task<Results<Ok<ServiceDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>>> SaveServiceAsync(string name,
        ServiceSettingsBody body, IncidentServices services, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await services.SaveAsync(context.User.UserName(), name, new ServiceSettingsInput(body.Owner, body.Channels, body.TestRecipients, body.Playbook),
            cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Ok(ServiceDto.From(result.Value!))
            : CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
    }

    private static async Task<Ok<List<IncidentSummaryDto>>> ListAsync(IncidentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(IncidentSummaryDto.From).ToList());

    private static async Task<Results<Created<IncidentDto>, CommandFailure<ValidationProblem>>> CreateAsync(IncidentBody body, Incidents incidents,
        TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await incidents.CreateAsync(context.User.UserName(), body.ToInput(), cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Created($"/api/v1/incidents/{result.Value!.Incident.Id}", IncidentDto.From(result.Value, time.GetUtcNow()))
            : CommandFailure<ValidationProblem>.For(context, result);
    }

    private static async Task<Results<Ok<IncidentDto>, NotFoundProblem>> GetAsync(Guid id, Incidents incidents, TimeProvider time, CancellationToken cancellationToken) =>
        await incidents.ViewAsync(id, cancellationToken) is { } view ? TypedResults.Ok(IncidentDto.From(view, time.GetUtcNow())) : new NotFoundProblem($"No incident has id {id}.");

    private static async Task<Results<Ok<IncidentDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>>> UpdateAsync(Guid id, IncidentBody body,
        Incidents incidents, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await incidents.UpdateAsync(context.User.UserName(), id, body.ToInput(), cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Ok(IncidentDto.From(result.Value!, time.GetUtcNow()))
            : CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
    }

    private static async Task<Results<Ok<IncidentDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>>> DeclareAsync(Guid id, DeclareBody body,
        Incidents incidents, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await incidents.DeclareAsync(context.User.UserName(), id, body.Commander, body.Reason, cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Ok(IncidentDto.From(result.Value!, time.GetUtcNow()))
            : CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
    }

    private static async Task<Results<Created<UpdateDto>, CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem>>> PostUpdateAsync(Guid id,
        UpdateBody body, Incidents incidents, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await incidents.PostUpdateAsync(context.User.UserName(), context.User.Roles(), id, body.Channel, body.Body, cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Created($"/api/v1/incidents/{id}", UpdateDto.From(result.Value!))
            : CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem>.For(context, result);
    }

    private static async Task<Results<Ok<ActionDto>, CommandFailure<NotFoundProblem, ForbiddenProblem, ConflictProblem>>> CompleteActionAsync(Guid id, Guid actionId,
        ActionDoneBody body, Incidents incidents, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await incidents.CompleteActionAsync(context.User.UserName(), context.User.Roles(), id, actionId, body.Note, cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Ok(ActionDto.From(result.Value!))
            : CommandFailure<NotFoundProblem, ForbiddenProblem, ConflictProblem>.For(context, result);
    }

    private static async Task<Results<Created<IssuedTokenDto>, CommandFailure<ValidationProblem>>> IssueIntakeTokenAsync(IssueTokenRequest request, ApiTokens tokens,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await tokens.IssueAsync(context.User.UserId()!.Value, context.User.UserName(), request.Name, request.ExpiresAt,
            cancellationToken: cancellationToken, scope: ApiTokenScopes.IncidentIntake);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem>.For(context, result);
        return TypedResults.Created($"/api/v1/tokens/{result.Value!.Token.Id}", new IssuedTokenDto(TokenDto.From(result.Value.Token), result.Value.Secret));
    }

    private static async Task<Results<Created<DeliveryDto>, Ok<DeliveryDto>, CommandFailure<ValidationProblem>>> WebhookAsync(string? source, Incidents incidents,
        TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > IncidentIntake.MaxPayloadBytes)
            return CommandFailure<ValidationProblem>.For(context, CommandResult<DeliveryDto>.Invalid("$",
                $"The payload has {buffer.Length:N0} bytes; a delivery may have at most {IncidentIntake.MaxPayloadBytes:N0}."));
        var (delivery, errors) = IncidentIntake.Read(source, buffer.ToArray());
        if (delivery is null)
            return CommandFailure<ValidationProblem>.For(context, CommandResult<DeliveryDto>.Invalid(errors));
        var result = await incidents.ReceiveAsync(context.User.UserName(), delivery, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem>.For(context, result);
        var (view, outcome) = result.Value;
        var dto = new DeliveryDto(outcome.ToString().ToLowerInvariant(), IncidentDto.From(view, time.GetUtcNow()));
        return outcome == DeliveryOutcome.Created ? TypedResults.Created($"/api/v1/incidents/{view.Incident.Id}", dto) : TypedResults.Ok(dto);
    }
}
