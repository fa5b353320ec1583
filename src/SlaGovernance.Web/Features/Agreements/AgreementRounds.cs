using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>What an approver is asked to decide compared with what was decided or seen before.</summary>
/// <param name="Since">What the round is compared with, in words ("round 1 of version 2", "version 1 as approved"); null for a first submission.</param>
public sealed record RoundChanges(Guid AgreementId, int Version, int Round, string? Since, IReadOnlyList<AgreementChange> Changes);

/// <summary>
/// The changes a round brings: against the round before it of the same version (what the approvers sent back), or for
/// the first round of a later version, against the version before it as approved.
/// </summary>
public sealed class AgreementRounds(AgreementStore agreements, IPersistenceProvider workflows)
{
    public async Task<RoundChanges?> ChangesAsync(Guid agreementId, int version, int? round, CancellationToken cancellationToken = default)
    {
        var submissions = await agreements.SubmissionsAsync(agreementId, cancellationToken);
        var ofVersion = submissions.Where(s => s.VersionNumber == version).ToList();
        var current = round is { } r ? ofVersion.SingleOrDefault(s => s.Round == r) : ofVersion.LastOrDefault();
        if (current is null)
            return null;
        if (ofVersion.LastOrDefault(s => s.Round < current.Round) is { } previousRound)
            return new RoundChanges(agreementId, version, current.Round, $"round {previousRound.Round} of version {version}",
                AgreementChanges.Between(AgreementContent.FromJson(previousRound.Content), AgreementContent.FromJson(current.Content)));
        if (version > 1 && await agreements.GetVersionAsync(agreementId, version - 1, cancellationToken) is { } earlier)
            return new RoundChanges(agreementId, version, current.Round, $"version {earlier.Number} ({earlier.Status})",
                AgreementChanges.Between(AgreementContent.FromJson(earlier.Content), AgreementContent.FromJson(current.Content)));
        return new RoundChanges(agreementId, version, current.Round, null, []);
    }

    /// <summary>The round an approval task belongs to, read from its workflow's subject; null when the task is not about an agreement.</summary>
    public async Task<RoundChanges?> ForWorkflowAsync(Guid workflowId, CancellationToken cancellationToken = default)
    {
        var instance = await workflows.GetWorkflowInstance(workflowId.ToString(), cancellationToken);
        if (instance?.Data is not WorkflowSubject { Type: "Agreement" } subject || !Guid.TryParse(subject.Id, out var agreementId)
            || subject.FieldValue("version") is not long version)
            return null;
        return await ChangesAsync(agreementId, (int)version, subject.FieldValue("round") is long round ? (int)round : null, cancellationToken);
    }
}
