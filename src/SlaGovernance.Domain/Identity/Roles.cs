namespace SlaGovernance.Domain.Identity;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Procurement = "Procurement";
    public const string Legal = "Legal";
    public const string Finance = "Finance";
    public const string GovernanceBoard = "GovernanceBoard";
    public const string VendorManager = "VendorManager";
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All =
        [Admin, Procurement, Legal, Finance, GovernanceBoard, VendorManager, Auditor];

    /// <summary>Roles that may create and change vendors.</summary>
    public static readonly IReadOnlyList<string> VendorEditors = [Admin, Procurement, VendorManager];

    /// <summary>Roles that keep the clause library.</summary>
    public static readonly IReadOnlyList<string> ClauseEditors = [Admin, Legal];
    /// <summary>Roles that read the renewal calendar: those who decide, fund or check renewals.</summary>
    public static readonly IReadOnlyList<string> RenewalReaders = [Admin, Procurement, Finance, VendorManager, Auditor];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
