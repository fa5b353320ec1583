using System.Security.Cryptography;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Organisation;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Documents.Letters;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Renewals;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Renewals;

/// <summary>What starts an agreement's exit, or joins the running one: the agreement, its last day, the kind and a key kept once.</summary>
public sealed record ExitTrigger(Guid AgreementId, DateOnly EndsOn, string Kind, string Key, string Why, string By);

/// <summary>Where an agreement's exit starts when it is not renewed or is terminated; implemented by the exits feature.</summary>
public interface IExitPlanningHook
{
    /// <summary>In the caller's transaction: the exit starts (or the trigger joins the running one) exactly when what ends the agreement commits.</summary>
    Task StartAsync(UnitOfWork unit, ExitTrigger trigger, CancellationToken cancellationToken);
}

/// <summary>
/// The renewal workflow's domain steps. Each records the term's decision once (the cycle row is closed only from Open or
/// Renegotiating, so a replayed step finds it closed and changes nothing twice), with its effect in the same transaction.
/// </summary>
public abstract class RenewalAction(Database database, RenewalCycleStore cycles, AuditLog audit, TaskStore tasks, DomainEvents events, TimeProvider time)
    : IWorkflowAction
{
    public abstract string Name { get; }

    protected Database Database => database;
    protected TimeProvider Time => time;
    protected AuditLog Audit => audit;

    public abstract Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken);

    protected static Guid AgreementId(WorkflowActionContext context) => Guid.Parse(context.Subject.Id);

    protected static DateOnly TermEnd(WorkflowActionContext context) =>
        context.Subject.FieldValue("termEnd") is string text ? DateOnly.ParseExact(text, "yyyy-MM-dd")
            : throw new InvalidOperationException("The renewal workflow's subject has no termEnd.");

    protected static string Text(WorkflowActionContext context, string field) => context.Subject.FieldValue(field)?.ToString() ?? "";

    /// <summary>Who answered the renewal decision (the last completed task of this workflow), or the system.</summary>
    protected async Task<(string By, string? Comment)> DeciderAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var answered = (await tasks.OfWorkflowAsync(Guid.Parse(context.WorkflowId), cancellationToken))
            .Where(t => t.Status == WorkflowTaskStatus.Completed).MaxBy(t => t.CompletedAt);
        return answered is null ? ("system", null) : (answered.CompletedBy ?? "system", answered.Comment);
    }

    /// <summary>
    /// Closes the cycle with its decision and runs <paramref name="effect"/> in the same transaction, once; the decision is told as
    /// <see cref="RenewalDecided"/> (a renewed term's next cycle starts from it).
    /// </summary>
    protected async Task<bool> CloseAsync(WorkflowActionContext context, string status, string decision, string by, string summary,
        Func<UnitOfWork, Task>? effect, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await cycles.CloseAsync(unit, AgreementId(context), TermEnd(context), status, decision, by, now, cancellationToken))
            return false;
        if (effect is not null)
            await effect(unit);
        await audit.AppendAsync(unit, new AuditRecord(by, $"agreement.renewal-{decision}", "Agreement", context.Subject.Id, summary), cancellationToken);
        await events.AppendAsync(unit, new RenewalDecided(AgreementId(context), TermEnd(context), decision, status), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return true;
    }
}

/// <summary>
/// renewal-renew: renew as is. A tacit agreement then simply rolls on at its end; any other is extended here by its renewal
/// term (or its own length again), guarded by the end it moves. The next term's cycle starts at once.
/// </summary>
public sealed class RenewAction(Database database, RenewalCycleStore cycles, AuditLog audit, TaskStore tasks, DomainEvents events, TimeProvider time,
    AgreementTermStore terms) : RenewalAction(database, cycles, audit, tasks, events, time)
{
    public override string Name => "renewal-renew";

    public override async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var (by, comment) = await DeciderAsync(context, cancellationToken);
        var id = AgreementId(context);
        var termEnd = TermEnd(context);
        var term = await terms.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Agreement {id} has no signed term.");
        Func<UnitOfWork, Task>? extend = null;
        var summary = $"{Text(context, "title")} renews as is after {termEnd:yyyy-MM-dd} (decided by {by}{(comment is null ? "" : $": {comment}")})";
        if (AgreementLifecycle.RenewalTerm(term) is null)
        {
            var length = Period.LengthOf(term.TermStart, termEnd);
            var newEnd = length.AddTo(termEnd.AddDays(1)).AddDays(-1);
            summary += $"; the term now ends on {newEnd:yyyy-MM-dd}";
            extend = unit => terms.RenewAsync(unit, id, termEnd, newEnd, 1, Time.GetUtcNow(), cancellationToken);
        }
        await CloseAsync(context, RenewalCycleStatus.Renewed, "renew", by, summary, extend, cancellationToken);
    }
}

/// <summary>renewal-tacit: nobody decided by the notice deadline, so a tacit agreement renews; the next term's cycle starts.</summary>
public sealed class TacitRenewalAction(Database database, RenewalCycleStore cycles, AuditLog audit, TaskStore tasks, DomainEvents events,
    TimeProvider time) : RenewalAction(database, cycles, audit, tasks, events, time)
{
    public override string Name => "renewal-tacit";

    public override async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        await CloseAsync(context, RenewalCycleStatus.Renewed, "tacit", "system",
            $"{Text(context, "title")} renews tacitly: no decision by the notice deadline {Text(context, "noticeDeadline")}; the next term follows {TermEnd(context):yyyy-MM-dd}",
            null, cancellationToken);
    }
}

/// <summary>renewal-lapse: not tacit, and nobody decided; the agreement expires with its term, and its exit starts.</summary>
public sealed class LapseAction(Database database, RenewalCycleStore cycles, AuditLog audit, TaskStore tasks, DomainEvents events, TimeProvider time,
    IExitPlanningHook exitPlanning) : RenewalAction(database, cycles, audit, tasks, events, time)
{
    public override string Name => "renewal-lapse";

    public override Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken) =>
        CloseAsync(context, RenewalCycleStatus.Lapsed, "lapse", "system",
            $"{Text(context, "title")} lapses: nobody decided its renewal, and it does not renew itself; it expires after {TermEnd(context):yyyy-MM-dd}",
            unit => exitPlanning.StartAsync(unit, new ExitTrigger(AgreementId(context), TermEnd(context), Domain.Exits.ExitTriggers.RenewalLapsed,
                $"renewal/{TermEnd(context):yyyy-MM-dd}", $"nobody decided its renewal by the notice deadline; it expires after {TermEnd(context):yyyy-MM-dd}",
                "system"), cancellationToken),
            cancellationToken);
}

/// <summary>renewal-notice-letter: the notice of non-renewal as a Word document, stored with the signed version once.</summary>
public sealed class NoticeLetterAction(Database database, RenewalCycleStore cycles, AuditLog audit, TaskStore tasks, DomainEvents events,
    TimeProvider time, AgreementStore agreements, AgreementTermStore terms, AgreementDocumentStore documents, OrganisationStore organisation,
    VendorStore vendors, Vendors.VendorContacts contacts) : RenewalAction(database, cycles, audit, tasks, events, time)
{
    public override string Name => "renewal-notice-letter";

    public override async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var id = AgreementId(context);
        var term = await terms.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Agreement {id} has no signed term.");
        if ((await documents.OfAgreementAsync(id, cancellationToken)).Any(d => d.Kind == AgreementDocumentKinds.NoticeLetter
                && d.VersionNumber == term.VersionNumber && d.FileName.Contains(TermEnd(context).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))))
            return;
        var (by, comment) = await DeciderAsync(context, cancellationToken);
        var version = (await agreements.GetVersionAsync(id, term.VersionNumber, cancellationToken))!.Parsed;
        var vendor = version.VendorId is { } vendorId ? await vendors.GetAsync(vendorId, cancellationToken) : null;
        var customer = (await organisation.GetAsync(cancellationToken))?.Name ?? "The customer";
        var now = Time.GetUtcNow();
        var zone = NodaTime.DateTimeZoneProviders.Tzdb[term.TimeZone];
        // The notice goes to the vendor's commercial contact, falling back as VendorContactRules says.
        var recipient = vendor is null ? null : await contacts.RecipientAsync(vendor.Id, Domain.Vendors.VendorLetter.NoticeOfNonRenewal, cancellationToken);
        var letter = NoticeLetter.Generate(new NoticeLetterInput(customer, vendor?.Name ?? version.InternalProvider ?? "the provider", recipient?.Email,
            version.Title, term.VersionNumber, TermEnd(context), DateOnly.ParseExact(Text(context, "noticeDeadline"), "yyyy-MM-dd"), term.TimeZone,
            NodaTime.Instant.FromDateTimeOffset(now).InZone(zone).Date.ToDateOnly(), comment, by));
        var row = new AgreementDocumentRow
        {
            Id = Guid.NewGuid(), AgreementId = id, VersionNumber = term.VersionNumber, Kind = AgreementDocumentKinds.NoticeLetter,
            FileName = $"notice-of-non-renewal-{TermEnd(context):yyyy-MM-dd}.docx", ContentType = NoticeLetter.ContentType, Content = letter,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(letter)), SizeBytes = letter.Length, CreatedBy = "workflow", CreatedAt = now,
        };
        await using var unit = await Database.BeginAsync(cancellationToken);
        await documents.InsertAsync(unit, row, cancellationToken);
        await Audit.AppendAsync(unit, new AuditRecord("workflow", "agreement.notice-letter-generated", "Agreement", id.ToString(),
            $"Generated the notice of non-renewal of {version.Title}: {row.FileName} ({row.SizeBytes} bytes, SHA-256 {row.Sha256[..12]})"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// renewal-terminate: notice was sent, so the agreement does not renew; its renewal term is taken off, and the lifecycle
/// expires it after its last day. The agreement's exit starts in the same transaction.
/// </summary>
public sealed class TerminateAction(Database database, RenewalCycleStore cycles, AuditLog audit, TaskStore tasks, DomainEvents events,
    TimeProvider time, AgreementTermStore terms, IExitPlanningHook exitPlanning) : RenewalAction(database, cycles, audit, tasks, events, time)
{
    public override string Name => "renewal-terminate";

    public override async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var (by, comment) = await DeciderAsync(context, cancellationToken);
        var id = AgreementId(context);
        await CloseAsync(context, RenewalCycleStatus.Terminated, "terminate", by,
            $"{Text(context, "title")} ends after {TermEnd(context):yyyy-MM-dd}: notice of non-renewal sent (by {by}{(comment is null ? "" : $": {comment}")})",
            async unit =>
            {
                await terms.StopRenewalAsync(unit, id, cancellationToken);
                await exitPlanning.StartAsync(unit, new ExitTrigger(id, TermEnd(context), Domain.Exits.ExitTriggers.RenewalTerminated,
                    $"renewal/{TermEnd(context):yyyy-MM-dd}", $"notice of non-renewal sent; it ends after {TermEnd(context):yyyy-MM-dd}", by), cancellationToken);
            },
            cancellationToken);
    }
}
