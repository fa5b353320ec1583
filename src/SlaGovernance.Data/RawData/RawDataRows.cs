using NodaTime;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Data.RawData;

/// <summary>What an upload holds; the slug names it in the API path and in the uploads table.</summary>
public enum RawDataKind
{
    Outages,
    ProbeSamples,
    Tickets,
    CsatResponses,
    EventCounts,
    Exclusions,
    ReportedAttainment,
}

public static class RawDataKinds
{
    public static readonly IReadOnlyList<RawDataKind> All = Enum.GetValues<RawDataKind>();

    public static string Slug(this RawDataKind kind) => kind switch
    {
        RawDataKind.Outages => "outages",
        RawDataKind.ProbeSamples => "probe-samples",
        RawDataKind.Tickets => "tickets",
        RawDataKind.CsatResponses => "csat-responses",
        RawDataKind.EventCounts => "event-counts",
        RawDataKind.Exclusions => "exclusions",
        RawDataKind.ReportedAttainment => "reported-attainment",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The words a page shows for a kind; the API and files keep the slug.</summary>
    public static string Label(this RawDataKind kind) => kind switch
    {
        RawDataKind.Outages => "Outages",
        RawDataKind.ProbeSamples => "Probe samples",
        RawDataKind.Tickets => "Tickets",
        RawDataKind.CsatResponses => "CSAT responses",
        RawDataKind.EventCounts => "Event counts",
        RawDataKind.Exclusions => "Proposed exclusions",
        RawDataKind.ReportedAttainment => "Attainment the vendor reports",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The label of a stored slug, or the slug itself when it names no kind.</summary>
    public static string LabelOf(string slug) => FromSlug(slug)?.Label() ?? slug;

    public static RawDataKind? FromSlug(string? slug) =>
        All.Cast<RawDataKind?>().FirstOrDefault(k => string.Equals(k!.Value.Slug(), slug, StringComparison.OrdinalIgnoreCase));
}

public static class ExclusionStatus
{
    public const string Proposed = "Proposed";
    public const string Accepted = "Accepted";
    public const string Rejected = "Rejected";
}

/// <summary>One uploaded file: who sent it, when, its SHA-256 and how many rows it held.</summary>
public sealed record DataUploadRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public string Kind { get; init; } = "";
    public string Format { get; init; } = "";
    public string FileName { get; init; } = "";
    public string Sha256 { get; init; } = "";
    public string UploadedBy { get; init; } = "";
    public bool UploaderIsVendor { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    public long RowCount { get; init; }
}

public readonly record struct ProbeSampleRow(string Service, ProbeSample Sample);

public sealed record OutageRow(Guid Id, string Service, Interval Interval, string? Cause);

public sealed record TicketRow(Guid Id, string Service, Ticket Ticket);

public sealed record CsatResponseRow(Guid Id, string Service, CsatResponse Response);

public sealed record EventCountRow(Guid Id, string Service, Interval Interval, long Good, long Total);

/// <summary>Covers one SLO (service and metric), every SLO of a service (no metric), or the whole agreement (neither).</summary>
public sealed record ExclusionRow(Guid Id, Exclusion Exclusion, string? Service, string? Metric, string Reason, string? Evidence);

/// <summary>The vendor's own attainment for one SLO over the period [PeriodStart, PeriodEnd).</summary>
public sealed record ReportedAttainmentRow(Guid Id, string Service, string Metric, DateOnly PeriodStart, DateOnly PeriodEnd, decimal AttainmentPercent);

/// <summary>A stored exclusion with its decision, as the review page and API show it.</summary>
public sealed record ExclusionRecordView
{
    public Guid Id { get; init; }
    public Guid UploadId { get; init; }
    public Guid AgreementId { get; init; }
    public string ExclusionType { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
    public string? Service { get; init; }
    public string? Metric { get; init; }
    public string Reason { get; init; } = "";
    public string? Evidence { get; init; }
    public string Status { get; init; } = "";
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecisionReason { get; init; }
    public string UploadedBy { get; init; } = "";
}

/// <summary>A proposed exclusion awaiting a decision, with the agreement it is on, for a reviewer's start page.</summary>
public sealed record ProposedExclusionRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public string ExclusionType { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
    public string Reason { get; init; } = "";
    public string UploadedBy { get; init; } = "";
    public DateTimeOffset UploadedAt { get; init; }
    public string Title { get; init; } = "";
}
