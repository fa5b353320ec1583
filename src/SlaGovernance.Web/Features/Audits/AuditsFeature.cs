using SlaGovernance.Web.Features.Compliance;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Audits;

/// <summary>
/// The audit programme (workflows/vendor-audit.json): audits scheduled from each agreement's audit rights or started by hand, the
/// notice letter and evidence request, fieldwork with independent recomputation, findings, the report, and remediation tracking.
/// </summary>
public static class AuditsFeature
{
    public static WebApplicationBuilder AddAudits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<StartVendorAudit>();
        services.AddSingleton<AuditSchedule>();
        services.AddSingleton<AuditFindings>();
        services.AddSingleton<AuditViews>();
        services.AddSingleton<RemediationEscalations>();
        services.AddSingleton<VendorAuditEvidenceCheck>();
        services.AddHostedService<AuditProgrammeSweep>();
        services.AddSingleton<IWorkflowAction, VendorAuditNoticeAction>();
        services.AddSingleton<IWorkflowAction, VendorAuditChaseAction>();
        services.AddSingleton<IWorkflowAction, VendorAuditEvidenceDueAction>();
        services.AddSingleton<IWorkflowAction, VendorAuditReportAction>();
        services.AddSingleton<IWorkflowSubjectStatus, VendorAuditStatuses>();
        services.AddSingleton<IWorkflowSubjectSummary, VendorAuditTaskSummary>();
        services.AddSingleton<SlaGovernance.Data.Events.IDomainEventSubscriber, AuditEvidenceAnswered>();
        return builder;
    }
}
