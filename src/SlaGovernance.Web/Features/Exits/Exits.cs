using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Exits;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Persistence;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Features.Exits;

/// <summary>What workflows/exit.json reads of an exit, and what its tasks and emails name.</summary>
[StartsDefinition(Exits.Definition)]
public sealed record ExitFields(
    string Title,
    string Vendor,
    string EndsOn,
    DateTimeOffset EndsAt,
    string Triggers,
    bool CertificateRequired,
    bool Critical,
    string DataInventory,
    string Owner,
    bool HasVendor = false,
    string TransitionEndsOn = "",
    DateTimeOffset TransitionEndsAt = default) : SubjectFields;

/// <summary>
/// The transition assistance window: the days after the agreement's last day in which the vendor helps the hand-over, as many as the
/// exit terms' TransitionAssistanceDays (the exit plan's transition days when the agreement states no exit terms).
/// </summary>
public sealed record TransitionWindow(DateOnly StartsOn, DateOnly EndsOn, int Days)
{
    public static TransitionWindow After(DateOnly lastDay, int days) => new(lastDay.AddDays(1), lastDay.AddDays(Math.Max(0, days)), Math.Max(0, days));

    public static int DaysOf(AgreementContent content, ExitPlanRow? plan) => content.Exit?.TransitionAssistanceDays ?? plan?.TransitionDays ?? 0;

    /// <summary>When the hand-over task falls due: the end of the window's last day in the agreement's time zone.</summary>
    public DateTimeOffset EndsAt(string timeZone) => ZonedDays.StartOf(EndsOn.AddDays(1), timeZone);

    /// <summary>Days of the window still to come on the given day, that day included: all of them before it starts, none after it ends.</summary>
    public int DaysLeft(DateOnly today) => today > EndsOn ? 0 : EndsOn.DayNumber - (today > StartsOn ? today : StartsOn).DayNumber + 1;

    public string Describe(DateOnly today)
    {
        var from = StartsOn.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var until = EndsOn.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        if (Days == 0)
            return "The exit terms give no transition assistance: hold the hand-over sessions before the agreement ends.";
        var left = DaysLeft(today);
        return today < StartsOn ? $"{Days} days from {from} until {until}; it has not started yet."
            : left == 0 ? $"{Days} days from {from} until {until}; it has ended."
            : $"{Days} days from {from} until {until}; {left} {(left == 1 ? "day" : "days")} left.";
    }
}

public sealed record ExitView(ExitRow Exit, AgreementRow Agreement, string? VendorName, IReadOnlyList<ExitTriggerRow> Triggers, IReadOnlyList<TaskRow> Tasks,
    AgreementRow? Replacement = null, TransitionWindow? Transition = null, DateOnly? Today = null)
{
    /// <summary>How the replacing agreement covers this one, when the exit names one.</summary>
    public ReplacementCover? Cover => Replacement is { } next ? new ReplacementCover(Agreement.TermStart, Exit.EndsOn, next.TermStart, next.TermEnd) : null;
}

/// <summary>
/// Exit execution: one exit per agreement, keyed by it, started by a renewal's termination or lapse, an approved termination change
/// request, or by hand; a later trigger joins the running exit. workflows/exit.json runs it; its subject id is the agreement's id, so
/// the events it waits for ("exit.data-received", "exit.certificate-received") are keyed by the agreement.
/// </summary>
public sealed class Exits(Database database, ExitStore exits, AgreementStore agreements, AgreementTermStore terms, VendorStore vendors,
    AuditLog audit, DomainEvents events, DapperPersistenceProvider workflowStore, IQueueProvider queue, TaskStore tasks, TaskClosing closing,
    TimeProvider time) : IExitPlanningHook
{
    public const string Definition = "exit";
    public const string SubjectType = "Exit";
    public const string DataReceivedEvent = "exit.data-received";
    public const string CertificateReceivedEvent = "exit.certificate-received";
    public const string NoticeAcknowledgedEvent = "exit.notice-acknowledged";

    /// <summary>What the "Chase the vendor's acknowledgement" task closes with once the vendor acknowledges the notice.</summary>
    public const string NoticeAcknowledgedOutcome = "notice-acknowledged";

    /// <summary>What the "Chase the data return" task closes with once the data is received.</summary>
    public const string DataReceivedOutcome = "data-received";

    /// <summary>What the "Chase the deletion certificate" task closes with once the vendor sends it.</summary>
    public const string CertificateReceivedOutcome = "certificate-received";

    public const int MaxReason = 2000;

    /// <summary>
    /// Opens the agreement's exit in the caller's transaction, or joins the running one; the trigger is kept once by its key, so a
    /// replayed step adds nothing. A new exit stops any tacit renewal and tells <see cref="ExitStarted"/>, from which its workflow starts.
    /// </summary>
    public async Task StartAsync(UnitOfWork unit, ExitTrigger trigger, CancellationToken cancellationToken) =>
        await OpenOrJoinAsync(unit, trigger, cancellationToken);

    private async Task<bool> OpenOrJoinAsync(UnitOfWork unit, ExitTrigger trigger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = trigger.AgreementId;
        if (!await exits.AddTriggerAsync(unit, new ExitTriggerRow
            {
                AgreementId = id, TriggerKey = trigger.Key, Kind = trigger.Kind, Why = trigger.Why, TriggeredBy = trigger.By, TriggeredAt = now,
            }, cancellationToken))
            return false;
        var content = await ContentAsync(unit, id, cancellationToken);
        var opened = await exits.InsertAsync(unit, new ExitRow
        {
            AgreementId = id, Status = ExitStatus.Running, EndsOn = trigger.EndsOn, StartedBy = trigger.By, StartedAt = now,
            CertificateRequired = content?.Exit?.DeletionCertificate ?? false, Revision = 1,
        }, cancellationToken);
        if (opened)
        {
            await terms.StopRenewalAsync(unit, id, cancellationToken);
            await events.AppendAsync(unit, new ExitStarted(id, trigger.EndsOn, trigger.Kind, trigger.Why), cancellationToken);
        }
        await audit.AppendAsync(unit, new AuditRecord(trigger.By, opened ? "exit.started" : "exit.joined", "Agreement", id.ToString(),
            opened ? $"The exit of {content?.Title ?? "the agreement"} starts: {trigger.Why}; the agreement ends on {trigger.EndsOn:yyyy-MM-dd}"
                : $"{trigger.Why}: joins the running exit of {content?.Title ?? "the agreement"}"), cancellationToken);
        return opened;
    }

    /// <summary>An exit started by hand (Procurement, vendor managers): the agreement must be signed and not exited; a reason is required.</summary>
    public async Task<CommandResult<(ExitView View, bool Started)>> StartByHandAsync(string actor, Guid agreementId, string? reason,
        CancellationToken cancellationToken = default)
    {
        var agreement = await agreements.GetAsync(agreementId, cancellationToken);
        if (agreement is null)
            return CommandResult<(ExitView, bool)>.NotFound($"No agreement has id {agreementId}.");
        var errors = new ValidationErrors();
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
            errors.Add("reason", "Say why the exit starts, such as the service moving in-house.");
        else if (why.Length > MaxReason)
            errors.Add("reason", $"The reason may be at most {MaxReason} characters (it has {why.Length}).");
        var term = await terms.GetAsync(agreementId, cancellationToken);
        if (agreement.Status == AgreementStatus.Exited)
            errors.Add("agreement", $"{agreement.Title} has exited already; there is nothing left to exit.");
        else if (term is null || !AgreementStatus.IsSigned(agreement.Status))
            errors.Add("agreement", $"{agreement.Title} is {AgreementStatus.Label(agreement.Status)}; only a signed agreement is exited. Withdraw or reject the draft instead.");
        if (!errors.IsValid)
            return CommandResult<(ExitView, bool)>.Invalid(errors);
        bool started;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            started = await OpenOrJoinAsync(unit, new ExitTrigger(agreementId, term!.EndsOn ?? term.TermEnd, ExitTriggers.ByHand,
                $"by-hand/{Guid.CreateVersion7(time.GetUtcNow())}", $"started by hand by {actor}: {why}", actor), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<(ExitView, bool)>.Ok(((await ViewAsync(agreementId, cancellationToken))!, started));
    }

    /// <summary>
    /// The returned data arrived (the vendor answered the data-return request with files, or staff recorded receipt): kept once, and
    /// the exit's wait for "exit.data-received" ends (or its chase task closes).
    /// </summary>
    public async Task<CommandResult<ExitView>> RecordDataReceivedAsync(Guid agreementId, string by, string how, CancellationToken cancellationToken = default)
    {
        var exit = await exits.GetAsync(agreementId, cancellationToken);
        if (exit is null)
            return CommandResult<ExitView>.NotFound($"Agreement {agreementId} has no exit; start one first.");
        var view = (await ViewAsync(agreementId, cancellationToken))!;
        if (exit.Status != ExitStatus.Running || exit.DataReceivedAt is not null)
            return CommandResult<ExitView>.Stale(view, exit.DataReceivedAt is { } at
                ? $"The returned data of {view.Agreement.Title} was recorded already ({at:yyyy-MM-dd HH:mm} UTC by {exit.DataReceivedBy}); nothing was changed."
                : $"The exit of {view.Agreement.Title} is {ExitStatus.Label(exit.Status).ToLowerInvariant()}; nothing was changed.");
        var now = time.GetUtcNow();
        string? woken;
        string eventId;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await exits.UpdateAsync(unit, exit with { DataReceivedAt = now, DataReceivedBy = by }, cancellationToken))
                return CommandResult<ExitView>.Stale(view, $"The exit of {view.Agreement.Title} changed at the same moment; reload it.");
            await audit.AppendAsync(unit, new AuditRecord(by, "exit.data-received", "Agreement", agreementId.ToString(),
                $"The returned data of {view.Agreement.Title} was received: {how}"), cancellationToken);
            (woken, eventId) = await PublishAsync(unit, DataReceivedEvent, agreementId, now, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        await QueueAsync(woken, eventId);
        await closing.CloseAsync(SubjectType, agreementId.ToString(), DataReceivedOutcome, by, cancellationToken);
        return CommandResult<ExitView>.Ok((await ViewAsync(agreementId, cancellationToken))!);
    }

    /// <summary>
    /// The vendor acknowledged the exit notice (answered the acknowledgement request through its token): who and when are kept once,
    /// and the exit's wait for "exit.notice-acknowledged" ends (or its chase task closes). A second answer changes nothing.
    /// </summary>
    public async Task<bool> RecordNoticeAcknowledgedAsync(Guid agreementId, string by, CancellationToken cancellationToken = default) =>
        (await RecordNoticeAcknowledgedAsync(agreementId, by, "answered the acknowledgement request", cancellationToken)).Status == CommandStatus.Ok;

    /// <summary>
    /// The acknowledgement recorded, by the vendor's answer or by staff when it came another way (a signed letter): refused (409) when
    /// it was recorded already or the exit is not running, writing nothing.
    /// </summary>
    public async Task<CommandResult<ExitView>> RecordNoticeAcknowledgedAsync(Guid agreementId, string by, string how, CancellationToken cancellationToken)
    {
        // A write that lost the race to one of the exit's own steps is made again on the row as it now is: the acknowledgement is not lost.
        for (var attempt = 1; ; attempt++)
        {
            var (result, raced) = await TryRecordNoticeAcknowledgedAsync(agreementId, by, how, cancellationToken);
            if (!raced || attempt == 3)
                return result;
        }
    }

    private async Task<(CommandResult<ExitView> Result, bool Raced)> TryRecordNoticeAcknowledgedAsync(Guid agreementId, string by, string how,
        CancellationToken cancellationToken)
    {
        var exit = await exits.GetAsync(agreementId, cancellationToken);
        if (exit is null)
            return (CommandResult<ExitView>.NotFound($"Agreement {agreementId} has no exit; start one first."), false);
        var view = (await ViewAsync(agreementId, cancellationToken))!;
        if (exit.Status != ExitStatus.Running || exit.NoticeAcknowledgedAt is not null)
            return (CommandResult<ExitView>.Stale(view, exit.NoticeAcknowledgedAt is { } at
                ? $"The exit notice of {view.Agreement.Title} was acknowledged already ({at:yyyy-MM-dd HH:mm} UTC by {exit.NoticeAcknowledgedBy}); nothing was changed."
                : $"The exit of {view.Agreement.Title} is {ExitStatus.Label(exit.Status).ToLowerInvariant()}; nothing was changed."), false);
        var title = view.Agreement.Title;
        var now = time.GetUtcNow();
        string? woken;
        string eventId;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await exits.UpdateAsync(unit, exit with { NoticeAcknowledgedAt = now, NoticeAcknowledgedBy = by }, cancellationToken))
                return (CommandResult<ExitView>.Stale(view, $"The exit of {title} changed at the same moment; reload it."), true);
            await audit.AppendAsync(unit, new AuditRecord(by, "exit.notice-acknowledged", "Agreement", agreementId.ToString(),
                $"The vendor acknowledged the exit notice of {title} (ends {exit.EndsOn:yyyy-MM-dd}): {how}"), cancellationToken);
            (woken, eventId) = await PublishAsync(unit, NoticeAcknowledgedEvent, agreementId, now, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        await QueueAsync(woken, eventId);
        await closing.CloseAsync(SubjectType, agreementId.ToString(), NoticeAcknowledgedOutcome, by, cancellationToken);
        return (CommandResult<ExitView>.Ok((await ViewAsync(agreementId, cancellationToken))!), false);
    }

    /// <summary>
    /// Names the agreement that replaces the one being exited (null unlinks it): another agreement that exists and has not exited; the
    /// exit page then shows the overlap of the two terms or warns of a gap in cover.
    /// </summary>
    public async Task<CommandResult<ExitView>> LinkReplacementAsync(string actor, Guid agreementId, Guid? replacementId, CancellationToken cancellationToken = default)
    {
        // The exit's own steps write its row too (the requests they open); the replacement is no field of theirs, so a write that lost
        // the race to one of them is made again on the row as it now is rather than refused.
        for (var attempt = 1; ; attempt++)
        {
            var result = await TryLinkReplacementAsync(actor, agreementId, replacementId, cancellationToken);
            if (result.Status != CommandStatus.Stale || attempt == 3)
                return result;
        }
    }

    private async Task<CommandResult<ExitView>> TryLinkReplacementAsync(string actor, Guid agreementId, Guid? replacementId, CancellationToken cancellationToken)
    {
        var exit = await exits.GetAsync(agreementId, cancellationToken);
        if (exit is null)
            return CommandResult<ExitView>.NotFound($"Agreement {agreementId} has no exit; start one first.");
        var view = (await ViewAsync(agreementId, cancellationToken))!;
        AgreementRow? replacement = null;
        if (replacementId is { } id)
        {
            replacement = await agreements.GetAsync(id, cancellationToken);
            if (replacement is null)
                return CommandResult<ExitView>.Invalid("replacementAgreementId", $"No agreement has id {id}; choose the agreement that takes over the service.");
            if (id == agreementId)
                return CommandResult<ExitView>.Invalid("replacementAgreementId", $"{view.Agreement.Title} cannot replace itself; choose the agreement that takes over the service.");
            if (replacement.Status == AgreementStatus.Exited)
                return CommandResult<ExitView>.Invalid("replacementAgreementId", $"{replacement.Title} has exited itself; choose an agreement that runs on.");
        }
        if (exit.ReplacementAgreementId == replacementId)
            return CommandResult<ExitView>.Ok(view);
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await exits.UpdateAsync(unit, exit with { ReplacementAgreementId = replacementId }, cancellationToken))
                return CommandResult<ExitView>.Stale(view, $"The exit of {view.Agreement.Title} changed at the same moment; reload it.");
            await audit.AppendAsync(unit, new AuditRecord(actor, "exit.replacement", "Agreement", agreementId.ToString(), replacement is null
                ? $"The exit of {view.Agreement.Title} names no replacement any more"
                : $"{replacement.Title} replaces {view.Agreement.Title}: " +
                  new ReplacementCover(view.Agreement.TermStart, exit.EndsOn, replacement.TermStart, replacement.TermEnd).Describe()), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<ExitView>.Ok((await ViewAsync(agreementId, cancellationToken))!);
    }

    /// <summary>The vendor sent the deletion certificate: Legal's review follows (the wait ends, or the chase task closes).</summary>
    public async Task RecordCertificateReceivedAsync(Guid agreementId, string by, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        string? woken;
        string eventId;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            await audit.AppendAsync(unit, new AuditRecord(by, "exit.certificate-received", "Agreement", agreementId.ToString(),
                "The vendor sent the deletion certificate; Legal reviews it"), cancellationToken);
            (woken, eventId) = await PublishAsync(unit, CertificateReceivedEvent, agreementId, now, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        await QueueAsync(woken, eventId);
        await closing.CloseAsync(SubjectType, agreementId.ToString(), CertificateReceivedOutcome, by, cancellationToken);
    }

    /// <summary>Hands the event to the exit's workflow waiting on the agreement's id, or stores it for a wait that comes later.</summary>
    private async Task<(string? Woken, string EventId)> PublishAsync(UnitOfWork unit, string name, Guid agreementId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string> { ["agreementId"] = agreementId.ToString() };
        var key = agreementId.ToString();
        var eventId = Guid.CreateVersion7(now).ToString();
        var woken = await workflowStore.TryDeliverAsync(unit, name, key, data, now.UtcDateTime, cancellationToken);
        if (woken is null)
            await workflowStore.InsertEventAsync(unit, new Event { Id = eventId, EventName = name, EventKey = key, EventData = data, EventTime = now.UtcDateTime },
                cancellationToken);
        return (woken, eventId);
    }

    private async Task QueueAsync(string? woken, string eventId)
    {
        if (woken is not null)
            await queue.QueueWork(woken, QueueType.Workflow);
        else
            await queue.QueueWork(eventId, QueueType.Event);
    }

    public async Task<ExitView?> ViewAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        var exit = await exits.GetAsync(agreementId, cancellationToken);
        var agreement = exit is null ? null : await agreements.GetAsync(agreementId, cancellationToken);
        if (exit is null || agreement is null)
            return null;
        var vendor = agreement.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.Name : null;
        var steps = exit.WorkflowId is { } workflowId ? await tasks.OfWorkflowAsync(workflowId, cancellationToken) : [];
        var replacement = exit.ReplacementAgreementId is { } next ? await agreements.GetAsync(next, cancellationToken) : null;
        TransitionWindow? transition = null;
        DateOnly? today = null;
        if (await terms.GetAsync(agreementId, cancellationToken) is { } term
            && (await agreements.GetVersionAsync(agreementId, term.VersionNumber, cancellationToken))?.Parsed is { } content)
        {
            var plans = await exits.PlansAsync(agreementId, cancellationToken);
            transition = TransitionWindow.After(term.EndsOn ?? exit.EndsOn, TransitionWindow.DaysOf(content, plans.Count > 0 ? plans[0] : null));
            today = ZonedDays.DayOf(time.GetUtcNow(), term.TimeZone);
        }
        return new ExitView(exit, agreement, vendor, await exits.TriggersAsync(agreementId, cancellationToken), steps, replacement, transition, today);
    }

    /// <summary>Read in the caller's transaction, which may have just changed the term (a row another connection would wait for).</summary>
    private async Task<AgreementContent?> ContentAsync(UnitOfWork unit, Guid agreementId, CancellationToken cancellationToken)
    {
        var term = await terms.GetAsync(unit, agreementId, cancellationToken);
        return term is null ? null : (await agreements.GetVersionAsync(unit, agreementId, term.VersionNumber, cancellationToken))?.Parsed;
    }

    /// <summary>Who may start an exit by hand or record data received.</summary>
    public static bool MayRun(IEnumerable<string> roles) => roles.Any(r => r is Roles.Procurement or Roles.VendorManager or Roles.Admin);
}
