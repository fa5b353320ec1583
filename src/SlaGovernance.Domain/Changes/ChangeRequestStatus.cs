using SlaGovernance.Domain.Lifecycles;

namespace SlaGovernance.Domain.Changes;

/// <summary>
/// Where a change request stands. Drafted (its proposed version edited), submitted into approval, sent back for changes (a
/// draft again), then approved or rejected; a draft may be withdrawn by its requester. Drafted and in approval are open: an
/// agreement has one open change request at a time.
/// </summary>
public static class ChangeRequestStatus
{
    public const string Draft = "Draft";
    public const string InApproval = "InApproval";
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";
    public const string Withdrawn = "Withdrawn";

    public static readonly Lifecycle Lifecycle = new Lifecycle("change request")
        .State(Draft, "Being drafted")
        .State(InApproval, "In approval", Draft)
        .State(Approved, "Approved", InApproval)
        .State(Rejected, "Rejected", InApproval)
        .State(Withdrawn, "Withdrawn", Draft)
        .Allow(InApproval, Draft);

    public static IReadOnlyList<string> All => Lifecycle.States;

    public static string Label(string? status) => Lifecycle.Label(status);

    /// <summary>Drafted or in approval: the agreement's one open change request.</summary>
    public static bool IsOpen(string status) => status is Draft or InApproval;
}
