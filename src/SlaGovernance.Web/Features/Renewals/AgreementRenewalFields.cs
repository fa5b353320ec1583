using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Web.Features.Renewals;

/// <summary>
/// What workflows/renewal.json reads of the agreement whose term it renews: key dates as yyyy-MM-dd local dates in the
/// agreement's zone, for people; the instants its timers and tasks wait for; and the figures its emails name.
/// </summary>
[StartsDefinition("renewal")]
public sealed record AgreementRenewalFields(
    string Title,
    string Owner,
    string Currency,
    decimal AnnualValue,
    decimal ExpectedRenewalCost,
    string RenewalTerm,
    bool AutoRenew,
    int TermIndex,
    string TermEnd,
    string NoticeDeadline,
    string DecisionDate,
    string BudgetRequestDeadline,
    string FundingYear,
    bool UnfundedRisk,
    string TimeZone,
    DateTimeOffset BudgetReminderAt,
    bool BudgetReminderPending,
    DateTimeOffset DecisionAt,
    DateTimeOffset EscalationAt,
    DateTimeOffset NoticeDeadlineAt,
    DateTimeOffset TermEndAt,
    DateTimeOffset ExpiresAt,
    bool ExitPlanMissing = false,
    string Decision = "") : SubjectFields
{
    /// <summary>The fields the workflow's own steps set once the decision is taken; a reschedule leaves them as they are.</summary>
    public static readonly IReadOnlySet<string> SetByTheWorkflow = new HashSet<string>(StringComparer.Ordinal) { "exitPlanMissing", "decision" };
}
