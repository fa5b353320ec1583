using SlaGovernance.Domain.Events;

namespace SlaGovernance.Domain.Renewals;

/// <summary>The organisation's budget calendar was saved: renewal dates that depend on it move.</summary>
public sealed record BudgetCalendarChanged(int Version) : IDomainEvent
{
    public static string Type => "budget-calendar.changed";
    public string SubjectId => "organisation";
}

/// <summary>A term's renewal was decided: renewed (as is, renegotiated or tacitly), terminated or lapsed.</summary>
public sealed record RenewalDecided(Guid AgreementId, DateOnly TermEnd, string Decision, string Outcome) : IDomainEvent
{
    public static string Type => "renewal.decided";
    public string SubjectId => AgreementId.ToString();
}
