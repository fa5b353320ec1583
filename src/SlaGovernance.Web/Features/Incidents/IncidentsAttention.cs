using SlaGovernance.Data.Incidents;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Incidents;
using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Features.Incidents;

/// <summary>Incidents not yet resolved, major ones first with their next update due, for those who record, declare and update them.</summary>
public sealed class IncidentsAttention(IncidentStore incidents, TimeProvider time) : IAttentionSource
{
    public AttentionSection Section { get; } = new("incidents-open", "Incidents in progress", 12,
        "No incident is in progress. Tools deliver incidents to the incident webhook; the incidents page lists every one.");

    public bool AppliesTo(AttentionViewer viewer) => Roles.IncidentManagers.Any(viewer.IsIn);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var items = new List<AttentionItem>();
        foreach (var incident in (await incidents.ListAsync(cancellationToken)).Where(i => i.ResolvedAt is null).OrderByDescending(i => i.Major).ThenBy(i => i.StartedAt).Take(50))
        {
            var title = $"{Incidents.ReferenceOf(incident)} · {incident.Title}";
            var detail = $"{IncidentSeverity.Label(incident.Severity)} on {string.Join(", ", Incidents.ServicesOf(incident))}; {IncidentStatus.Label(incident.Status).ToLowerInvariant()} " +
                         $"since {incident.StartedAt:yyyy-MM-dd HH:mm} UTC; impact: {Incidents.ImpactOf(incident).Describe()}.";
            if (!incident.Major)
            {
                items.Add(new AttentionItem("incident", title, null, false, $"/incidents/{incident.Id}",
                    "Assess its business impact; declare it major if a criterion matches.", detail));
                continue;
            }
            var next = (await incidents.ChannelsAsync(incident.Id, cancellationToken)).OrderBy(c => c.NextDueAt).FirstOrDefault();
            items.Add(new AttentionItem("major-incident", title, next?.NextDueAt, next is not null && now > next.NextDueAt, $"/incidents/{incident.Id}",
                next is null ? $"{incident.Commander} commands it; its channels are opening."
                    : $"{incident.Commander} commands it; the next {IncidentChannels.Label(next.Channel).ToLowerInvariant()} update is {next.Owner}'s.", detail));
        }
        return items;
    }
}
