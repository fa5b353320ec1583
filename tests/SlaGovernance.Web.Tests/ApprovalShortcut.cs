using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Decides a draft version the way the approval workflow's setStatus steps do, without running the workflow's stages: the
/// version goes into approval through the lifecycle, then the workflow's status handler decides it.
/// </summary>
public static class ApprovalShortcut
{
    public static Task ApproveAsync(IServiceProvider services, Guid id, int version) =>
        DecideAsync(services, id, version, AgreementVersionStatus.Approved);

    /// <summary>Submits the version without a workflow and decides it: Approved, Rejected or ChangesRequested.</summary>
    public static async Task DecideAsync(IServiceProvider services, Guid id, int version, string decision)
    {
        var agreements = services.GetRequiredService<AgreementStore>();
        var now = DateTimeOffset.UtcNow;
        var workflowId = Guid.NewGuid();
        await using (var unit = await services.GetRequiredService<Database>().BeginAsync())
        {
            var agreement = (await agreements.GetAsync(unit, id))!;
            var row = (await agreements.GetVersionAsync(unit, id, version))!;
            Assert.True(await agreements.ChangeVersionStatusAsync(unit, id, version, row.Status, AgreementVersionStatus.InApproval, "test", now, null,
                CancellationToken.None));
            // The decision comes from the workflow the version is in approval under, as a submission links it.
            await agreements.UpdateVersionAsync(unit, row with { WorkflowId = workflowId }, CancellationToken.None);
            if (AgreementStatus.FollowsItsVersions(agreement.Status))
                Assert.True(await agreements.ChangeStatusAsync(unit, id, agreement.Status, AgreementStatus.InApproval, now, CancellationToken.None));
            await unit.CommitAsync();
        }
        await services.GetServices<IWorkflowSubjectStatus>().Single(s => s.SubjectType == "Agreement").SetStatusAsync(new WorkflowSubject
        {
            Type = "Agreement", Id = id.ToString(), Fields = new(StringComparer.Ordinal) { ["version"] = JsonSerializer.SerializeToElement(version) },
        }, decision, workflowId.ToString(), $"test/{id}/v{version}/{decision}", CancellationToken.None);
    }
}
