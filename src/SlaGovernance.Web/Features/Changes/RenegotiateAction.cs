using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Changes;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>
/// renewal-renegotiate: opens a change request for the next term (a standard change effective the day after the term ends), whose
/// draft is copied from the signed version with its dates moved; approved through workflows/change-request.json and signed, it
/// governs the next term and the next cycle starts from it. When another change request is open, that one is left to finish and
/// the decision is recorded without a draft.
/// </summary>
public sealed class RenegotiateAction(Database database, RenewalCycleStore cycles, AuditLog audit, TaskStore tasks, DomainEvents events,
    TimeProvider time, AgreementStore agreements, OpenChangeRequest openChange, ChangeRequestStore changes, SaveDraft saveDraft)
    : RenewalAction(database, cycles, audit, tasks, events, time)
{
    public override string Name => "renewal-renegotiate";

    public override async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var (by, comment) = await DeciderAsync(context, cancellationToken);
        var id = AgreementId(context);
        var termEnd = TermEnd(context);
        var agreement = await agreements.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"No agreement has id {id}.");
        var reason = $"Renegotiation for the term after {termEnd:yyyy-MM-dd}";
        var open = await changes.OpenOfAsync(id, cancellationToken);
        string draftNote;
        if (open is null || open.Reason?.StartsWith(reason, StringComparison.Ordinal) == true)
        {
            // A replay after a crash finds the request it opened, and dates its draft if that had not happened yet.
            var request = open;
            var revision = agreement.Version;
            if (request is null)
            {
                var opened = await openChange.RunAsync(by, id, new ChangeRequestBody
                {
                    Class = nameof(SlaGovernance.Domain.Changes.ChangeClass.Standard),
                    Reason = reason + (comment is null ? "" : $": {comment}"),
                    EffectiveOn = termEnd.AddDays(1),
                }, cancellationToken: cancellationToken);
                if (opened.Status != CommandStatus.Ok)
                    throw new InvalidOperationException("Could not open the renegotiation change request: " +
                        (opened.Message ?? string.Join("; ", opened.Errors?.SelectMany(e => e.Value) ?? [])));
                request = opened.Value!.Request;
                revision = opened.Value.Agreement.Version;
            }
            var draft = (await agreements.GetVersionAsync(id, request.ProposedVersion!.Value, cancellationToken))!;
            var content = draft.Parsed;
            if (content.TermStart != termEnd.AddDays(1) && draft.IsEditable)
            {
                var length = Period.LengthOf(content.TermStart, content.TermEnd);
                var next = content with
                {
                    TermStart = termEnd.AddDays(1),
                    TermEnd = (content.Renewal.RenewalTerm ?? length).AddTo(termEnd.AddDays(1)).AddDays(-1),
                };
                var saved = await saveDraft.RunAsync(by, id, next, revision, cancellationToken);
                if (saved.Status != CommandStatus.Ok)
                    throw new InvalidOperationException($"Could not date the renegotiation draft: {saved.Message}");
            }
            draftNote = $"{request.Reference} drafts version {draft.Number}";
        }
        else
            draftNote = $"{open.Reference} was already open, so no renegotiation draft was opened; finish it, then request the renegotiation";
        await CloseAsync(context, RenewalCycleStatus.Renegotiating, "renegotiate", by,
            $"{Text(context, "title")} is renegotiated for the term after {termEnd:yyyy-MM-dd} (decided by {by}{(comment is null ? "" : $": {comment}")}); " +
            draftNote, null, cancellationToken);
    }
}
