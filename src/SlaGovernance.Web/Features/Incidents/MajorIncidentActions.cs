using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Incidents;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Incidents;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;
using Microsoft.Extensions.Options;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Incidents;

/// <summary>What workflows/major-incident.json reads of a major incident, and what its tasks and emails name.</summary>
[StartsDefinition(Incidents.Definition)]
public sealed record IncidentFields(
    string Reference,
    string Title,
    string Services,
    string Severity,
    string Impact,
    string Matched,
    string Commander,
    bool LegalNeeded,
    bool Resolved,
    DateTimeOffset NextCheckAt) : SubjectFields;

/// <summary>The incident a step of workflows/major-incident.json acts on, checked to be in the hands of the instance.</summary>
internal static class IncidentOfStep
{
    public static async Task<IncidentRow> GetAsync(IncidentStore incidents, WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(context.Subject.Id);
        var incident = await incidents.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"No incident has id {id}.");
        if (incident.WorkflowId is { } owner && owner != Guid.Parse(context.WorkflowId))
            throw new InvalidOperationException($"Workflow {context.WorkflowId} cannot act on incident {id}: workflow {owner} runs it. Cancel this instance.");
        return incident;
    }

    public static void Set<T>(WorkflowSubject subject, string name, T value) => subject.Fields[name] = JsonSerializer.SerializeToElement(value);
}

/// <summary>An incident just declared major gets its workflow (once: one already started under the incident's reference is linked instead).</summary>
public sealed class MajorIncidentsStartTheirWorkflow(IncidentStore incidents, IncidentCriteriaCatalogue criteria, RenewalCycleStore references,
    IWorkflowHost workflows) : DomainEventSubscriber<MajorIncidentDeclared>
{
    public static string Reference(Guid incidentId) => $"incident/{incidentId}";

    protected override async Task HandleAsync(MajorIncidentDeclared declared, CancellationToken cancellationToken)
    {
        var id = declared.IncidentId;
        var incident = await incidents.GetAsync(id, cancellationToken);
        if (incident is null || incident.WorkflowId is not null)
            return;
        var workflowId = await references.WorkflowByReferenceAsync(Reference(id), cancellationToken);
        if (workflowId is null)
        {
            var matched = criteria.Version(incident.CriteriaVersion).Match(Incidents.ImpactOf(incident));
            var subject = new WorkflowSubject
            {
                Type = Incidents.SubjectType, Id = id.ToString(), RequestedBy = declared.Commander,
                Fields = new IncidentFields(Incidents.ReferenceOf(incident), incident.Title, string.Join(", ", Incidents.ServicesOf(incident)),
                    IncidentSeverity.Label(incident.Severity), Incidents.ImpactOf(incident).Describe(), string.Join("; ", matched.Select(m => $"{m.Label} ({m.Why})")),
                    declared.Commander, matched.Any(m => m.BringsInLegal), incident.ResolvedAt is not null, incident.DeclaredAt ?? DateTimeOffset.UnixEpoch).ToFields(),
            };
            workflowId = Guid.Parse(await workflows.StartWorkflow(Incidents.Definition, null, subject, Reference(id)));
        }
        await incidents.SetWorkflowAsync(id, workflowId.Value, cancellationToken);
    }
}

/// <summary>
/// major-incident-begin: opens the incident's channels once, each with its communication owner and list from the affected services (the
/// first service kept names the owners; the lists are joined) and its cadence from the criteria version the incident was assessed under;
/// tells each owner what they own. A replay finds the channels opened and sends nothing again.
/// </summary>
public sealed class MajorIncidentBeginAction(Database database, IncidentStore incidents, IncidentServices services, IncidentCriteriaCatalogue criteria,
    UserStore users, EmailOutbox outbox, IOptions<EmailOptions> email, AuditLog audit, TimeProvider time) : IWorkflowAction
{
    public string Name => "major-incident-begin";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var incident = await IncidentOfStep.GetAsync(incidents, context, cancellationToken);
        var reference = Incidents.ReferenceOf(incident);
        var kept = new List<IncidentService>();
        foreach (var name in Incidents.ServicesOf(incident))
            if (await services.GetAsync(name, cancellationToken) is { IsConfigured: true } service)
                kept.Add(service);
        if (kept.Count == 0)
            throw new InvalidOperationException($"No affected service of {reference} has its channels kept; an Admin keeps them on the Services page.");
        var declaredAt = incident.DeclaredAt ?? time.GetUtcNow();
        var set = criteria.Version(incident.CriteriaVersion);
        var channels = IncidentChannels.All.Select(channel =>
        {
            var cadence = set.CadenceOf(channel);
            // A simulation writes to the test lists only, whatever the channel: nothing of a game day reaches customers, Legal or executives.
            var recipients = kept.SelectMany(s => incident.Simulation ? s.TestRecipients : s.Channels.GetValueOrDefault(channel)?.Recipients ?? [])
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return new IncidentChannelRow
            {
                IncidentId = incident.Id, Channel = channel, Owner = kept[0].Channels[channel].Owner!, Recipients = JsonSerializer.Serialize(recipients, JsonSerializerOptions.Web),
                EveryMinutes = cadence.EveryMinutes, RemindBeforeMinutes = cadence.RemindBeforeMinutes, NextDueAt = declaredAt.AddMinutes(cadence.EveryMinutes),
            };
        }).ToList();
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await incidents.OpenChannelsAsync(unit, channels, cancellationToken))
            return;
        foreach (var channel in channels)
        {
            var label = IncidentChannels.Label(channel.Channel).ToLowerInvariant();
            if (await users.FindByUserNameAsync(channel.Owner, cancellationToken) is { IsActive: true, Email.Length: > 0 } owner)
                await outbox.EnqueueAsync(unit, $"incident/{incident.Id}/channel/{channel.Channel}/owner", [new EmailAddress(owner.Email!, owner.DisplayName)],
                    $"{(incident.Simulation ? "[Simulation] " : "")}You own the {label} updates of major incident {reference}: {incident.Title}",
                    $"{reference} '{incident.Title}' was declared major by {incident.DeclaredBy}: {incident.DeclarationReason}\nYou send its {label} updates, " +
                    $"every {channel.EveryMinutes} minutes; the first is due by {channel.NextDueAt:yyyy-MM-dd HH:mm} UTC. You are reminded " +
                    $"{channel.RemindBeforeMinutes} minutes before each one, and the commander {incident.Commander} is told when one is late. " +
                    $"Post each update on the incident's page; it goes to the {label} list.\n\n{email.Value.PublicBaseUrl}/incidents/{incident.Id}", cancellationToken: cancellationToken);
        }
        var text = "Channels opened: " + string.Join("; ", channels.Select(c =>
            $"{IncidentChannels.Label(c.Channel)} by {c.Owner} every {c.EveryMinutes} min, first due {c.NextDueAt:HH:mm} UTC"));
        await incidents.AppendTimelineAsync(unit, incident.Id, time.GetUtcNow(), text, ApprovalDecisions.WorkflowActor, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "incident.channels-opened", Incidents.SubjectType, incident.Id.ToString(), text),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// major-incident-cadence: for each channel, a reminder to its owner once the update is due within the channel's reminder time, and an
/// escalation to the commander, the owner and the service owner once it is overdue; each once per due instant (a replay finds the mark).
/// Sets 'resolved' and 'nextCheckAt' (the next reminder or due instant, at most five minutes on) for the loop's timer.
/// </summary>
public sealed class MajorIncidentCadenceAction(Database database, IncidentStore incidents, IncidentServices services, UserStore users, EmailOutbox outbox,
    IOptions<EmailOptions> email, AuditLog audit, TimeProvider time) : IWorkflowAction
{
    public static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(5);

    public string Name => "major-incident-cadence";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var incident = await IncidentOfStep.GetAsync(incidents, context, cancellationToken);
        var now = time.GetUtcNow();
        IncidentOfStep.Set(context.Subject, "resolved", incident.ResolvedAt is not null);
        var next = now + LongestSleep;
        if (incident.ResolvedAt is not null)
        {
            IncidentOfStep.Set(context.Subject, "nextCheckAt", now);
            return;
        }
        var reference = Incidents.ReferenceOf(incident);
        foreach (var channel in await incidents.ChannelsAsync(incident.Id, cancellationToken))
        {
            var due = channel.NextDueAt;
            var remindAt = due.AddMinutes(-channel.RemindBeforeMinutes);
            var label = IncidentChannels.Label(channel.Channel).ToLowerInvariant();
            if (now >= remindAt && now < due && channel.RemindedFor != due)
                await RemindAsync(incident, reference, channel, label, now, cancellationToken);
            else if (now >= due && channel.EscalatedFor != due)
                await EscalateAsync(incident, reference, channel, label, now, cancellationToken);
            foreach (var upcoming in new[] { remindAt, due }.Where(t => t > now))
                if (upcoming < next)
                    next = upcoming;
        }
        IncidentOfStep.Set(context.Subject, "nextCheckAt", next);
    }

    private async Task RemindAsync(IncidentRow incident, string reference, IncidentChannelRow channel, string label, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await incidents.MarkRemindedAsync(unit, incident.Id, channel.Channel, channel.NextDueAt, cancellationToken))
            return;
        if (await users.FindByUserNameAsync(channel.Owner, cancellationToken) is { IsActive: true, Email.Length: > 0 } owner)
            await outbox.EnqueueAsync(unit, $"incident-reminder/{incident.Id}/{channel.Channel}/{channel.NextDueAt.UtcTicks}",
                [new EmailAddress(owner.Email!, owner.DisplayName)],
                $"Reminder: the {label} update of {reference} is due at {channel.NextDueAt:HH:mm} UTC ({incident.Title})",
                $"The next {label} update of major incident {reference} '{incident.Title}' is due by {channel.NextDueAt:yyyy-MM-dd HH:mm} UTC " +
                $"(every {channel.EveryMinutes} minutes). Post it on the incident's page; it goes to the {label} list. If it is late, the commander " +
                $"{incident.Commander} is told.\n\n{email.Value.PublicBaseUrl}/incidents/{incident.Id}", cancellationToken: cancellationToken);
        await incidents.AppendTimelineAsync(unit, incident.Id, now, $"Reminder to {channel.Owner}: the {label} update is due at {channel.NextDueAt:HH:mm} UTC",
            ApprovalDecisions.WorkflowActor, cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }

    private async Task EscalateAsync(IncidentRow incident, string reference, IncidentChannelRow channel, string label, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var people = new List<string> { incident.Commander ?? "", channel.Owner };
        foreach (var name in Incidents.ServicesOf(incident))
            if ((await services.GetAsync(name, cancellationToken))?.Settings?.Owner is { } serviceOwner)
                people.Add(serviceOwner);
        var to = new List<EmailAddress>();
        foreach (var person in people.Where(p => p.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
            if (await users.FindByUserNameAsync(person, cancellationToken) is { IsActive: true, Email.Length: > 0 } user)
                to.Add(new EmailAddress(user.Email!, user.DisplayName));
        var late = Incidents.Minutes(now - channel.NextDueAt);
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await incidents.MarkEscalatedAsync(unit, incident.Id, channel.Channel, channel.NextDueAt, cancellationToken))
            return;
        if (to.Count > 0)
            await outbox.EnqueueAsync(unit, $"incident-overdue/{incident.Id}/{channel.Channel}/{channel.NextDueAt.UtcTicks}", to,
                $"Overdue: the {label} update of {reference} was due at {channel.NextDueAt:HH:mm} UTC ({incident.Title})",
                $"The {label} update of major incident {reference} '{incident.Title}' was due by {channel.NextDueAt:yyyy-MM-dd HH:mm} UTC and has not " +
                $"been sent ({late} late). {channel.Owner} owns it; the commander {incident.Commander} decides who sends it now. " +
                $"{(channel.LastUpdateAt is { } last ? $"The last {label} update went out at {last:HH:mm} UTC." : $"No {label} update has gone out yet.")}" +
                $"\n\n{email.Value.PublicBaseUrl}/incidents/{incident.Id}", cancellationToken: cancellationToken);
        var text = $"Escalated: the {label} update due at {channel.NextDueAt:HH:mm} UTC is overdue; told {string.Join(", ", to.Select(t => t.Name ?? t.Address))}";
        await incidents.AppendTimelineAsync(unit, incident.Id, now, text, ApprovalDecisions.WorkflowActor, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "incident.update-overdue", Incidents.SubjectType, incident.Id.ToString(), text),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// major-incident-recovery: once resolved, each affected service's recovery playbook (its version at resolution) becomes recovery tasks: its
/// steps and its compensatory actions, each with its owner, due its hours after the resolution, each owner told; kept once by key.
/// </summary>
public sealed class MajorIncidentRecoveryAction(Database database, IncidentStore incidents, IncidentServices services, UserStore users, EmailOutbox outbox,
    IOptions<EmailOptions> email, AuditLog audit, TimeProvider time) : IWorkflowAction
{
    public const string Step = "recovery-step";
    public const string Compensation = "compensation";

    public string Name => "major-incident-recovery";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var incident = await IncidentOfStep.GetAsync(incidents, context, cancellationToken);
        var resolvedAt = incident.ResolvedAt ?? throw new InvalidOperationException($"{Incidents.ReferenceOf(incident)} is not resolved yet; the step is tried again.");
        var reference = Incidents.ReferenceOf(incident);
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        var opened = new List<string>();
        foreach (var name in Incidents.ServicesOf(incident))
        {
            if (await services.GetAsync(name, cancellationToken) is not { Settings: { } settings } service)
                continue;
            var playbook = service.Playbook;
            foreach (var (items, kind) in new[] { (playbook.StepList, Step), (playbook.CompensationList, Compensation) })
            {
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    var action = new IncidentActionRow
                    {
                        Id = Guid.CreateVersion7(now), IncidentId = incident.Id, ActionKey = $"{name}/v{settings.PlaybookVersion}/{kind}/{i}", Kind = kind,
                        Title = $"{item.Title} ({name})", Owner = item.Owner!, DueAt = resolvedAt.AddHours(item.DueInHours ?? 24),
                    };
                    if (!await incidents.AddActionAsync(unit, action, cancellationToken))
                        continue;
                    opened.Add(action.Title);
                    if (await users.FindByUserNameAsync(action.Owner, cancellationToken) is { IsActive: true, Email.Length: > 0 } owner)
                        await outbox.EnqueueAsync(unit, $"incident-action/{incident.Id}/{action.ActionKey}", [new EmailAddress(owner.Email!, owner.DisplayName)],
                            $"{(kind == Step ? "Recovery step" : "Compensatory action")} for {reference}: {action.Title}, due {action.DueAt:yyyy-MM-dd HH:mm} UTC",
                            $"{reference} '{incident.Title}' was resolved at {resolvedAt:yyyy-MM-dd HH:mm} UTC. The recovery playbook of {name} (version " +
                            $"{settings.PlaybookVersion}) gives you: {action.Title}, due by {action.DueAt:yyyy-MM-dd HH:mm} UTC. Mark it done on the incident's page." +
                            $"\n\n{email.Value.PublicBaseUrl}/incidents/{incident.Id}", cancellationToken: cancellationToken);
                }
            }
        }
        if (opened.Count > 0)
        {
            var text = $"Recovery playbook opened {opened.Count} task(s): {string.Join("; ", opened)}";
            await incidents.AppendTimelineAsync(unit, incident.Id, now, text, ApprovalDecisions.WorkflowActor, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "incident.recovery-opened", Incidents.SubjectType, incident.Id.ToString(), text),
                cancellationToken);
        }
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>Task lines naming a major incident: its reference and title, the services, the impact and the commander.</summary>
public sealed class IncidentTaskSummary(IncidentStore incidents) : IWorkflowSubjectSummary
{
    public string SubjectType => Incidents.SubjectType;

    public async Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subject.Id, out var id) || await incidents.GetAsync(id, cancellationToken) is not { } incident)
            return null;
        return string.Join(" · ", new[]
        {
            $"{Incidents.ReferenceOf(incident)} {incident.Title}", string.Join(", ", Incidents.ServicesOf(incident)), $"impact: {Incidents.ImpactOf(incident).Describe()}",
            incident.Commander is null ? null : $"commander {incident.Commander}",
            incident.ResolvedAt is { } resolved ? $"resolved {resolved:yyyy-MM-dd HH:mm} UTC" : $"{IncidentStatus.Label(incident.Status).ToLowerInvariant()} since {incident.StartedAt:yyyy-MM-dd HH:mm} UTC",
        }.Where(p => p is not null));
    }
}
