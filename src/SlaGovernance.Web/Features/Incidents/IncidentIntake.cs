using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using SlaGovernance.Domain.Incidents;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Web.Features.Incidents;

/// <summary>
/// Reads a webhook delivery into an incident: the documented generic shape, or the incident payloads of Jira Service Management, PagerDuty
/// (v3 webhooks) and ServiceNow, as the README maps them. Whatever is wrong is named at its JSON path in the delivery.
/// </summary>
public static partial class IncidentIntake
{
    public const int MaxPayloadBytes = 1024 * 1024;

    public static (IncidentDelivery? Delivery, ValidationErrors Errors) Read(string? source, byte[] payload)
    {
        var errors = new ValidationErrors();
        var kind = string.IsNullOrWhiteSpace(source) ? IncidentSources.Generic : source.Trim().ToLowerInvariant();
        if (!IncidentSources.Webhooks.Contains(kind, StringComparer.Ordinal))
        {
            errors.Add("source", $"'{source}' is not a source this webhook reads; use one of {string.Join(", ", IncidentSources.Webhooks)} (generic when absent).");
            return (null, errors);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            errors.Add("$", $"The payload is not JSON: {e.Message}");
            return (null, errors);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("$", "The payload is a JSON object.");
                return (null, errors);
            }
            var reader = new PayloadReader(document.RootElement, errors);
            var sha = Convert.ToHexStringLower(SHA256.HashData(payload));
            var delivery = kind switch
            {
                IncidentSources.JiraServiceManagement => Jira(reader, sha),
                IncidentSources.PagerDuty => PagerDuty(reader, sha),
                IncidentSources.ServiceNow => ServiceNow(reader, sha),
                _ => Generic(reader, sha),
            };
            return errors.IsValid ? (delivery, errors) : (null, errors);
        }
    }

    private static IncidentDelivery? Generic(PayloadReader r, string sha)
    {
        var id = r.Text("id", required: true);
        var services = r.Texts("services");
        IncidentImpact? impact = null;
        if (r.Has("impact"))
            impact = new IncidentImpact(r.Integer("impact.customersAffected"), r.Texts("impact.segments"), r.Number("impact.revenueAtRiskPerHour"),
                r.Flag("impact.dataExposure") ?? false, r.Flag("impact.regulatoryExposure") ?? false, r.Texts("impact.criticalJourneys"));
        var input = new IncidentInput(r.Text("title"), services, r.Text("severity"), r.Time("startedAt"), r.Time("detectedAt"), r.Time("mitigatedAt"),
            r.Time("resolvedAt"), impact);
        return id is null ? null : new IncidentDelivery(IncidentSources.Generic, id, r.Text("url"), sha, input, f => f);
    }

    /// <summary>Jira's priority names to severities.</summary>
    private static readonly Dictionary<string, string> JiraPriorities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Highest"] = "SEV1", ["High"] = "SEV2", ["Medium"] = "SEV3", ["Low"] = "SEV4", ["Lowest"] = "SEV4",
    };

    private static IncidentDelivery? Jira(PayloadReader r, string sha)
    {
        var key = r.Text("issue.key", required: true);
        var components = r.Array("issue.fields.components");
        var services = new List<string>();
        for (var i = 0; i < components; i++)
            if (r.Text($"issue.fields.components[{i}].name", required: true) is { } name)
                services.Add(name);
        var priority = r.Text("issue.fields.priority.name", required: true);
        string? severity = null;
        if (priority is not null && !JiraPriorities.TryGetValue(priority, out severity))
            r.Refuse("issue.fields.priority.name", $"'{priority}' is not a Jira priority this mapping knows; use Highest, High, Medium, Low or Lowest.");
        var created = r.Time("issue.fields.created", required: true);
        var labels = r.Texts("issue.fields.labels") ?? [];
        var input = new IncidentInput(r.Text("issue.fields.summary", required: true), services, severity, created, created, null,
            r.Time("issue.fields.resolutiondate"), ImpactFromLabels(labels));
        var url = r.Text("issue.self") is { } self && Uri.TryCreate(self, UriKind.Absolute, out var api) ? $"{api.Scheme}://{api.Authority}/browse/{key}" : null;
        return key is null ? null : new IncidentDelivery(IncidentSources.JiraServiceManagement, key, url, sha, input, field => field switch
        {
            "title" => "issue.fields.summary",
            "services" => "issue.fields.components",
            "severity" => "issue.fields.priority.name",
            "startedAt" or "detectedAt" => "issue.fields.created",
            "resolvedAt" => "issue.fields.resolutiondate",
            _ when field.StartsWith("services[", StringComparison.Ordinal) => $"issue.fields.components{field["services".Length..]}.name",
            _ => $"issue.fields.labels ({field})",
        });
    }

    [GeneratedRegex("^(customers|revenue-per-hour)-([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CountLabel();

    /// <summary>The impact a Jira issue's labels carry: customers-N, revenue-per-hour-N, segment-Name, journey-name, data-exposure, regulatory.</summary>
    private static IncidentImpact? ImpactFromLabels(IReadOnlyList<string> labels)
    {
        int? customers = null;
        decimal? revenue = null;
        var segments = new List<string>();
        var journeys = new List<string>();
        bool data = false, regulatory = false, any = false;
        foreach (var label in labels)
        {
            if (CountLabel().Match(label) is { Success: true } m)
            {
                if (m.Groups[1].Value == "customers")
                    customers = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                else
                    revenue = decimal.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
            else if (label.StartsWith("segment-", StringComparison.Ordinal))
                segments.Add(label["segment-".Length..].Replace('_', ' '));
            else if (label.StartsWith("journey-", StringComparison.Ordinal))
                journeys.Add(label["journey-".Length..].Replace('_', ' '));
            else if (label == "data-exposure")
                data = true;
            else if (label == "regulatory")
                regulatory = true;
            else
                continue;
            any = true;
        }
        return any ? new IncidentImpact(customers, segments, revenue, data, regulatory, journeys) : null;
    }

    private static IncidentDelivery? PagerDuty(PayloadReader r, string sha)
    {
        var type = r.Text("event.event_type", required: true);
        if (type is not null && !type.StartsWith("incident.", StringComparison.Ordinal))
            r.Refuse("event.event_type", $"'{type}' is not an incident event; subscribe this webhook to incident events only.");
        var id = r.Text("event.data.id", required: true);
        var service = r.Text("event.data.service.summary", required: true);
        string? severity = null;
        if (r.Text("event.data.priority.summary") is { } priority)
        {
            severity = priority.ToUpperInvariant() switch
            {
                "P1" => "SEV1",
                "P2" => "SEV2",
                "P3" => "SEV3",
                "P4" or "P5" => "SEV4",
                _ => null,
            };
            if (severity is null)
                r.Refuse("event.data.priority.summary", $"'{priority}' is not a PagerDuty priority this mapping knows; use P1 to P5.");
        }
        else
            severity = r.Text("event.data.urgency", required: true) == "high" ? "SEV2" : "SEV3";
        var created = r.Time("event.data.created_at", required: true);
        var resolved = type == "incident.resolved" ? r.Time("event.occurred_at", required: true) : null;
        var input = new IncidentInput(r.Text("event.data.title", required: true), service is null ? [] : [service], severity, created, created, null, resolved, null);
        return id is null ? null : new IncidentDelivery(IncidentSources.PagerDuty, id, r.Text("event.data.html_url"), sha, input, field => field switch
        {
            "title" => "event.data.title",
            "services" or "services[0]" => "event.data.service.summary",
            "severity" => "event.data.priority.summary",
            "startedAt" or "detectedAt" => "event.data.created_at",
            "resolvedAt" => "event.occurred_at",
            _ => field,
        });
    }

    private static readonly string[] ServiceNowImpactFields =
        ["u_customers_affected", "u_segments", "u_revenue_at_risk_per_hour", "u_data_exposure", "u_regulatory_exposure", "u_critical_journeys"];

    private static IncidentDelivery? ServiceNow(PayloadReader r, string sha)
    {
        var number = r.Text("number", required: true);
        var service = r.Text("business_service", required: true);
        var priority = r.Text("priority", required: true);
        var severity = priority?.TrimStart() is { Length: > 0 } p ? p[0] switch
        {
            '1' => "SEV1",
            '2' => "SEV2",
            '3' => "SEV3",
            '4' or '5' => "SEV4",
            _ => null,
        } : null;
        if (priority is not null && severity is null)
            r.Refuse("priority", $"'{priority}' is not a ServiceNow priority; use 1 (critical) to 5 (planning).");
        IncidentImpact? impact = null;
        if (ServiceNowImpactFields.Any(r.HasValue))
            impact = new IncidentImpact(r.Integer("u_customers_affected"), r.List("u_segments"), r.Number("u_revenue_at_risk_per_hour"),
                r.Flag("u_data_exposure") ?? false, r.Flag("u_regulatory_exposure") ?? false, r.List("u_critical_journeys"));
        var input = new IncidentInput(r.Text("short_description", required: true), service is null ? [] : [service], severity,
            r.Time("opened_at", required: true), r.Time("u_detected_at") ?? r.Time("opened_at"), r.Time("u_mitigated_at"), r.Time("resolved_at"), impact);
        return number is null ? null : new IncidentDelivery(IncidentSources.ServiceNow, number, r.Text("u_url"), sha, input, field => field switch
        {
            "title" => "short_description",
            "services" or "services[0]" => "business_service",
            "severity" => "priority",
            "startedAt" => "opened_at",
            "detectedAt" => "u_detected_at",
            "mitigatedAt" => "u_mitigated_at",
            "resolvedAt" => "resolved_at",
            _ when field.StartsWith("impact.", StringComparison.Ordinal) => field switch
            {
                "impact.customersAffected" => "u_customers_affected",
                _ => "u_revenue_at_risk_per_hour",
            },
            _ => field,
        });
    }

    /// <summary>Reads values at dotted paths (name, name[0]), adding an error at the path for a value of the wrong kind or a required one missing.</summary>
    private sealed partial class PayloadReader(JsonElement root, ValidationErrors errors)
    {
        [GeneratedRegex(@"^([^\[\]]+)(?:\[([0-9]+)\])?$", RegexOptions.CultureInvariant)]
        private static partial Regex Segment();

        public void Refuse(string path, string message) => errors.Add(path, message);

        private JsonElement? At(string path)
        {
            var current = root;
            foreach (var part in path.Split('.'))
            {
                var m = Segment().Match(part);
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(m.Groups[1].Value, out current))
                    return null;
                if (m.Groups[2].Success)
                {
                    var index = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                    if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                        return null;
                    current = current[index];
                }
            }
            return current.ValueKind == JsonValueKind.Null ? null : current;
        }

        public bool Has(string path) => At(path) is not null;

        public bool HasValue(string path) => At(path) is { } value && !(value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0);

        public string? Text(string path, bool required = false)
        {
            switch (At(path))
            {
                case null:
                    if (required)
                        errors.Add(path, "This field is required.");
                    return null;
                case { ValueKind: JsonValueKind.String } value when value.GetString()!.Trim().Length > 0:
                    return value.GetString()!.Trim();
                case { ValueKind: JsonValueKind.String }:
                    if (required)
                        errors.Add(path, "This field is required and may not be empty.");
                    return null;
                case { ValueKind: JsonValueKind.Number } number:
                    return number.GetRawText();
                default:
                    errors.Add(path, "Expected a string.");
                    return null;
            }
        }

        public int Array(string path)
        {
            switch (At(path))
            {
                case null:
                    errors.Add(path, "This field is required: a list.");
                    return 0;
                case { ValueKind: JsonValueKind.Array } list:
                    return list.GetArrayLength();
                default:
                    errors.Add(path, "Expected a list.");
                    return 0;
            }
        }

        public IReadOnlyList<string>? Texts(string path)
        {
            if (At(path) is not { } value)
                return null;
            if (value.ValueKind != JsonValueKind.Array)
            {
                errors.Add(path, "Expected a list of strings.");
                return null;
            }
            var list = new List<string>();
            for (var i = 0; i < value.GetArrayLength(); i++)
            {
                if (value[i].ValueKind == JsonValueKind.String && value[i].GetString()!.Trim().Length > 0)
                    list.Add(value[i].GetString()!.Trim());
                else
                    errors.Add($"{path}[{i}]", "Expected a non-empty string.");
            }
            return list;
        }

        /// <summary>A comma-separated string (ServiceNow's lists).</summary>
        public IReadOnlyList<string>? List(string path) =>
            Text(path) is { } text ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null;

        public DateTimeOffset? Time(string path, bool required = false)
        {
            if (Text(path, required) is not { } text)
                return null;
            // Jira writes offsets as +0000, ServiceNow UTC as "yyyy-MM-dd HH:mm:ss".
            var normal = OffsetWithoutColon().Replace(text, "$1:$2");
            if (DateTimeOffset.TryParse(normal, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                return at;
            errors.Add(path, $"'{text}' is not a date and time (ISO 8601, e.g. 2027-03-02T09:58:00Z).");
            return null;
        }

        [GeneratedRegex(@"([+-][0-9]{2})([0-9]{2})$", RegexOptions.CultureInvariant)]
        private static partial Regex OffsetWithoutColon();

        public decimal? Number(string path)
        {
            switch (At(path))
            {
                case null:
                    return null;
                case { ValueKind: JsonValueKind.Number } n when n.TryGetDecimal(out var value):
                    return value;
                case { ValueKind: JsonValueKind.String } s when s.GetString()!.Length == 0:
                    return null;
                case { ValueKind: JsonValueKind.String } s when decimal.TryParse(s.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed):
                    return parsed;
                default:
                    errors.Add(path, "Expected a number.");
                    return null;
            }
        }

        public int? Integer(string path)
        {
            var number = Number(path);
            if (number is null)
                return null;
            if (number != decimal.Truncate(number.Value) || number is > int.MaxValue or < int.MinValue)
            {
                errors.Add(path, "Expected a whole number.");
                return null;
            }
            return (int)number.Value;
        }

        public bool? Flag(string path)
        {
            switch (At(path))
            {
                case null:
                    return null;
                case { ValueKind: JsonValueKind.True }:
                    return true;
                case { ValueKind: JsonValueKind.False }:
                    return false;
                case { ValueKind: JsonValueKind.String } s when s.GetString() is "true" or "false" or "":
                    return s.GetString() == "true";
                default:
                    errors.Add(path, "Expected true or false.");
                    return null;
            }
        }
    }
}
