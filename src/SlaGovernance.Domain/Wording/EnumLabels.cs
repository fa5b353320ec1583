using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Vendors;
using AgreementExclusionType = SlaGovernance.Domain.Agreements.ExclusionType;
using AgreementMissingData = SlaGovernance.Domain.Agreements.MissingDataPolicy;
using ComplianceExclusionType = SlaGovernance.Domain.Compliance.ExclusionType;
using ComplianceMissingData = SlaGovernance.Domain.Compliance.MissingDataPolicy;

namespace SlaGovernance.Domain.Wording;

/// <summary>
/// The words people read for each value of the domain's enums: pages and emails show these, never the code name
/// (VendorSla, CalendarMonth, ThirdParty). The API keeps sending the code names.
/// </summary>
public static class EnumLabels
{
    private static readonly Dictionary<Enum, string> Table = new()
    {
        [Audits.FindingSeverity.Low] = "Low",
        [Audits.FindingSeverity.Medium] = "Medium",
        [Audits.FindingSeverity.High] = "High",
        [Audits.FindingSeverity.Critical] = "Critical",

        [AgreementKind.VendorSla] = "Vendor SLA",
        [AgreementKind.InternalSla] = "Internal SLA",
        [AgreementKind.Ola] = "OLA (operational level agreement)",

        [MetricKind.Availability] = "Availability",
        [MetricKind.ResponseTime] = "Response time",
        [MetricKind.ResolutionTime] = "Resolution time",
        [MetricKind.Throughput] = "Throughput",
        [MetricKind.Csat] = "CSAT (customer satisfaction)",
        [MetricKind.CustomRatio] = "Custom ratio",

        [WindowKind.CalendarMonth] = "Calendar month",
        [WindowKind.Quarter] = "Quarter",
        [WindowKind.RollingDays] = "Rolling days",

        [MeasurementMode.Passive] = "Passive (logs)",
        [MeasurementMode.Active] = "Active (synthetic probes)",

        [AgreementMissingData.ExcludedAsUnknown] = "Excluded as unknown",
        [AgreementMissingData.CountedAsDown] = "Counted as down",
        [AgreementMissingData.CountedAsUp] = "Counted as up",
        [ComplianceMissingData.ExcludedAsUnknown] = "Excluded as unknown",
        [ComplianceMissingData.CountedAsDown] = "Counted as down",
        [ComplianceMissingData.CountedAsUp] = "Counted as up",

        [AgreementExclusionType.ScheduledMaintenance] = "Scheduled maintenance",
        [AgreementExclusionType.ForceMajeure] = "Force majeure",
        [AgreementExclusionType.CustomerCausedDelay] = "Customer-caused delay",
        [AgreementExclusionType.ThirdParty] = "Third party",
        [AgreementExclusionType.Other] = "Other",
        [ComplianceExclusionType.ScheduledMaintenance] = "Scheduled maintenance",
        [ComplianceExclusionType.ForceMajeure] = "Force majeure",
        [ComplianceExclusionType.CustomerCausedDelay] = "Customer-caused delay",
        [ComplianceExclusionType.ThirdParty] = "Third party",
        [ComplianceExclusionType.Other] = "Other",

        [ExcludedTimeTreatment.CountsAsAvailable] = "Counts as available",
        [ExcludedTimeTreatment.RemovedFromPeriod] = "Removed from the period",
        [ExclusionTreatment.CountsAsAvailable] = "Counts as available",
        [ExclusionTreatment.RemovedFromMaximum] = "Removed from the period",

        [PeriodUnit.Days] = "Days",
        [PeriodUnit.Months] = "Months",

        [SloOutcome.Met] = "Met",
        [SloOutcome.Missed] = "Missed",
        [SloOutcome.NotApplicable] = "Not measured",

        [BurnAlertSeverity.Page] = "Page",
        [BurnAlertSeverity.Ticket] = "Ticket",

        [TicketClock.FirstResponse] = "First response",
        [TicketClock.Resolution] = "Resolution",

        [TicketStatus.Met] = "Met",
        [TicketStatus.Breached] = "Breached",
        [TicketStatus.Pending] = "Pending",

        [RiskTier.Low] = "Low",
        [RiskTier.Medium] = "Medium",
        [RiskTier.High] = "High",
        [RiskTier.Critical] = "Critical",

        [VendorContactRole.Commercial] = "Commercial",
        [VendorContactRole.AccountManager] = "Account manager",
        [VendorContactRole.Security] = "Security",
        [VendorContactRole.Escalation] = "Escalation",
        [VendorContactRole.DataProtection] = "Data protection",

        [VendorLetter.AuditNotice] = "Audit notice",
        [VendorLetter.Claim] = "Claim",
        [VendorLetter.NoticeOfNonRenewal] = "Notice of non-renewal",
        [VendorLetter.NoticeOfTermination] = "Notice of termination",
        [VendorLetter.Escalation] = "Escalation",
        [VendorLetter.DataProtectionNotice] = "Data protection notice",

        [VendorRequestKind.Evidence] = "Evidence",
        [VendorRequestKind.Answer] = "Answer",
        [VendorRequestKind.DataExport] = "Data export",
        [VendorRequestKind.Acknowledgement] = "Acknowledgement",
        [VendorRequestKind.Dispute] = "Dispute",

        [CertificateKind.Soc2Type2] = "SOC 2 Type II",
        [CertificateKind.Iso27001] = "ISO/IEC 27001",
        [CertificateKind.PciDss] = "PCI DSS",
        [CertificateKind.Insurance] = "Insurance",
        [CertificateKind.FinancialStatements] = "Financial statements",

        [CertificateState.NotYetValid] = "Not yet valid",
        [CertificateState.Valid] = "Valid",
        [CertificateState.ExpiringSoon] = "Expiring soon",
        [CertificateState.Expired] = "Expired",

        [DataAccess.None] = "No data",
        [DataAccess.Metadata] = "Metadata only",
        [DataAccess.Personal] = "Personal data",
        [DataAccess.Confidential] = "Confidential data",

        [ChangeClass.Administrative] = "Administrative",
        [ChangeClass.Standard] = "Standard",
        [ChangeClass.Major] = "Major",
        [ChangeClass.Emergency] = "Emergency",
        [ChangeClass.Termination] = "Termination",

        [ChangeEffect.Unchanged] = "Unchanged",
        [ChangeEffect.Changed] = "Changed",
        [ChangeEffect.Strengthened] = "Strengthened",
        [ChangeEffect.Weakened] = "Weakened",
        [ChangeEffect.Mixed] = "Strengthened and weakened",

        [ItemChange.Unchanged] = "Unchanged",
        [ItemChange.Added] = "Added",
        [ItemChange.Removed] = "Removed",
        [ItemChange.Changed] = "Changed",

        [Claims.EarnBackStatus.None] = "No earn-back",
        [Claims.EarnBackStatus.Pending] = "Earn-back pending",
        [Claims.EarnBackStatus.EarnedBack] = "Earned back",
        [Claims.EarnBackStatus.Kept] = "Credit stands",

        [DayOfWeek.Monday] = "Monday",
        [DayOfWeek.Tuesday] = "Tuesday",
        [DayOfWeek.Wednesday] = "Wednesday",
        [DayOfWeek.Thursday] = "Thursday",
        [DayOfWeek.Friday] = "Friday",
        [DayOfWeek.Saturday] = "Saturday",
        [DayOfWeek.Sunday] = "Sunday",
    };

    /// <summary>Whether a value has words of its own; a test checks every enum the pages show.</summary>
    public static bool HasLabel(Enum value) => Table.ContainsKey(value);

    /// <summary>The words for a value; a value without them (a new member nobody labelled) is shown as its code.</summary>
    public static string Label(this Enum value) => Table.TryGetValue(value, out var label) ? label : value.ToString();

    /// <summary>The words for a value stored or sent as its code name ("ResponseTime"); an unknown code is shown as it is.</summary>
    public static string Label<T>(string? code) where T : struct, Enum =>
        Enum.TryParse<T>(code, ignoreCase: false, out var value) ? value.Label() : code ?? "";
}
