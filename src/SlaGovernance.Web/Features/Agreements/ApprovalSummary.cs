using System.Text.RegularExpressions;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Web.Features.Clauses;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>What an approver is asked to approve: the round's content as submitted, its vendor, and its clauses as they read.</summary>
public sealed record ApprovalSummaryView(Guid AgreementId, int Version, int Round, AgreementContent Content, string? VendorName,
    IReadOnlyList<RenderedClause> Clauses)
{
    public IReadOnlyList<RenderedClause> NonStandardClauses => Clauses.Where(c => c.IsNonStandard).ToList();
}

/// <summary>
/// The summary an approval task shows above what changed: objectives with targets, credit tiers and cap, exclusions and
/// non-standard clauses, read from the round submitted (each submitted round's content is kept).
/// </summary>
public sealed partial class ApprovalSummaries(IPersistenceProvider workflows, AgreementStore agreements, VendorStore vendors, AgreementClauses clauses)
{
    public async Task<ApprovalSummaryView?> ForWorkflowAsync(Guid workflowId, CancellationToken cancellationToken = default)
    {
        var instance = await workflows.GetWorkflowInstance(workflowId.ToString(), cancellationToken);
        if (instance?.Data is not WorkflowSubject { Type: "Agreement" } subject || !Guid.TryParse(subject.Id, out var agreementId)
            || subject.FieldValue("version") is not long version)
            return null;
        var round = subject.FieldValue("round") is long r ? (int)r : 0;
        var submitted = (await agreements.SubmissionsAsync(agreementId, cancellationToken))
            .SingleOrDefault(s => s.VersionNumber == version && s.Round == round);
        var json = submitted?.Content ?? (await agreements.GetVersionAsync(agreementId, (int)version, cancellationToken))?.Content;
        if (json is null)
            return null;
        var content = AgreementContent.FromJson(json);
        var vendor = content.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.Name : null;
        return new ApprovalSummaryView(agreementId, (int)version, round, content, vendor, await clauses.RenderAsync(content, cancellationToken));
    }

    /// <summary>An enum value in words: ThirdParty reads "Third party".</summary>
    public static string Words(Enum value)
    {
        var spaced = Capitals().Replace(value.ToString(), " $1").Trim();
        return spaced.Length == 0 ? spaced : spaced[0] + spaced[1..].ToLowerInvariant();
    }

    [GeneratedRegex("([A-Z])")]
    private static partial Regex Capitals();
}
