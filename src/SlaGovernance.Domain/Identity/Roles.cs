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

    /// <summary>Information security reviewers: they answer the security questionnaire of a vendor's due diligence.</summary>
    public const string InformationSecurity = "InformationSecurity";

    public static readonly IReadOnlyList<string> All =
        [Admin, Procurement, Legal, Finance, GovernanceBoard, VendorManager, Auditor, InformationSecurity];

    /// <summary>Roles that may create and change vendors.</summary>
    public static readonly IReadOnlyList<string> VendorEditors = [Admin, Procurement, VendorManager];

    /// <summary>Roles that keep the clause library.</summary>
    public static readonly IReadOnlyList<string> ClauseEditors = [Admin, Legal];
    /// <summary>Roles that read the renewal calendar: those who decide, fund or check renewals.</summary>
    public static readonly IReadOnlyList<string> RenewalReaders = [Admin, Procurement, Finance, VendorManager, Auditor];

    /// <summary>Staff who upload raw performance data and decide the exclusions vendors propose.</summary>
    public static readonly IReadOnlyList<string> DataUploaders = [Admin, Procurement, VendorManager];

    /// <summary>Staff who compute and archive compliance reports.</summary>
    public static readonly IReadOnlyList<string> ComplianceReporters = [Admin, Procurement, VendorManager];

    /// <summary>
    /// The role of a vendor-scoped API token, never of a user: it writes raw data for its own vendor's agreements and is in no
    /// other policy, so it reads nothing. Not in <see cref="All"/>.
    /// </summary>
    public const string Vendor = "Vendor";

    /// <summary>
    /// The role of a token scoped to incident intake, never of a user: it delivers incidents to the incident webhook and is in no other
    /// policy. Not in <see cref="All"/>.
    /// </summary>
    public const string IncidentIntake = "IncidentIntake";

    /// <summary>Staff who record incidents, declare them major and send their updates on any channel.</summary>
    public static readonly IReadOnlyList<string> IncidentManagers = [Admin, Procurement, VendorManager];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);

    /// <summary>The role as people read it: "Governance board", not its code.</summary>
    public static string Label(string role) => role switch
    {
        GovernanceBoard => "Governance board",
        VendorManager => "Vendor manager",
        InformationSecurity => "Information security",
        _ => role,
    };
}
