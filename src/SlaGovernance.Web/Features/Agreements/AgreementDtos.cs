using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>An agreement with the version being worked on (or the latest one).</summary>
public sealed record AgreementView(AgreementRow Agreement, AgreementVersionRow Version);

public sealed record AgreementSummaryDto(Guid Id, string Title, string Kind, Guid? VendorId, string? Category, string? Owner, string Status,
    string StatusLabel, int CurrentVersion, DateOnly TermStart, DateOnly TermEnd, decimal MonthlyFee, string Currency, decimal AnnualValue,
    string? CostCentre, string TimeZone, int Revision)
{
    public static AgreementSummaryDto From(AgreementRow row) => new(row.Id, row.Title, row.Kind, row.VendorId, row.Category, row.Owner, row.Status,
        AgreementStatus.Label(row.Status), row.CurrentVersion, row.TermStart, row.TermEnd, row.MonthlyFee, row.Currency, row.AnnualValue,
        row.CostCentre, row.TimeZone, row.Version);
}

public sealed record AgreementVersionDto(int Number, string Status, string StatusLabel, string ContentHash, int Round, Guid? WorkflowId,
    string CreatedBy, DateTimeOffset CreatedAt, string UpdatedBy, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt,
    bool Editable)
{
    public static AgreementVersionDto From(AgreementVersionRow row) => new(row.Number, row.Status, AgreementVersionStatus.Label(row.Status),
        row.ContentHash, row.Round, row.WorkflowId, row.CreatedBy, row.CreatedAt, row.UpdatedBy, row.UpdatedAt, row.SubmittedAt, row.DecidedAt,
        row.IsEditable);
}

/// <param name="Warnings">What the rules warn about without refusing it, by field path: agreement tiers that do not apply to an objective.</param>
public sealed record AgreementDto(AgreementSummaryDto Agreement, AgreementVersionDto Version, AgreementContent Content, IReadOnlyList<AgreementWarningDto> Warnings)
{
    public static AgreementDto From(AgreementView view) =>
        new(AgreementSummaryDto.From(view.Agreement), AgreementVersionDto.From(view.Version), view.Version.Parsed,
            [.. AgreementRules.Warnings(view.Version.Parsed).Select(w => new AgreementWarningDto(w.Path, w.Message))]);
}

public sealed record AgreementWarningDto(string Path, string Message);

/// <summary>One version with its content.</summary>
public sealed record AgreementVersionContentDto(AgreementVersionDto Version, AgreementContent Content);

public sealed record AgreementDocumentDto(Guid Id, int VersionNumber, string Kind, string KindLabel, string FileName, string ContentType, string Sha256,
    int SizeBytes, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static AgreementDocumentDto From(AgreementDocumentRow row) => new(row.Id, row.VersionNumber, row.Kind,
        AgreementDocumentKinds.Label(row.Kind), row.FileName, row.ContentType, row.Sha256, row.SizeBytes, row.CreatedBy, row.CreatedAt);
}

public sealed record AgreementRenewalDto(DateOnly PreviousEnd, DateOnly NewEnd, int Periods, DateTimeOffset RenewedAt);

public sealed record AgreementTerminationDto(DateOnly EffectiveOn, string? Reason, string? By, DateTimeOffset? RecordedAt);

/// <summary>The agreement after approval: its status, the signed term (absent until signed), its renewals and an early end.</summary>
public sealed record AgreementLifecycleDto(Guid AgreementId, string Status, string StatusLabel, int? SignedVersion, DateOnly? TermStart,
    DateOnly? TermEnd, string? TimeZone, DateTimeOffset? ActiveFrom, DateTimeOffset? ActiveUntil, string? RenewsFor,
    IReadOnlyList<AgreementRenewalDto> Renewals, AgreementTerminationDto? Termination)
{
    public static AgreementLifecycleDto From(AgreementLifecycleView view)
    {
        var term = view.Term;
        return new(view.Agreement.Id, view.Agreement.Status, AgreementStatus.Label(view.Agreement.Status), term?.VersionNumber, term?.TermStart,
            term?.TermEnd, term?.TimeZone, view.ActiveFrom, view.ActiveUntil, term is null ? null : AgreementLifecycle.RenewalTerm(term)?.ToString(),
            view.Renewals.Select(r => new AgreementRenewalDto(r.PreviousEnd, r.NewEnd, r.Periods, r.RenewedAt)).ToList(),
            term?.EndsOn is { } endsOn
                ? new AgreementTerminationDto(endsOn, term.TerminationReason, term.TerminatedBy, term.TerminatedAt)
                : null);
    }
}

/// <summary>A signature recorded: which version, when and by whom it was signed, and the stored signed copy.</summary>
public sealed record AgreementSignatureDto(int VersionNumber, DateOnly SignedOn, string Signatories, Guid DocumentId);
