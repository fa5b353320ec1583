using SlaGovernance.Domain.Lifecycles;

namespace SlaGovernance.Domain.Agreements;

/// <summary>
/// Where one version of an agreement stands. A draft (or one sent back for changes) is edited and submitted; the approval
/// workflow approves, rejects or sends it back; an approved version is frozen, and once a later version is signed it is
/// superseded.
/// </summary>
public static class AgreementVersionStatus
{
    public const string Draft = "Draft";
    public const string InApproval = "InApproval";
    public const string ChangesRequested = "ChangesRequested";
    public const string Rejected = "Rejected";
    public const string Approved = "Approved";
    public const string Superseded = "Superseded";

    /// <summary>The draft of a change request its requester withdrew: never submitted again, kept as it was.</summary>
    public const string Withdrawn = "Withdrawn";

    public static readonly Lifecycle Lifecycle = new Lifecycle("agreement version")
        .State(Draft, "Draft")
        .State(InApproval, "In approval", Draft)
        .State(ChangesRequested, "Changes requested", InApproval)
        .State(Rejected, "Rejected", InApproval)
        .State(Approved, "Approved", InApproval)
        .State(Superseded, "Superseded", Approved)
        .State(Withdrawn, "Withdrawn", Draft, ChangesRequested)
        .Allow(ChangesRequested, InApproval);

    public static IReadOnlyList<string> All => Lifecycle.States;

    public static string Label(string? status) => Lifecycle.Label(status);

    /// <summary>Only a draft, or one sent back for changes, can be edited; anything submitted or decided is frozen.</summary>
    public static bool IsEditable(string status) => status is Draft or ChangesRequested;

    /// <summary>Decided: a later version may be started from it.</summary>
    public static bool IsDecided(string status) => status is Approved or Rejected or Superseded or Withdrawn;
}
