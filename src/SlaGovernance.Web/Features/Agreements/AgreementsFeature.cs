using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Web.Features.Agreements;

using AgreementChangeFailure = CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem, ForbiddenProblem>;

/// <summary>
/// Agreements: drafting, approval by policy, the Word contract, signature, the lifecycle by the calendar, import and early end.
/// Each use case is one file holding its command, its endpoint and what the page calls.
/// </summary>
public static class AgreementsFeature
{
    public static WebApplicationBuilder AddAgreements(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<AgreementValidator>();
        services.AddSingleton<DraftAgreement>();
        services.AddSingleton<SaveDraft>();
        services.AddSingleton<SubmitForApproval>();
        services.AddSingleton<StartNewVersion>();
        services.AddSingleton<RecordSignature>();
        services.AddSingleton<ImportSignedAgreement>();
        services.AddSingleton<TerminateEarly>();
        services.AddSingleton<GenerateContract>();
        services.AddSingleton<AgreementLifecycle>();
        services.AddSingleton<AgreementRounds>();
        services.AddSingleton<ApprovalSummaries>();
        services.AddSingleton<ChangesRequestedNotices>();
        services.AddSingleton<ContractTemplates>();
        services.AddSingleton<IWorkflowSubjectStatus, ApprovalDecisions>();
        services.AddSingleton<IWorkflowSubjectAuthors, AgreementAuthors>();
        services.AddSingleton<IWorkflowSubjectSource, ApprovalStartedByHand>();
        services.AddSingleton<IWorkflowAction, GenerateContractAction>();
        services.AddSingleton<IWorkflowAction, ConfirmImportAction>();
        services.Configure<AgreementOptions>(builder.Configuration.GetSection(AgreementOptions.Section));
        services.AddSingleton<SlaGovernance.Workflows.Tasks.IWorkflowSubjectSummary, AgreementTaskSummary>();
        services.AddAttentionSource<ReturnedDraftsAttention>();
        services.AddAttentionSource<WaitingApprovalsAttention>();
        services.AddHostedService<AgreementLifecycleSweep>();
        return builder;
    }

    public static RouteGroupBuilder MapAgreementsApi(this RouteGroupBuilder api)
    {
        var agreements = api.MapGroup("/agreements").WithTags("Agreements");
        AgreementQueries.Map(agreements);
        DraftAgreement.Map(agreements);
        SaveDraft.Map(agreements);
        SubmitForApproval.Map(agreements);
        GenerateContract.Map(agreements);
        RecordSignature.Map(agreements);
        ImportSignedAgreement.Map(agreements);
        return api;
    }
}

/// <summary>The answers the agreement endpoints share.</summary>
internal static class AgreementAnswers
{
    /// <summary>The agreement with its revision as ETag, or why the command did nothing: invalid, unknown, stale (412) or not allowed.</summary>
    public static Results<Ok<AgreementDto>, AgreementChangeFailure, PreconditionRequiredProblem> Of(HttpContext context,
        CommandResult<AgreementView> result)
    {
        if (result.Status != CommandStatus.Ok)
            return AgreementChangeFailure.For(context, result, v => v.Agreement.Version);
        context.Response.Headers.ETag = ETags.For(result.Value!.Agreement.Version);
        return TypedResults.Ok(AgreementDto.From(result.Value));
    }

    public static NotFoundProblem NotFound(Guid id) => new($"No agreement has id {id}.");
}
