using System.Text.Json;
using System.Text.RegularExpressions;
using SlaGovernance.Domain.Incidents;
using SlaGovernance.Workflows.Definitions;

namespace SlaGovernance.Web.Features.Incidents;

/// <summary>
/// The major-incident criteria, workflows/incident-criteria.vN.json, loaded and checked at start-up beside the workflow definitions: a
/// file that cannot be read stops start-up with its JSON path. The highest version assesses new incidents; an incident keeps its own.
/// </summary>
public sealed partial class IncidentCriteriaCatalogue
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
    private IReadOnlyDictionary<int, IncidentCriteriaSet> _versions = new Dictionary<int, IncidentCriteriaSet>();

    [GeneratedRegex(@"^incident-criteria\.v([0-9]+)\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    public IncidentCriteriaSet Current => _versions.Count == 0
        ? throw new InvalidOperationException("The incident criteria are not loaded; they load at start-up with the workflow definitions.")
        : _versions[_versions.Keys.Max()];

    /// <summary>The version an incident was assessed under, or the current one when that file is gone.</summary>
    public IncidentCriteriaSet Version(int version) => _versions.TryGetValue(version, out var set) ? set : Current;

    public IReadOnlyList<int> Versions => [.. _versions.Keys.Order()];

    public void Load(string folder)
    {
        var problems = new List<DefinitionProblem>();
        var versions = new Dictionary<int, IncidentCriteriaSet>();
        foreach (var path in Directory.GetFiles(folder, "incident-criteria.v*.json").Order(StringComparer.Ordinal))
        {
            var file = "workflows/" + Path.GetFileName(path);
            if (FileName().Match(Path.GetFileName(path)) is not { Success: true } match)
                continue;
            var (set, fileProblems) = Read(file, File.ReadAllText(path));
            problems.AddRange(fileProblems);
            if (set is null)
                continue;
            if (set.Version != int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
                problems.Add(new DefinitionProblem(file, "$.version", $"The file is named for version {match.Groups[1].Value} but declares version {set.Version}."));
            else
                versions[set.Version] = set;
        }
        if (versions.Count == 0 && problems.Count == 0)
            problems.Add(new DefinitionProblem("workflows/incident-criteria.v1.json", "$", "The major-incident criteria file is missing."));
        if (problems.Count > 0)
            throw new WorkflowDefinitionException(problems);
        _versions = versions;
    }

    /// <summary>Reads one criteria file; null with its problems when it cannot be used.</summary>
    public static (IncidentCriteriaSet? Set, IReadOnlyList<DefinitionProblem> Problems) Read(string file, string content)
    {
        CriteriaFile? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<CriteriaFile>(content, Json);
        }
        catch (JsonException e)
        {
            return (null, [new DefinitionProblem(file, e.Path ?? "$", e.Message)]);
        }
        if (parsed is null || parsed.Id != "incident-criteria")
            return (null, [new DefinitionProblem(file, "$.id", "A criteria file has the id 'incident-criteria'.")]);
        var set = new IncidentCriteriaSet(parsed.Id, parsed.Version, parsed.Criteria ?? [],
            parsed.Cadence ?? new Dictionary<string, ChannelCadence>());
        var problems = set.Problems().Select(p => new DefinitionProblem(file, p.Path, p.Message)).ToList();
        return (problems.Count == 0 ? set : null, problems);
    }

    private sealed record CriteriaFile(string Id, int Version, string? Description, IReadOnlyList<IncidentCriterion>? Criteria,
        IReadOnlyDictionary<string, ChannelCadence>? Cadence);
}
