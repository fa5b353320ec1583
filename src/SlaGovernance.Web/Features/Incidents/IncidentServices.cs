using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Incidents;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Incidents;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Domain.Wording;

namespace SlaGovernance.Web.Features.Incidents;

/// <summary>An objective an incident reaches through the service it covers.</summary>
public sealed record AffectedObjective(string Service, string Metric, decimal Target, string? Segment);

/// <summary>A running agreement an incident reaches, with the objectives of the affected services.</summary>
public sealed record AffectedAgreement(Guid Id, string Title, string Status, IReadOnlyList<AffectedObjective> Objectives);

/// <summary>A service as the incident pages show it: whether an Admin has kept its owner, channels and playbook yet.</summary>
public sealed record IncidentService(string Name, int Agreements, IncidentServiceRow? Settings)
{
    public bool IsConfigured => Settings is not null;

    public IReadOnlyDictionary<string, ServiceChannel> Channels => Settings is null ? new Dictionary<string, ServiceChannel>()
        : JsonSerializer.Deserialize<Dictionary<string, ServiceChannel>>(Settings.Channels, JsonSerializerOptions.Web) ?? [];

    public IReadOnlyList<string> TestRecipients => Settings is null ? [] : JsonSerializer.Deserialize<List<string>>(Settings.TestRecipients, JsonSerializerOptions.Web) ?? [];

    public RecoveryPlaybook Playbook => Settings is null ? RecoveryPlaybook.Empty
        : JsonSerializer.Deserialize<RecoveryPlaybook>(Settings.Playbook, JsonSerializerOptions.Web) ?? RecoveryPlaybook.Empty;
}

/// <summary>
/// Services until a service catalogue exists (issue 21): a service is a name agreements' objectives use, matched exactly as the
/// compliance reports match it; an Admin keeps each one's owner, channel lists, test list and recovery playbook (each save of a changed
/// playbook is its next version).
/// </summary>
public sealed class IncidentServices(Database database, IncidentStore store, UserStore users, AuditLog audit, TimeProvider time)
{
    public const int MaxName = 300;

    /// <summary>Every service name the current versions of agreements' objectives use, in order.</summary>
    public async Task<IReadOnlyList<string>> KnownAsync(CancellationToken cancellationToken = default) =>
        [.. (await ObjectivesAsync(cancellationToken)).SelectMany(a => a.Content.Slos.Select(s => s.Service)).Where(s => !string.IsNullOrWhiteSpace(s))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public async Task<IReadOnlyList<IncidentService>> ListAsync(CancellationToken cancellationToken = default)
    {
        var agreements = await ObjectivesAsync(cancellationToken);
        var settings = (await store.ServicesAsync(cancellationToken)).ToDictionary(s => s.Name, StringComparer.Ordinal);
        return [.. agreements.SelectMany(a => a.Content.Slos.Select(s => (s.Service, a.Row.Id))).Where(p => !string.IsNullOrWhiteSpace(p.Service))
            .GroupBy(p => p.Service, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new IncidentService(g.Key, g.Select(p => p.Id).Distinct().Count(), settings.GetValueOrDefault(g.Key)))];
    }

    public async Task<IncidentService?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(s => s.Name == name);

    /// <summary>The running (signed or active) agreements whose objectives name one of <paramref name="services"/>, with those objectives.</summary>
    public async Task<IReadOnlyList<AffectedAgreement>> AffectedAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken = default) =>
        [.. (await ObjectivesAsync(cancellationToken)).Where(a => AgreementStatus.IsRunning(a.Row.Status))
            .Select(a => new AffectedAgreement(a.Row.Id, a.Row.Title, a.Row.Status, [.. a.Content.Slos.Where(s => services.Contains(s.Service, StringComparer.Ordinal))
                .Select(s => new AffectedObjective(s.Service, s.Metric.Label(), s.Target, s.Segment))]))
            .Where(a => a.Objectives.Count > 0)];

    /// <summary>Saves a service's settings (Admin); a refused save writes nothing.</summary>
    public async Task<CommandResult<IncidentService>> SaveAsync(string actor, string name, ServiceSettingsInput input, CancellationToken cancellationToken = default)
    {
        var service = await GetAsync(name, cancellationToken);
        if (service is null)
            return CommandResult<IncidentService>.NotFound(
                $"No agreement's objectives name the service '{name}'; a service exists once an agreement's objective uses its name.");
        var active = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in new[] { input.Owner }.Concat((input.Channels?.Values ?? []).Select(c => c.Owner))
                     .Concat((input.Playbook?.StepList ?? []).Concat(input.Playbook?.CompensationList ?? []).Select(i => i.Owner)).OfType<string>().Distinct())
            active[person] = await users.FindByUserNameAsync(person, cancellationToken) is { IsActive: true };
        var errors = input.Validate(p => active.GetValueOrDefault(p));
        if (!errors.IsValid)
            return CommandResult<IncidentService>.Invalid(errors);
        var channels = JsonSerializer.Serialize(IncidentChannels.All.ToDictionary(c => c, c => input.Channels![c]), JsonSerializerOptions.Web);
        var tests = JsonSerializer.Serialize(input.TestRecipients, JsonSerializerOptions.Web);
        var playbook = JsonSerializer.Serialize(input.Playbook ?? RecoveryPlaybook.Empty, JsonSerializerOptions.Web);
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        var row = new IncidentServiceRow
        {
            Name = name, Owner = input.Owner!.Trim(), Channels = channels, TestRecipients = tests, Playbook = playbook, UpdatedBy = actor, UpdatedAt = now,
        };
        bool saved;
        if (service.Settings is { } before)
            saved = await store.UpdateServiceAsync(unit, row with
            {
                PlaybookVersion = before.Playbook == playbook ? before.PlaybookVersion : before.PlaybookVersion + 1, Revision = before.Revision,
            }, cancellationToken);
        else
            saved = await store.InsertServiceAsync(unit, row with { PlaybookVersion = 1, Revision = 1 }, cancellationToken);
        if (!saved)
            return CommandResult<IncidentService>.Stale(service, $"The settings of {name} changed at the same moment; reload them and save again.");
        await audit.AppendAsync(unit, new AuditRecord(actor, "incident-service.saved", "IncidentService", name,
            $"Owner {row.Owner}; channels, test list and recovery playbook of {name} saved"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<IncidentService>.Ok((await GetAsync(name, cancellationToken))!);
    }

    private async Task<IReadOnlyList<(AgreementObjectivesRow Row, AgreementContent Content)>> ObjectivesAsync(CancellationToken cancellationToken)
    {
        var list = new List<(AgreementObjectivesRow, AgreementContent)>();
        foreach (var row in await store.CurrentVersionsAsync(cancellationToken))
        {
            AgreementContent content;
            try
            {
                content = AgreementContent.FromJson(row.Content);
            }
            catch (JsonException)
            {
                continue;
            }
            list.Add((row, content));
        }
        return list;
    }
}
