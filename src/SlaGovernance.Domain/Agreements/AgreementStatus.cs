using SlaGovernance.Domain.Lifecycles;

namespace SlaGovernance.Domain.Agreements;

/// <summary>
/// Where an agreement stands. Until one of its versions is approved it follows its newest version (draft, in approval, changes
/// requested, rejected); then it is approved, and once signed it is signed until its first day, active during its term, and
/// expired after it, or terminated from the day an early end takes effect, and exited once its exit has run to the end (the
/// lifecycle sweeper moves only Signed and Active agreements, so it never overwrites Exited). An expired agreement signed again (a later version
/// for a new term) is signed once more. "Signed" is stored, not derived, so lists, filters and the API read what pages show.
/// </summary>
public static class AgreementStatus
{
    public const string Draft = "Draft";
    public const string InApproval = "InApproval";
    public const string ChangesRequested = "ChangesRequested";
    public const string Rejected = "Rejected";
    public const string Approved = "Approved";
    public const string Signed = "Signed";
    public const string Active = "Active";
    public const string Expired = "Expired";
    public const string Terminated = "Terminated";
    public const string Exited = "Exited";

    public static readonly Lifecycle Lifecycle = new Lifecycle("agreement")
        .State(Draft, "Draft")
        .State(InApproval, "In approval", Draft)
        .State(ChangesRequested, "Changes requested", InApproval)
        .State(Rejected, "Rejected", InApproval)
        .State(Approved, "Approved (not signed)", InApproval)
        .State(Signed, "Signed", Approved)
        .State(Active, "Active", Signed)
        .State(Expired, "Expired", Signed, Active)
        .State(Terminated, "Terminated", Signed, Active)
        .State(Exited, "Exited", Expired, Terminated)
        .Allow(ChangesRequested, InApproval)
        .Allow(Rejected, Draft)
        .Allow(Expired, Signed);

    public static IReadOnlyList<string> All => Lifecycle.States;

    public static string Label(string? status) => Lifecycle.Label(status);

    /// <summary>No version is approved yet, so the agreement shows where its newest version stands.</summary>
    public static bool FollowsItsVersions(string status) => status is Draft or InApproval or ChangesRequested or Rejected;

    /// <summary>A signed term exists: the lifecycle sweeper moves it by the calendar.</summary>
    public static bool IsSigned(string status) => status is Signed or Active or Expired or Terminated or Exited;

    /// <summary>Signed and not over: it can be ended early, and the renewal calendar counts it.</summary>
    public static bool IsRunning(string status) => status is Signed or Active;
}
