using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>
/// Change control: change requests on approved, signed and active agreements, routed by class and impact through
/// workflows/change-request.json, with their redline and amendment, termination through change control, and the change calendar.
/// </summary>
public static class ChangesFeature
{
    public static WebApplicationBuilder AddChanges(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<OpenChangeRequest>();
        services.AddSingleton<SubmitChangeRequest>();
        services.AddSingleton<UpdateChangeRequest>();
        services.AddSingleton<WithdrawChangeRequest>();
        services.AddSingleton<ChangeRequestQueries>();
        services.AddSingleton<IDraftOwner, ChangeRequestDrafts>();
        services.AddSingleton<IWorkflowAction, RenegotiateAction>();
        services.AddSingleton<IWorkflowSubjectStatus, ChangeRequestDecisions>();
        services.AddSingleton<IWorkflowSubjectAuthors, ChangeRequestAuthors>();
        services.AddSingleton<IWorkflowSubjectSummary, ChangeRequestTaskSummary>();
        services.AddSingleton<IWorkflowSubjectSource, ChangeRequestStartedByHand>();
        services.AddSingleton<IWorkflowAction, ChangeRequestContractAction>();
        services.AddSingleton<IWorkflowAction, ChangeRequestTerminateAction>();
        services.AddSingleton<IWorkflowAction, ChangeRequestRevertAction>();
        services.AddSingleton<IWorkflowAction, ChangeRequestEffectiveAction>();
        services.AddSingleton<SlaGovernance.Data.Events.IDomainEventSubscriber, AmendmentsFollowSignatures>();
        return builder;
    }

    public static RouteGroupBuilder MapChangesApi(this RouteGroupBuilder api)
    {
        OpenChangeRequest.Map(api);
        SubmitChangeRequest.Map(api);
        UpdateChangeRequest.Map(api);
        WithdrawChangeRequest.Map(api);
        ChangeRequestQueries.Map(api);
        ChangeControlledEndpoints.Map(api);
        return api;
    }
}
