using System.Globalization;
using SlaGovernance.Domain.Events;
using SlaGovernance.Domain.Lifecycles;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Incidents;

/// <summary>Where an incident stands: open until mitigated, then resolved; its times say when.</summary>
public static class IncidentStatus
{
    public const string Open = "Open";
    public const string Mitigated = "Mitigated";
    public const string Resolved = "Resolved";

    public static readonly Lifecycle Lifecycle = new Lifecycle("incident")
        .State(Open, "Open")
        .State(Mitigated, "Mitigated", Open)
        .State(Resolved, "Resolved", Open, Mitigated);

    public static string Label(string? status) => Lifecycle.Label(status);

    /// <summary>The status the incident's times give it.</summary>
    public static string Of(DateTimeOffset? mitigatedAt, DateTimeOffset? resolvedAt) =>
        resolvedAt is not null ? Resolved : mitigatedAt is not null ? Mitigated : Open;
}

/// <summary>The technical severity, as the tools send it; it does not make an incident major (business impact does).</summary>
public static class IncidentSeverity
{
    public static readonly IReadOnlyList<string> All = ["SEV1", "SEV2", "SEV3", "SEV4"];

    public static bool IsKnown(string? severity) => severity is not null && All.Contains(severity, StringComparer.Ordinal);

    public static string Label(string severity) => severity switch
    {
        "SEV1" => "SEV1 (critical)",
        "SEV2" => "SEV2 (high)",
        "SEV3" => "SEV3 (medium)",
        _ => "SEV4 (low)",
    };
}

/// <summary>Who is kept informed during a major incident, each through its own list and cadence.</summary>
public static class IncidentChannels
{
    public const string Customers = "customers";
    public const string Legal = "legal";
    public const string Executives = "executives";

    public static readonly IReadOnlyList<string> All = [Customers, Legal, Executives];

    public static bool IsKnown(string? channel) => channel is not null && All.Contains(channel, StringComparer.Ordinal);

    public static string Label(string channel) => channel switch
    {
        Customers => "Customers",
        Legal => "Legal",
        Executives => "Executives",
        _ => channel,
    };
}

/// <summary>Where an incident came from: entered here, or delivered by a tool's webhook.</summary>
public static class IncidentSources
{
    public const string Manual = "manual";
    public const string Generic = "generic";
    public const string JiraServiceManagement = "jsm";
    public const string PagerDuty = "pagerduty";
    public const string ServiceNow = "servicenow";

    public static readonly IReadOnlyList<string> Webhooks = [Generic, JiraServiceManagement, PagerDuty, ServiceNow];

    public static string Label(string source) => source switch
    {
        Manual => "entered here",
        Generic => "webhook",
        JiraServiceManagement => "Jira Service Management",
        PagerDuty => "PagerDuty",
        ServiceNow => "ServiceNow",
        _ => source,
    };
}

/// <summary>The business impact of an incident as assessed: what the major-incident criteria are matched against.</summary>
public sealed record IncidentImpact(
    int? CustomersAffected = null,
    IReadOnlyList<string>? Segments = null,
    decimal? RevenueAtRiskPerHour = null,
    bool DataExposure = false,
    bool RegulatoryExposure = false,
    IReadOnlyList<string>? CriticalJourneys = null)
{
    public static readonly IncidentImpact None = new();

    public IReadOnlyList<string> SegmentList => Segments ?? [];

    public IReadOnlyList<string> JourneyList => CriticalJourneys ?? [];

    /// <summary>The impact as people read it, one clause per part assessed.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (CustomersAffected is { } customers)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{customers:N0} customers affected"));
        if (SegmentList.Count > 0)
            parts.Add($"segments: {string.Join(", ", SegmentList)}");
        if (RevenueAtRiskPerHour is { } revenue)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{revenue:N0} revenue at risk per hour"));
        if (DataExposure)
            parts.Add("data exposed");
        if (RegulatoryExposure)
            parts.Add("regulatory exposure");
        if (JourneyList.Count > 0)
            parts.Add($"critical journeys: {string.Join(", ", JourneyList)}");
        return parts.Count == 0 ? "not assessed yet" : string.Join("; ", parts);
    }
}

/// <summary>A criterion of workflows/incident-criteria.vN.json that an impact matched, with why.</summary>
public sealed record MatchedCriterion(string Id, string Label, string Why, bool BringsInLegal);

/// <summary>One business-impact criterion: the impact field it reads and the threshold, list or flag that makes it match.</summary>
public sealed record IncidentCriterion(string Id, string Label, string Field, decimal? AtLeast = null, IReadOnlyList<string>? AnyOf = null,
    bool? IsTrue = null, bool BringsInLegal = false)
{
    public const string CustomersAffected = "customersAffected";
    public const string Segments = "segments";
    public const string RevenueAtRiskPerHour = "revenueAtRiskPerHour";
    public const string DataExposure = "dataExposure";
    public const string RegulatoryExposure = "regulatoryExposure";
    public const string CriticalJourneys = "criticalJourneys";

    public static readonly IReadOnlyList<string> Fields = [CustomersAffected, Segments, RevenueAtRiskPerHour, DataExposure, RegulatoryExposure, CriticalJourneys];

    public MatchedCriterion? Match(IncidentImpact impact)
    {
        string? why = Field switch
        {
            CustomersAffected when impact.CustomersAffected is { } n && n >= AtLeast =>
                string.Create(CultureInfo.InvariantCulture, $"{n:N0} customers affected, at least {AtLeast:N0}"),
            RevenueAtRiskPerHour when impact.RevenueAtRiskPerHour is { } r && r >= AtLeast =>
                string.Create(CultureInfo.InvariantCulture, $"{r:N0} revenue at risk per hour, at least {AtLeast:N0}"),
            Segments when Overlap(impact.SegmentList) is { Count: > 0 } hit => $"segments affected: {string.Join(", ", hit)}",
            CriticalJourneys when Overlap(impact.JourneyList) is { Count: > 0 } hit => $"critical journeys affected: {string.Join(", ", hit)}",
            DataExposure when impact.DataExposure => "data was exposed",
            RegulatoryExposure when impact.RegulatoryExposure => "a regulator may have to be told",
            _ => null,
        };
        return why is null ? null : new MatchedCriterion(Id, Label, why, BringsInLegal);
    }

    private List<string> Overlap(IReadOnlyList<string> given) =>
        AnyOf is null ? [.. given] : [.. given.Where(g => AnyOf.Contains(g, StringComparer.OrdinalIgnoreCase))];
}

/// <summary>How often a channel is updated during a major incident, and how long before an update is due its owner is reminded.</summary>
public sealed record ChannelCadence(int EveryMinutes, int RemindBeforeMinutes);

/// <summary>
/// The major-incident criteria as data (workflows/incident-criteria.vN.json): the business-impact criteria and each channel's update
/// cadence. Checked at start-up; an incident keeps the version it was assessed under.
/// </summary>
public sealed record IncidentCriteriaSet(string Id, int Version, IReadOnlyList<IncidentCriterion> Criteria,
    IReadOnlyDictionary<string, ChannelCadence> Cadence)
{
    public IReadOnlyList<MatchedCriterion> Match(IncidentImpact impact) =>
        [.. Criteria.Select(c => c.Match(impact)).OfType<MatchedCriterion>()];

    public ChannelCadence CadenceOf(string channel) => Cadence.TryGetValue(channel, out var cadence) ? cadence : new ChannelCadence(60, 10);

    /// <summary>What is wrong with the file, each at its JSON path; empty when it can be used.</summary>
    public IReadOnlyList<(string Path, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (Version < 1)
            problems.Add(("$.version", "The version must be 1 or more."));
        if (Criteria.Count == 0)
            problems.Add(("$.criteria", "Name at least one criterion; without one no incident can be declared major."));
        for (var i = 0; i < Criteria.Count; i++)
        {
            var c = Criteria[i];
            var at = $"$.criteria[{i}]";
            if (string.IsNullOrWhiteSpace(c.Id) || string.IsNullOrWhiteSpace(c.Label))
                problems.Add((at, "Each criterion has an id and a label people read."));
            if (!IncidentCriterion.Fields.Contains(c.Field, StringComparer.Ordinal))
                problems.Add(($"{at}.field", $"'{c.Field}' is not an impact field; use one of {string.Join(", ", IncidentCriterion.Fields)}."));
            else if (c.Field is IncidentCriterion.CustomersAffected or IncidentCriterion.RevenueAtRiskPerHour && c.AtLeast is not > 0)
                problems.Add(($"{at}.atLeast", $"'{c.Field}' matches from a threshold: give atLeast above 0."));
            else if (c.Field is IncidentCriterion.DataExposure or IncidentCriterion.RegulatoryExposure && c.IsTrue is not true)
                problems.Add(($"{at}.isTrue", $"'{c.Field}' is a flag: give isTrue: true."));
        }
        foreach (var clash in Criteria.GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add(("$.criteria", $"The criterion id '{clash.Key}' is used twice."));
        foreach (var channel in IncidentChannels.All)
        {
            if (!Cadence.TryGetValue(channel, out var cadence))
                problems.Add(("$.cadence", $"Give the '{channel}' channel its cadence."));
            else if (cadence.EveryMinutes < 5 || cadence.RemindBeforeMinutes < 1 || cadence.RemindBeforeMinutes >= cadence.EveryMinutes)
                problems.Add(($"$.cadence.{channel}", "everyMinutes is at least 5 and remindBeforeMinutes between 1 and less than everyMinutes."));
        }
        return problems;
    }
}

/// <summary>An incident as entered or delivered, before it is checked.</summary>
public sealed record IncidentInput(
    string? Title,
    IReadOnlyList<string>? Services,
    string? Severity,
    DateTimeOffset? StartedAt,
    DateTimeOffset? DetectedAt,
    DateTimeOffset? MitigatedAt,
    DateTimeOffset? ResolvedAt,
    IncidentImpact? Impact,
    bool Simulation = false);

public static class IncidentRules
{
    public const int MaxTitle = 300;

    /// <summary>
    /// The rules every incident keeps however it arrives: a title, at least one service that agreements' objectives name, a known
    /// severity, and times in order (detected, mitigated and resolved not before the start; resolved not before mitigated; none in the future).
    /// </summary>
    public static ValidationErrors Validate(IncidentInput input, IReadOnlyCollection<string> knownServices, DateTimeOffset now,
        Func<string, string>? pathOf = null)
    {
        var path = pathOf ?? (f => f);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.Title))
            errors.Add(path("title"), "Give the incident a title that says what is wrong, e.g. 'Checkout fails with 502'.");
        else if (input.Title.Trim().Length > MaxTitle)
            errors.Add(path("title"), $"The title may be at most {MaxTitle} characters (it has {input.Title.Trim().Length}).");
        var services = input.Services ?? [];
        if (services.Count == 0)
            errors.Add(path("services"), "Name at least one affected service, as agreements' objectives name it.");
        for (var i = 0; i < services.Count; i++)
        {
            if (!knownServices.Contains(services[i], StringComparer.Ordinal))
                errors.Add(path($"services[{i}]"), $"'{services[i]}' is not a service any agreement's objectives name; known services: " +
                    (knownServices.Count == 0 ? "none yet" : string.Join(", ", knownServices.Order(StringComparer.Ordinal))) + ".");
        }
        if (!IncidentSeverity.IsKnown(input.Severity))
            errors.Add(path("severity"), $"'{input.Severity}' is not a severity; use one of {string.Join(", ", IncidentSeverity.All)}.");
        if (input.StartedAt is not { } started)
            errors.Add(path("startedAt"), "Say when the incident started (UTC, ISO 8601).");
        else
        {
            if (started > now)
                errors.Add(path("startedAt"), $"The start {started:u} is in the future.");
            foreach (var (field, value, what) in new[] { ("detectedAt", input.DetectedAt, "detection"), ("mitigatedAt", input.MitigatedAt, "mitigation"),
                         ("resolvedAt", input.ResolvedAt, "resolution") })
            {
                if (value is { } at && at < started)
                    errors.Add(path(field), $"The {what} {at:u} comes before the start {started:u}; an incident is {what switch
                    {
                        "detection" => "detected",
                        "mitigation" => "mitigated",
                        _ => "resolved",
                    }} after it starts.");
                else if (value is { } future && future > now)
                    errors.Add(path(field), $"The {what} {future:u} is in the future.");
            }
        }
        if (input.MitigatedAt is { } mitigated && input.ResolvedAt is { } resolved && resolved < mitigated)
            errors.Add(path("resolvedAt"), $"The resolution {resolved:u} comes before the mitigation {mitigated:u}.");
        if (input.Impact is { } impact)
        {
            if (impact.CustomersAffected is < 0)
                errors.Add(path("impact.customersAffected"), "The number of customers affected cannot be negative.");
            if (impact.RevenueAtRiskPerHour is < 0)
                errors.Add(path("impact.revenueAtRiskPerHour"), "The revenue at risk per hour cannot be negative.");
        }
        return errors;
    }
}

/// <summary>An incident was declared major: its workflow (workflows/major-incident.json) starts from this after commit.</summary>
public sealed record MajorIncidentDeclared(Guid IncidentId, string Commander) : IDomainEvent
{
    public static string Type => "incident.declared-major";
    public string SubjectId => IncidentId.ToString();
}

/// <summary>One channel of a service: who owns its updates during a major incident, and the addresses each update goes to.</summary>
public sealed record ServiceChannel(string? Owner, IReadOnlyList<string>? Recipients);

/// <summary>A step of a service's recovery playbook or a compensatory action: what, who, and within how many hours of resolution.</summary>
public sealed record PlaybookItem(string? Title, string? Owner, int? DueInHours);

/// <summary>What is done once an incident on the service is resolved: recovery steps, and compensatory actions for affected customers.</summary>
public sealed record RecoveryPlaybook(IReadOnlyList<PlaybookItem>? Steps, IReadOnlyList<PlaybookItem>? Compensations)
{
    public static readonly RecoveryPlaybook Empty = new([], []);

    public IReadOnlyList<PlaybookItem> StepList => Steps ?? [];

    public IReadOnlyList<PlaybookItem> CompensationList => Compensations ?? [];
}

/// <summary>What an Admin keeps per service: its owner, each channel, a test list for simulations, and its recovery playbook.</summary>
public sealed record ServiceSettingsInput(string? Owner, IReadOnlyDictionary<string, ServiceChannel>? Channels, IReadOnlyList<string>? TestRecipients,
    RecoveryPlaybook? Playbook)
{
    public const int MaxDueInHours = 24 * 90;

    /// <summary>
    /// Every channel (customers, legal, executives) has an owner and at least one valid address, the test list at least one; each playbook
    /// item a title, an owner and a due time of 1 hour to 90 days. Whether the named people exist is checked by <paramref name="isUser"/>.
    /// </summary>
    public ValidationErrors Validate(Func<string, bool> isUser)
    {
        var errors = new ValidationErrors();
        void Person(string field, string? name, string what)
        {
            if (string.IsNullOrWhiteSpace(name))
                errors.Add(field, $"Name the {what} (a user name).");
            else if (!isUser(name))
                errors.Add(field, $"No active user is named '{name}'; the {what} must be someone who can sign in.");
        }
        void Addresses(string field, IReadOnlyList<string>? list, string what)
        {
            if (list is not { Count: > 0 })
                errors.Add(field, $"Give at least one email address for {what}.");
            for (var i = 0; i < (list?.Count ?? 0); i++)
                if (!EmailAddress.IsValid(list![i]))
                    errors.Add($"{field}[{i}]", $"'{list[i]}' is not an email address.");
        }
        Person("owner", Owner, "service owner");
        foreach (var unknown in (Channels?.Keys ?? []).Where(k => !IncidentChannels.IsKnown(k)))
            errors.Add($"channels.{unknown}", $"'{unknown}' is not a channel; use {string.Join(", ", IncidentChannels.All)}.");
        foreach (var channel in IncidentChannels.All)
        {
            if (Channels?.GetValueOrDefault(channel) is not { } given)
            {
                errors.Add($"channels.{channel}", $"Give the {IncidentChannels.Label(channel).ToLowerInvariant()} channel its owner and list.");
                continue;
            }
            Person($"channels.{channel}.owner", given.Owner, $"owner of the {IncidentChannels.Label(channel).ToLowerInvariant()} updates");
            Addresses($"channels.{channel}.recipients", given.Recipients, $"the {IncidentChannels.Label(channel).ToLowerInvariant()} channel");
        }
        Addresses("testRecipients", TestRecipients, "the test list that simulations write to");
        foreach (var (items, field) in new[] { (Playbook?.StepList ?? [], "playbook.steps"), (Playbook?.CompensationList ?? [], "playbook.compensations") })
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(items[i].Title))
                    errors.Add($"{field}[{i}].title", "Say what is to be done.");
                Person($"{field}[{i}].owner", items[i].Owner, "owner of this playbook item");
                if (items[i].DueInHours is not (>= 1 and <= MaxDueInHours))
                    errors.Add($"{field}[{i}].dueInHours", $"Due within 1 to {MaxDueInHours} hours of resolution (given: {items[i].DueInHours?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}).");
            }
        }
        return errors;
    }
}
