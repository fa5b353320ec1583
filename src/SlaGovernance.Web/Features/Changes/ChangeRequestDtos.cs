using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Changes;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Wording;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>A change request with the agreement it changes.</summary>
public sealed record ChangeRequestView(ChangeRequestRow Request, AgreementRow Agreement);

/// <summary>What a client sends to open a change request or correct one being drafted: class by name, reason, effective date.</summary>
public sealed record ChangeRequestBody
{
    /// <summary>Administrative, Standard, Major, Emergency or Termination.</summary>
    public string? Class { get; init; }

    public string? Reason { get; init; }

    /// <summary>The day the change takes effect in the agreement's zone (for a termination, the first day it no longer runs).</summary>
    public DateOnly? EffectiveOn { get; init; }
}

public sealed record ChangeRequestLinks(string Page, string Agreement, string? Draft, string? Redline, string? Amendment);

public sealed record ChangeRequestDto(
    Guid Id,
    Guid AgreementId,
    string AgreementTitle,
    int Number,
    string Reference,
    string Class,
    string ClassLabel,
    string Status,
    string StatusLabel,
    string? Reason,
    int BaseVersion,
    int? ProposedVersion,
    DateOnly? EffectiveOn,
    string? ImpactSummary,
    ChangeImpact? Impact,
    Guid? WorkflowId,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DecidedAt,
    Guid? RevertsChangeId,
    int Revision,
    ChangeRequestLinks Links)
{
    public static ChangeRequestDto From(ChangeRequestView view)
    {
        var row = view.Request;
        var documents = row.ProposedVersion is { } proposed && row.Impact is not null;
        return new(row.Id, row.AgreementId, view.Agreement.Title, row.Number, row.Reference, row.ChangeClass, row.Class.Label(), row.Status,
            ChangeRequestStatus.Label(row.Status), row.Reason, row.BaseVersion, row.ProposedVersion, row.EffectiveOn, row.ImpactSummary,
            row.Impact is { } json ? ChangeImpact.FromJson(json) : null, row.WorkflowId, row.RequestedBy, row.RequestedAt, row.SubmittedAt,
            row.DecidedAt, row.RevertsChangeId, row.Revision,
            new ChangeRequestLinks($"/changes/{row.Id}", $"/api/v1/agreements/{row.AgreementId}",
                row.ProposedVersion is { } draft ? $"/api/v1/agreements/{row.AgreementId}/versions/{draft}" : null,
                documents ? $"/api/v1/change-requests/{row.Id}/redline" : null, documents ? $"/api/v1/change-requests/{row.Id}/amendment" : null));
    }
}

/// <summary>One row of the change calendar.</summary>
public sealed record ChangeCalendarEntryDto(Guid Id, Guid AgreementId, string AgreementTitle, string Reference, string Class, string ClassLabel,
    string Status, string StatusLabel, DateOnly? EffectiveOn, string? ImpactSummary, string? Reason, string RequestedBy, DateTimeOffset RequestedAt,
    DateTimeOffset? DecidedAt)
{
    public static ChangeCalendarEntryDto From(ChangeRequestListRow row) => new(row.Id, row.AgreementId, row.AgreementTitle, row.Reference,
        row.ChangeClass, Enum.TryParse<ChangeClass>(row.ChangeClass, out var c) ? c.Label() : row.ChangeClass, row.Status,
        ChangeRequestStatus.Label(row.Status), row.EffectiveOn, row.ImpactSummary, row.Reason, row.RequestedBy, row.RequestedAt, row.DecidedAt);
}
