using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Assessments;

/// <summary>
/// Vendor due diligence (workflows/vendor-assessment.json): four reviews answering versioned questionnaires, inherent and residual risk,
/// the board's approval of a critical result, the vendor's tier following it, and re-assessment by tier.
/// </summary>
public static class AssessmentsFeature
{
    public static WebApplicationBuilder AddAssessments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AssessmentOptions>(builder.Configuration.GetSection(AssessmentOptions.Section));
        services.AddSingleton<QuestionnaireCatalogue>();
        services.AddSingleton<StartVendorAssessment>();
        services.AddSingleton<ReassessmentSchedule>();
        services.AddSingleton<AssessmentReviews>();
        services.AddSingleton<AssessmentViews>();
        services.AddHostedService<ReassessmentSweep>();
        services.AddSingleton<IWorkflowAction, VendorAssessmentScoreAction>();
        services.AddSingleton<IWorkflowAction, VendorAssessmentCompleteAction>();
        services.AddSingleton<IWorkflowSubjectStatus, VendorAssessmentStatuses>();
        services.AddSingleton<IWorkflowSubjectSummary, VendorAssessmentTaskSummary>();
        services.AddSingleton<SlaGovernance.Data.Events.IDomainEventSubscriber, NewVendorAssessment>();
        return builder;
    }
}
