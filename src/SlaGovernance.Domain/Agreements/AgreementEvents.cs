using SlaGovernance.Domain.Events;

namespace SlaGovernance.Domain.Agreements;

/// <summary>The approval workflow approved a version; it is frozen.</summary>
public sealed record AgreementVersionApproved(Guid AgreementId, int Version) : IDomainEvent
{
    public static string Type => "agreement.version-approved";
    public string SubjectId => AgreementId.ToString();
}

/// <summary>A version's signature was recorded (or a signed agreement imported); its term now governs from its first day.</summary>
public sealed record AgreementSigned(Guid AgreementId, int Version, DateOnly TermStart, DateOnly TermEnd) : IDomainEvent
{
    public static string Type => "agreement.signed";
    public string SubjectId => AgreementId.ToString();
}

/// <summary>A signed agreement's term began.</summary>
public sealed record AgreementActivated(Guid AgreementId) : IDomainEvent
{
    public static string Type => "agreement.activated";
    public string SubjectId => AgreementId.ToString();
}

/// <summary>An agreement ran past its last day without renewing itself.</summary>
public sealed record AgreementExpired(Guid AgreementId, DateOnly LastDay) : IDomainEvent
{
    public static string Type => "agreement.expired";
    public string SubjectId => AgreementId.ToString();
}

/// <summary>An agreement ended early, from the start of <see cref="EffectiveOn"/> in its zone.</summary>
public sealed record AgreementTerminated(Guid AgreementId, DateOnly EffectiveOn, string Reason) : IDomainEvent
{
    public static string Type => "agreement.terminated";
    public string SubjectId => AgreementId.ToString();
}

/// <summary>Every branch of an agreement's exit ended after its end: it is Exited.</summary>
public sealed record AgreementExited(Guid AgreementId) : IDomainEvent
{
    public static string Type => "agreement.exited";
    public string SubjectId => AgreementId.ToString();
}
