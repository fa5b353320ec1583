using System.Globalization;
using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Incidents;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Incidents;
using SlaGovernance.Domain.Validation;
using EmailAddress = SlaGovernance.Notifications.EmailAddress;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Incidents;

/// <summary>An incident with what its page shows: impact, matched criteria, affected agreements, channels, updates, timeline, tasks.</summary>
public sealed record IncidentView(IncidentRow Incident, IReadOnlyList<string> Services, IncidentImpact Impact, IReadOnlyList<MatchedCriterion> Matched,
    IReadOnlyList<AffectedAgreement> Agreements, IReadOnlyList<IncidentChannelRow> Channels, IReadOnlyList<IncidentUpdateRow> Updates,
    IReadOnlyList<IncidentTimelineRow> Timeline, IReadOnlyList<IncidentActionRow> Actions, IReadOnlyList<TaskRow> Tasks)
{
    public string Reference => Incidents.ReferenceOf(Incident);
}

/// <summary>What a webhook delivery did: opened an incident, updated it, or changed nothing (the same delivery again).</summary>
public enum DeliveryOutcome
{
    Created,
    Updated,
    Unchanged,
}

/// <summary>
/// Incidents: entered by hand or delivered by a tool (one per source and source id), checked against the rules every incident keeps,
/// assessed against the major-incident criteria, declared major by a person, updated per channel, resolved. A refused command writes nothing.
/// </summary>
public sealed class Incidents(Database database, IncidentStore store, IncidentServices services, IncidentCriteriaCatalogue criteria, UserStore users,
    DomainEvents events, EmailOutbox outbox, AuditLog audit, TaskStore tasks, TaskClosing closing, TimeProvider time)
{
    public const string SubjectType = "Incident";
    public const string Definition = "major-incident";

    /// <summary>What the commander's task closes with once the incident is resolved.</summary>
    public const string ResolvedOutcome = "resolved";

    public const int MaxText = 4000;

    public static string ReferenceOf(IncidentRow incident) => (incident.Simulation ? "Simulation " : "") + (incident.Source == IncidentSources.Manual
        ? $"INC-{incident.Id.ToString("N")[..8].ToUpperInvariant()}"
        : $"{IncidentSources.Label(incident.Source)} {incident.SourceId}");

    public static IReadOnlyList<string> ServicesOf(IncidentRow incident) =>
        JsonSerializer.Deserialize<List<string>>(incident.Services, JsonSerializerOptions.Web) ?? [];

    public static IncidentImpact ImpactOf(IncidentRow incident) =>
        JsonSerializer.Deserialize<IncidentImpact>(incident.Impact, JsonSerializerOptions.Web) ?? IncidentImpact.None;

    public IReadOnlyList<MatchedCriterion> MatchedOf(IncidentRow incident) => criteria.Version(incident.CriteriaVersion).Match(ImpactOf(incident));

    /// <summary>Who records incidents, declares them major and sends updates on any channel.</summary>
    public static bool MayManage(IEnumerable<string> roles) => roles.Any(r => r is Roles.Admin or Roles.VendorManager or Roles.Procurement);

    public async Task<CommandResult<IncidentView>> CreateAsync(string actor, IncidentInput input, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var errors = IncidentRules.Validate(input, await services.KnownAsync(cancellationToken), now);
        if (!errors.IsValid)
            return CommandResult<IncidentView>.Invalid(errors);
        var id = Guid.CreateVersion7(now);
        var row = NewRow(id, actor, now, input, IncidentSources.Manual, id.ToString(), null, null);
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            await store.InsertAsync(unit, row, cancellationToken);
            await RecordOpenedAsync(unit, row, actor, "entered here", cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<IncidentView>.Ok((await ViewAsync(id, cancellationToken))!);
    }

    /// <summary>Changes an incident's facts (title, services, severity, times, impact); a resolution closes the commander's task.</summary>
    public async Task<CommandResult<IncidentView>> UpdateAsync(string actor, Guid id, IncidentInput input, CancellationToken cancellationToken = default)
    {
        var incident = await store.GetAsync(id, cancellationToken);
        if (incident is null)
            return CommandResult<IncidentView>.NotFound($"No incident has id {id}.");
        var errors = IncidentRules.Validate(input, await services.KnownAsync(cancellationToken), time.GetUtcNow());
        if (incident.ResolvedAt is not null && input.ResolvedAt is null)
            errors.Add("resolvedAt", $"{ReferenceOf(incident)} was resolved at {incident.ResolvedAt:u}; a resolved incident stays resolved (open a new one if it recurs).");
        if (!errors.IsValid)
            return CommandResult<IncidentView>.Invalid(errors);
        return await ApplyAsync(actor, incident, input, incident.SourceUrl, incident.PayloadSha256, "changed by hand", cancellationToken);
    }

    /// <summary>
    /// A webhook delivery: opens the incident of its source id, or updates it with what the delivery carries (times and impact it leaves
    /// out are kept; a resolution is never taken back); the same payload again changes nothing.
    /// </summary>
    public async Task<CommandResult<(IncidentView View, DeliveryOutcome Outcome)>> ReceiveAsync(string actor, IncidentDelivery delivery,
        CancellationToken cancellationToken = default)
    {
        var existing = await store.BySourceAsync(delivery.Source, delivery.SourceId, cancellationToken);
        if (existing is not null && existing.PayloadSha256 == delivery.PayloadSha256)
            return CommandResult<(IncidentView, DeliveryOutcome)>.Ok(((await ViewAsync(existing.Id, cancellationToken))!, DeliveryOutcome.Unchanged));
        var input = delivery.Input;
        if (existing is not null)
        {
            input = input with
            {
                DetectedAt = input.DetectedAt ?? existing.DetectedAt,
                MitigatedAt = input.MitigatedAt ?? existing.MitigatedAt,
                ResolvedAt = input.ResolvedAt ?? existing.ResolvedAt,
                Impact = input.Impact ?? ImpactOf(existing),
            };
        }
        var errors = IncidentRules.Validate(input, await services.KnownAsync(cancellationToken), time.GetUtcNow(), delivery.PathOf);
        if (!errors.IsValid)
            return CommandResult<(IncidentView, DeliveryOutcome)>.Invalid(errors);
        if (existing is not null)
        {
            var updated = await ApplyAsync(actor, existing, input, delivery.SourceUrl, delivery.PayloadSha256,
                $"updated by a delivery from {IncidentSources.Label(delivery.Source)}", cancellationToken);
            return updated.Status == CommandStatus.Ok
                ? CommandResult<(IncidentView, DeliveryOutcome)>.Ok((updated.Value!, DeliveryOutcome.Updated))
                : new CommandResult<(IncidentView, DeliveryOutcome)>(updated.Status, default, updated.Errors, updated.Message);
        }
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var row = NewRow(id, actor, now, input, delivery.Source, delivery.SourceId, delivery.SourceUrl, delivery.PayloadSha256);
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await store.InsertAsync(unit, row, cancellationToken))
            {
                // Another delivery of the same source id made it at the same moment: this one is applied to it on the next delivery.
                var winner = (await store.BySourceAsync(delivery.Source, delivery.SourceId, cancellationToken))!;
                return CommandResult<(IncidentView, DeliveryOutcome)>.Ok(((await ViewAsync(winner.Id, cancellationToken))!, DeliveryOutcome.Unchanged));
            }
            await RecordOpenedAsync(unit, row, actor, $"delivered by {IncidentSources.Label(delivery.Source)}", cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<(IncidentView, DeliveryOutcome)>.Ok(((await ViewAsync(id, cancellationToken))!, DeliveryOutcome.Created));
    }

    private IncidentRow NewRow(Guid id, string actor, DateTimeOffset now, IncidentInput input, string source, string sourceId, string? url, string? sha) => new()
    {
        Id = id, Title = input.Title!.Trim(), Services = JsonSerializer.Serialize(input.Services, JsonSerializerOptions.Web), Severity = input.Severity!,
        Status = IncidentStatus.Of(input.MitigatedAt, input.ResolvedAt), StartedAt = input.StartedAt!.Value, DetectedAt = input.DetectedAt,
        MitigatedAt = input.MitigatedAt, ResolvedAt = input.ResolvedAt, Impact = JsonSerializer.Serialize(input.Impact ?? IncidentImpact.None, JsonSerializerOptions.Web),
        CriteriaVersion = criteria.Current.Version, Simulation = input.Simulation, Source = source, SourceId = sourceId, SourceUrl = url, PayloadSha256 = sha, CreatedBy = actor,
        CreatedAt = now, UpdatedBy = actor, UpdatedAt = now, Revision = 1,
    };

    private async Task RecordOpenedAsync(UnitOfWork unit, IncidentRow row, string actor, string how, CancellationToken cancellationToken)
    {
        var matched = criteria.Current.Match(ImpactOf(row));
        var text = $"{ReferenceOf(row)} '{row.Title}' {how}: {IncidentSeverity.Label(row.Severity)} on {string.Join(", ", ServicesOf(row))}; " +
                   (matched.Count == 0 ? "no major-incident criterion matches" : $"major-incident criteria matched: {string.Join("; ", matched.Select(m => m.Label))}");
        await store.AppendTimelineAsync(unit, row.Id, row.CreatedAt, text, actor, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "incident.opened", SubjectType, row.Id.ToString(), text), cancellationToken);
    }

    private async Task<CommandResult<IncidentView>> ApplyAsync(string actor, IncidentRow incident, IncidentInput input, string? url, string? sha, string how,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = incident with
        {
            Title = input.Title!.Trim(), Services = JsonSerializer.Serialize(input.Services, JsonSerializerOptions.Web), Severity = input.Severity!,
            Status = IncidentStatus.Of(input.MitigatedAt, input.ResolvedAt), StartedAt = input.StartedAt!.Value, DetectedAt = input.DetectedAt,
            MitigatedAt = input.MitigatedAt, ResolvedAt = input.ResolvedAt,
            Impact = JsonSerializer.Serialize(input.Impact ?? IncidentImpact.None, JsonSerializerOptions.Web), SourceUrl = url, PayloadSha256 = sha,
            UpdatedBy = actor, UpdatedAt = now,
        };
        var what = Differences(incident, changed);
        var resolvedNow = incident.ResolvedAt is null && changed.ResolvedAt is not null;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await store.UpdateAsync(unit, changed, cancellationToken))
                return CommandResult<IncidentView>.Stale((await ViewAsync(incident.Id, cancellationToken))!,
                    $"{ReferenceOf(incident)} changed at the same moment; reload it and make the change again.");
            if (what.Count > 0)
            {
                var text = $"{ReferenceOf(incident)} {how}: {string.Join("; ", what)}";
                await store.AppendTimelineAsync(unit, incident.Id, now, text, actor, cancellationToken);
                await audit.AppendAsync(unit, new AuditRecord(actor, "incident.changed", SubjectType, incident.Id.ToString(), text), cancellationToken);
            }
            await unit.CommitAsync(cancellationToken);
        }
        if (resolvedNow && incident.Major)
            await closing.CloseAsync(SubjectType, incident.Id.ToString(), ResolvedOutcome, actor, cancellationToken);
        return CommandResult<IncidentView>.Ok((await ViewAsync(incident.Id, cancellationToken))!);
    }

    private static List<string> Differences(IncidentRow before, IncidentRow after)
    {
        var what = new List<string>();
        if (before.Title != after.Title)
            what.Add($"title '{after.Title}'");
        if (before.Services != after.Services)
            what.Add($"services {string.Join(", ", ServicesOf(after))}");
        if (before.Severity != after.Severity)
            what.Add($"severity {IncidentSeverity.Label(before.Severity)} → {IncidentSeverity.Label(after.Severity)}");
        foreach (var (name, b, a) in new[] { ("started", (DateTimeOffset?)before.StartedAt, (DateTimeOffset?)after.StartedAt), ("detected", before.DetectedAt, after.DetectedAt),
                     ("mitigated", before.MitigatedAt, after.MitigatedAt), ("resolved", before.ResolvedAt, after.ResolvedAt) })
            if (b != a)
                what.Add(a is null ? $"no longer {name}" : $"{name} {a:yyyy-MM-dd HH:mm} UTC");
        if (before.Impact != after.Impact)
            what.Add($"impact: {ImpactOf(after).Describe()}");
        return what;
    }

    /// <summary>
    /// A person declares the incident major: only when a business-impact criterion matches (severity alone never makes it major), with a
    /// commander who can sign in, and every affected service kept by an Admin (its channel owners and lists); its workflow starts after commit.
    /// </summary>
    public async Task<CommandResult<IncidentView>> DeclareAsync(string actor, Guid id, string? commander, string? reason,
        CancellationToken cancellationToken = default)
    {
        var incident = await store.GetAsync(id, cancellationToken);
        if (incident is null)
            return CommandResult<IncidentView>.NotFound($"No incident has id {id}.");
        var reference = ReferenceOf(incident);
        var errors = new ValidationErrors();
        var matched = MatchedOf(incident);
        if (incident.Major)
            errors.Add("incident", $"{reference} was declared major already, by {incident.DeclaredBy} at {incident.DeclaredAt:u}.");
        else if (incident.ResolvedAt is not null)
            errors.Add("incident", $"{reference} is resolved; a resolved incident is not declared major. Its review follows from the incident page.");
        else if (matched.Count == 0)
            errors.Add("impact", $"No major-incident criterion matches the business impact of {reference} ({ImpactOf(incident).Describe()}); its severity alone " +
                                 "does not make it major. Assess its impact (customers, segments, revenue at risk, data or regulatory exposure, journeys) first.");
        if (string.IsNullOrWhiteSpace(commander))
            errors.Add("commander", "Name the incident commander (a user name).");
        else if (await users.FindByUserNameAsync(commander.Trim(), cancellationToken) is not { IsActive: true })
            errors.Add("commander", $"No active user is named '{commander}'; the commander must be someone who can sign in.");
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
            errors.Add("reason", "Say why the incident is major, in a sentence the executives will read.");
        else if (why.Length > MaxText)
            errors.Add("reason", $"The reason may be at most {MaxText} characters (it has {why.Length}).");
        foreach (var service in ServicesOf(incident))
            if (await services.GetAsync(service, cancellationToken) is not { IsConfigured: true })
                errors.Add("services", $"No owner or channel lists are kept for {service}; an Admin sets them on the Services page before it can be declared major.");
        if (!errors.IsValid)
            return CommandResult<IncidentView>.Invalid(errors);
        var now = time.GetUtcNow();
        var declared = incident with
        {
            Major = true, DeclaredBy = actor, DeclaredAt = now, DeclarationReason = why, Commander = commander!.Trim(), UpdatedBy = actor, UpdatedAt = now,
        };
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await store.UpdateAsync(unit, declared, cancellationToken))
                return CommandResult<IncidentView>.Stale((await ViewAsync(id, cancellationToken))!, $"{reference} changed at the same moment; reload it.");
            var text = $"{reference} declared major by {actor}, commander {declared.Commander}: {why} (criteria matched: " +
                       $"{string.Join("; ", matched.Select(m => $"{m.Label}: {m.Why}"))})";
            await store.AppendTimelineAsync(unit, id, now, text, actor, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(actor, "incident.declared-major", SubjectType, id.ToString(), text), cancellationToken);
            await events.AppendAsync(unit, new MajorIncidentDeclared(id, declared.Commander!), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<IncidentView>.Ok((await ViewAsync(id, cancellationToken))!);
    }

    /// <summary>
    /// An update on one channel of a major incident: recorded and sent through the outbox to the channel's list, by its owner, the commander
    /// or an incident manager; the channel's next update is then due one cadence later.
    /// </summary>
    public async Task<CommandResult<IncidentUpdateRow>> PostUpdateAsync(string actor, IReadOnlyList<string> roles, Guid id, string? channel, string? body,
        CancellationToken cancellationToken = default)
    {
        var incident = await store.GetAsync(id, cancellationToken);
        if (incident is null)
            return CommandResult<IncidentUpdateRow>.NotFound($"No incident has id {id}.");
        var reference = ReferenceOf(incident);
        var channels = await store.ChannelsAsync(id, cancellationToken);
        var errors = new ValidationErrors();
        if (!incident.Major)
            errors.Add("incident", $"{reference} is not a major incident; updates per channel start once it is declared major.");
        else if (channels.Count == 0)
            errors.Add("incident", $"The channels of {reference} are being opened; try again in a moment.");
        var open = channels.FirstOrDefault(c => c.Channel == channel);
        if (!IncidentChannels.IsKnown(channel))
            errors.Add("channel", $"'{channel}' is not a channel; use one of {string.Join(", ", IncidentChannels.All)}.");
        var text = body?.Trim();
        if (string.IsNullOrEmpty(text))
            errors.Add("body", "Write the update: what is affected, what is being done, when the next update comes.");
        else if (text.Length > MaxText)
            errors.Add("body", $"The update may be at most {MaxText} characters (it has {text.Length}).");
        if (!errors.IsValid)
            return CommandResult<IncidentUpdateRow>.Invalid(errors);
        if (open is null)
            return CommandResult<IncidentUpdateRow>.NotFound($"{reference} has no {channel} channel.");
        if (!MayManage(roles) && !string.Equals(actor, open.Owner, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(actor, incident.Commander, StringComparison.OrdinalIgnoreCase))
            return CommandResult<IncidentUpdateRow>.Forbidden($"The {IncidentChannels.Label(open.Channel).ToLowerInvariant()} updates of {reference} are " +
                                                              $"sent by {open.Owner}, the commander {incident.Commander} or an incident manager.");
        var now = time.GetUtcNow();
        var recipients = JsonSerializer.Deserialize<List<string>>(open.Recipients, JsonSerializerOptions.Web) ?? [];
        var update = new IncidentUpdateRow
        {
            Id = Guid.CreateVersion7(now), IncidentId = id, Channel = open.Channel, Body = text!, Recipients = open.Recipients, PostedBy = actor, PostedAt = now,
        };
        var nextDue = incident.ResolvedAt is null ? now.AddMinutes(open.EveryMinutes) : open.NextDueAt;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            await store.InsertUpdateAsync(unit, update, cancellationToken);
            await store.SetChannelDueAsync(unit, id, open.Channel, nextDue, now, cancellationToken);
            await outbox.EnqueueAsync(unit, $"incident-update/{update.Id}", [.. recipients.Select(r => new EmailAddress(r, null))],
                $"{(incident.Simulation ? "[Simulation] " : "")}{(incident.ResolvedAt is null ? "Incident update" : "Incident resolved")}: {incident.Title} ({string.Join(", ", ServicesOf(incident))})",
                $"{text}\n\n— {reference}, update of {now:yyyy-MM-dd HH:mm} UTC" +
                (incident.ResolvedAt is null ? $"; the next update follows by {nextDue:HH:mm} UTC." : "."),
                cancellationToken: cancellationToken);
            var line = $"Update to {IncidentChannels.Label(open.Channel).ToLowerInvariant()} ({recipients.Count} recipient(s)) by {actor}: {Shorten(text!)}";
            await store.AppendTimelineAsync(unit, id, now, line, actor, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(actor, "incident.update-sent", SubjectType, id.ToString(), line), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<IncidentUpdateRow>.Ok(update);
    }

    /// <summary>Marks a recovery step or compensatory action done, by its owner or an incident manager.</summary>
    public async Task<CommandResult<IncidentActionRow>> CompleteActionAsync(string actor, IReadOnlyList<string> roles, Guid id, Guid actionId, string? note,
        CancellationToken cancellationToken = default)
    {
        var action = (await store.ActionsAsync(id, cancellationToken)).FirstOrDefault(a => a.Id == actionId);
        if (action is null)
            return CommandResult<IncidentActionRow>.NotFound($"Incident {id} has no recovery action {actionId}.");
        if (!MayManage(roles) && !string.Equals(actor, action.Owner, StringComparison.OrdinalIgnoreCase))
            return CommandResult<IncidentActionRow>.Forbidden($"'{action.Title}' is {action.Owner}'s to complete, or an incident manager's.");
        if (action.CompletedAt is not null)
            return CommandResult<IncidentActionRow>.Stale(action, $"'{action.Title}' was completed already by {action.CompletedBy} at {action.CompletedAt:u}.");
        var text = note?.Trim() is { Length: > 0 } given ? given[..Math.Min(given.Length, MaxText)] : null;
        var now = time.GetUtcNow();
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await store.CompleteActionAsync(unit, actionId, actor, now, text, cancellationToken))
                return CommandResult<IncidentActionRow>.Stale(action, $"'{action.Title}' was completed at the same moment.");
            await store.AppendTimelineAsync(unit, id, now, $"Done: {action.Title} ({actor}){(text is null ? "" : $": {Shorten(text)}")}", actor, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(actor, "incident.action-completed", SubjectType, id.ToString(), $"{action.Title} done"), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<IncidentActionRow>.Ok((await store.ActionsAsync(id, cancellationToken)).First(a => a.Id == actionId));
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..157] + "…";

    public async Task<IncidentView?> ViewAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var incident = await store.GetAsync(id, cancellationToken);
        if (incident is null)
            return null;
        var affected = ServicesOf(incident);
        return new IncidentView(incident, affected, ImpactOf(incident), MatchedOf(incident), await services.AffectedAsync(affected, cancellationToken),
            await store.ChannelsAsync(id, cancellationToken), await store.UpdatesAsync(id, cancellationToken), await store.TimelineAsync(id, cancellationToken),
            await store.ActionsAsync(id, cancellationToken), incident.WorkflowId is { } workflowId ? await tasks.OfWorkflowAsync(workflowId, cancellationToken) : []);
    }

    public static string Minutes(TimeSpan span) => span.TotalMinutes < 1 ? "under a minute"
        : span.TotalHours < 2 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");
}

/// <summary>A webhook delivery read into an incident: its source and id, the incident's facts, and where each fact sits in the payload.</summary>
public sealed record IncidentDelivery(string Source, string SourceId, string? SourceUrl, string PayloadSha256, IncidentInput Input, Func<string, string> PathOf);
