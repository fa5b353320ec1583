using Microsoft.AspNetCore.Authorization;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Identity;

/// <summary>The authorisation policies pages and endpoints name, and the roles each admits.</summary>
public static class Policies
{
    /// <summary>Any signed-in person with a role; the Auditor reads everything through this.</summary>
    public const string Reader = "Reader";
    public const string VendorEditor = "VendorEditor";

    /// <summary>Procurement, vendor managers and administrators draft and submit agreements.</summary>
    public const string Drafter = "Drafter";
    public const string Admin = "Admin";

    /// <summary>Procurement and administrators generate an approved version's contract again when it has none.</summary>
    public const string ContractIssuer = "ContractIssuer";

    /// <summary>
    /// Procurement and administrators keep the signed record (<see cref="SegregationOfDuties.ContractKeepers"/>): they record signatures, import
    /// agreements signed elsewhere; the pages ask the same rule. Ending an agreement early is a termination change request.
    /// </summary>
    public const string ContractKeeper = "ContractKeeper";

    /// <summary>Legal and administrators keep the clause library: add clauses, publish their versions, retire them.</summary>
    public const string ClauseEditor = "ClauseEditor";

    /// <summary>Administrators and auditors read the audit log.</summary>
    public const string AuditReader = "AuditReader";

    /// <summary>Those who decide, fund or check renewals read the renewal calendar and its exports.</summary>
    public const string RenewalReader = "RenewalReader";

    /// <summary>Staff who upload raw performance data, and vendor-scoped tokens (for their own vendor's agreements only).</summary>
    public const string DataUploader = "DataUploader";

    /// <summary>Staff who upload raw data decide the exclusions vendors propose; Legal decides force majeure and third-party ones.</summary>
    public const string DataReviewer = "DataReviewer";

    /// <summary>Administrators, procurement and vendor managers compute and archive compliance reports; every reader reads them.</summary>
    public const string ComplianceReporter = "ComplianceReporter";

    /// <summary>A vendor-scoped token only: the vendor's own request inbox.</summary>
    public const string VendorPortal = "VendorPortal";

    /// <summary>Staff read every evidence file; a vendor token reads its own vendor's (checked by the handler).</summary>
    public const string EvidenceReader = "EvidenceReader";

    /// <summary>Members of the Governance board accept the risk of an audit finding instead of its remediation.</summary>
    public const string RiskAcceptor = "RiskAcceptor";

    /// <summary>Administrators, procurement and vendor managers record incidents, declare them major and send updates on any channel.</summary>
    public const string IncidentManager = "IncidentManager";

    /// <summary>A token scoped to incident intake, and administrators: deliver incidents to the webhook.</summary>
    public const string IncidentIntake = "IncidentIntake";
    /// <summary>The roles whose members answer a due diligence's reviews: information security, Legal, Finance and vendor managers.</summary>
    public const string AssessmentReviewer = "AssessmentReviewer";

    /// <summary>Vendor managers and administrators start a vendor's due diligence by hand.</summary>
    public const string AssessmentStarter = "AssessmentStarter";

    public static AuthorizationBuilder AddSlaGovernancePolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Reader, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.All))
        .AddPolicy(VendorEditor, policy => policy.RequireRole(Roles.VendorEditors))
        .AddPolicy(Drafter, policy => policy.RequireRole(Roles.Procurement, Roles.VendorManager, Roles.Admin))
        .AddPolicy(Admin, policy => policy.RequireRole(Roles.Admin))
        .AddPolicy(ContractIssuer, policy => policy.RequireRole(Roles.Procurement, Roles.Admin))
        .AddPolicy(ContractKeeper, policy => policy.RequireRole(SegregationOfDuties.ContractKeepers))
        .AddPolicy(ClauseEditor, policy => policy.RequireRole(Roles.ClauseEditors))
        .AddPolicy(AuditReader, policy => policy.RequireRole(Roles.Admin, Roles.Auditor))
        .AddPolicy(RenewalReader, policy => policy.RequireRole(Roles.RenewalReaders))
        .AddPolicy(DataUploader, policy => policy.RequireRole([.. Roles.DataUploaders, Roles.Vendor]))
        .AddPolicy(DataReviewer, policy => policy.RequireRole([.. Roles.DataUploaders, Roles.Legal]))
        .AddPolicy(ComplianceReporter, policy => policy.RequireRole(Roles.ComplianceReporters))
        .AddPolicy(VendorPortal, policy => policy.RequireRole(Roles.Vendor))
        .AddPolicy(RiskAcceptor, policy => policy.RequireRole(Roles.GovernanceBoard))
        .AddPolicy(IncidentManager, policy => policy.RequireRole(Roles.IncidentManagers))
        .AddPolicy(IncidentIntake, policy => policy.RequireRole(Roles.IncidentIntake, Roles.Admin))
        .AddPolicy(AssessmentReviewer, policy => policy.RequireRole(Roles.InformationSecurity, Roles.Legal, Roles.Finance, Roles.VendorManager))
        .AddPolicy(AssessmentStarter, policy => policy.RequireRole(Roles.VendorManager, Roles.Admin))
        .AddPolicy(EvidenceReader, policy => policy.RequireRole([.. Roles.All, Roles.Vendor]));
}
