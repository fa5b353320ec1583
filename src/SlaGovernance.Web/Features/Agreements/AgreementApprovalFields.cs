using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>
/// What workflows/sla-approval.json reads of the agreement submitted: the facts its policy routes on, captured at
/// submission, what its emails name, and who revises the draft when changes are requested (the submitter, the owner copied). The term's start and end are instants, the start of each day in the agreement's zone.
/// </summary>
[StartsDefinition("sla-approval")]
public sealed record AgreementApprovalFields(
    string Title,
    int Version,
    int Round,
    decimal AnnualValue,
    string Currency,
    decimal CreditCapPercent,
    bool HasExclusions,
    bool HasNonStandardClause,
    string VendorRiskTier,
    DateTimeOffset TermStartsAt,
    DateTimeOffset TermEndsAt,
    string SubmittedBy,
    string? Owner,
    bool ExitPlanMissing = false) : SubjectFields;
