using System.Globalization;
using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Exits;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Features.Vendors.Requests;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Persistence;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Web.Features.Exits;

/// <summary>Exit readiness settings: how often a critical vendor is tested, and how long it has to send its sample export.</summary>
public sealed class ExitReadinessOptions
{
    public const string Section = "ExitReadiness";

    /// <summary>Years between two tests of one vendor: 1 tests every calendar year.</summary>
    public int EveryYears { get; set; } = 1;

    /// <summary>Calendar days the vendor has to answer the request for a sample export.</summary>
    public int RespondWithinDays { get; set; } = 14;
}

/// <summary>What workflows/exit-readiness.json reads of a test; the outcome fields are filled in once it is recorded.</summary>
[StartsDefinition(ExitReadinessTests.Definition)]
public sealed record ExitReadinessFields(
    string Vendor,
    string Year,
    string DueOn,
    bool ExportIn = false,
    string Outcome = "",
    string OutcomeSummary = "") : SubjectFields;

public sealed record ExitReadinessView(ExitReadinessRow Test, string VendorName, IReadOnlyList<ExitReadinessGapRow> Gaps, IReadOnlyList<TaskRow> Tasks);

/// <summary>
/// Exit readiness tests of critical vendors (workflows/exit-readiness.json): one per vendor and year, started by the sweep for each
/// critical vendor with a running agreement once its interval has passed, or by hand. The subject id is the test's id, so the event the
/// workflow waits for ("exit-readiness.export-received") and the tasks the application closes are keyed by it.
/// </summary>
public sealed class ExitReadinessTests(Database database, ExitReadinessStore store, VendorStore vendors, VendorPortfolioStore portfolio, VendorOwners owners,
    UserStore users, RenewalCycleStore cycles, TaskStore tasks, TaskClosing closing, AuditLog audit, DapperPersistenceProvider workflowStore,
    IQueueProvider queue, IWorkflowHost workflows, Microsoft.Extensions.Options.IOptions<ExitReadinessOptions> options, TimeProvider time)
{
    public const string Definition = "exit-readiness";
    public const string SubjectType = "ExitReadiness";
    public const string ExportReceivedEvent = "exit-readiness.export-received";

    /// <summary>What the chase task closes with once the sample export arrived.</summary>
    public const string ExportReceivedOutcome = "export-received";

    /// <summary>What the assessment task closes with once its outcome is recorded.</summary>
    public const string RecordedOutcome = "recorded";

    public static string Reference(Guid vendorId, int year) => $"exit-readiness/{vendorId}/{year}";

    /// <summary>Starts this year's test of each critical vendor with a running agreement that is due one; the number started.</summary>
    public async Task<int> StartDueAsync(CancellationToken cancellationToken = default)
    {
        var started = 0;
        var year = (await owners.TodayAsync(time.GetUtcNow(), cancellationToken)).Year;
        foreach (var vendor in (await vendors.ActiveAsync(cancellationToken)).Where(v => v.RiskTier == RiskTier.Critical))
        {
            if (!(await portfolio.AgreementsOfAsync(vendor.Id, cancellationToken)).Any(a => AgreementStatus.IsRunning(a.Status)))
                continue;
            var tested = await store.OfVendorAsync(vendor.Id, cancellationToken);
            var last = tested.Count > 0 ? tested[0] : null;
            if (last is not null && last.TestYear != year && last.TestYear > year - Math.Max(1, options.Value.EveryYears))
                continue;
            if ((await OpenAsync(vendor, year, ApprovalDecisions.WorkflowActor, cancellationToken)).Started)
                started++;
        }
        return started;
    }

    /// <summary>A test started by hand (vendor editors): the vendor must be a critical one and not archived; this year's test, if any, is returned instead.</summary>
    public async Task<CommandResult<(ExitReadinessView View, bool Started)>> StartByHandAsync(string actor, Guid vendorId, CancellationToken cancellationToken = default)
    {
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        if (vendor is null)
            return CommandResult<(ExitReadinessView, bool)>.NotFound($"No vendor has id {vendorId}.");
        if (vendor.IsArchived)
            return CommandResult<(ExitReadinessView, bool)>.Invalid("vendorId", $"{vendor.Name} is archived; restore it before testing its exit readiness.");
        if (vendor.RiskTier != RiskTier.Critical)
            return CommandResult<(ExitReadinessView, bool)>.Invalid("vendorId",
                $"{vendor.Name} is rated {vendor.RiskTier.Label()}; exit readiness is tested for critical vendors only. Change its risk tier first if it is critical.");
        var year = (await owners.TodayAsync(time.GetUtcNow(), cancellationToken)).Year;
        var (test, started) = await OpenAsync(vendor, year, actor, cancellationToken);
        return CommandResult<(ExitReadinessView, bool)>.Ok(((await ViewAsync(test.Id, cancellationToken))!, started));
    }

    /// <summary>
    /// Opens the vendor's test of the year once (the key refuses a second), then starts its workflow or links the one already started
    /// under the test's reference, so a sweep that crashed between the two starts nothing twice.
    /// </summary>
    private async Task<(ExitReadinessRow Test, bool Started)> OpenAsync(VendorRow vendor, int year, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var started = false;
        var test = await store.GetAsync(vendor.Id, year, cancellationToken);
        if (test is null)
        {
            var dueOn = (await owners.TodayAsync(now, cancellationToken)).AddDays(Math.Max(1, options.Value.RespondWithinDays));
            var row = new ExitReadinessRow
            {
                Id = Guid.CreateVersion7(now), VendorId = vendor.Id, TestYear = year, Status = ExitReadinessStatus.Requested, DueOn = dueOn, StartedBy = actor,
                StartedAt = now, Revision = 1,
            };
            await using (var unit = await database.BeginAsync(cancellationToken))
            {
                if (started = await store.InsertAsync(unit, row, cancellationToken))
                {
                    await audit.AppendAsync(unit, new AuditRecord(actor, "exit-readiness.started", "Vendor", vendor.Id.ToString(),
                        $"Exit readiness test {year} of {vendor.Name} started{(actor == ApprovalDecisions.WorkflowActor ? " by the yearly sweep" : $" by hand by {actor}")}; " +
                        $"sample export due {dueOn:yyyy-MM-dd}"), cancellationToken);
                    await unit.CommitAsync(cancellationToken);
                }
            }
            test = (await store.GetAsync(vendor.Id, year, cancellationToken))!;
        }
        if (test.WorkflowId is null)
        {
            var workflowId = await cycles.WorkflowByReferenceAsync(Reference(vendor.Id, year), cancellationToken);
            if (workflowId is null)
            {
                var subject = new WorkflowSubject
                {
                    Type = SubjectType, Id = test.Id.ToString(), RequestedBy = test.StartedBy,
                    Fields = new ExitReadinessFields(vendor.Name, year.ToString(CultureInfo.InvariantCulture), Day(test.DueOn)).ToFields(),
                };
                workflowId = Guid.Parse(await workflows.StartWorkflow(Definition, null, subject, Reference(vendor.Id, year)));
            }
            await store.SetWorkflowAsync(test.Id, workflowId.Value, cancellationToken);
            test = (await store.GetAsync(test.Id, cancellationToken))!;
        }
        return (test, started);
    }

    /// <summary>
    /// The vendor answered the request with files: the first file is the sample export, kept with its SHA-256; the workflow's wait for
    /// "exit-readiness.export-received" ends (or its chase task closes). Once: a test past Requested is left as it is.
    /// </summary>
    public async Task RecordExportAsync(Guid testId, EvidenceFileRow file, string by, CancellationToken cancellationToken = default)
    {
        var test = await store.GetAsync(testId, cancellationToken);
        if (test is null || test.Status != ExitReadinessStatus.Requested)
            return;
        var vendor = (await vendors.GetAsync(test.VendorId, cancellationToken))?.Name ?? "the vendor";
        var now = time.GetUtcNow();
        string? woken;
        string eventId;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await store.UpdateAsync(unit, test with
                {
                    Status = ExitReadinessStatus.Received, ReceivedAt = now, ReceivedBy = by, EvidenceId = file.Id, FileName = file.FileName, Sha256 = file.Sha256,
                }, cancellationToken))
                return;
            await audit.AppendAsync(unit, new AuditRecord(by, "exit-readiness.export-received", "Vendor", test.VendorId.ToString(),
                $"{vendor} sent the sample export of exit readiness test {test.TestYear}: {file.FileName}, {file.SizeBytes:N0} bytes, SHA-256 {file.Sha256}"),
                cancellationToken);
            var data = new Dictionary<string, string> { ["testId"] = testId.ToString(), ["sha256"] = file.Sha256 };
            eventId = Guid.CreateVersion7(now).ToString();
            woken = await workflowStore.TryDeliverAsync(unit, ExportReceivedEvent, testId.ToString(), data, now.UtcDateTime, cancellationToken);
            if (woken is null)
                await workflowStore.InsertEventAsync(unit, new Event
                {
                    Id = eventId, EventName = ExportReceivedEvent, EventKey = testId.ToString(), EventData = data, EventTime = now.UtcDateTime,
                }, cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        if (woken is not null)
            await queue.QueueWork(woken, QueueType.Workflow);
        else
            await queue.QueueWork(eventId, QueueType.Event);
        await closing.CloseAsync(SubjectType, testId.ToString(), ExportReceivedOutcome, by, cancellationToken);
    }

    /// <summary>
    /// The vendor manager's outcome of a test whose export arrived: ready, or gaps (each an action with an owner who is a user, and a due
    /// date); checked whole, written once with its gaps, and the assessment task closes with it.
    /// </summary>
    public async Task<CommandResult<ExitReadinessView>> RecordOutcomeAsync(string actor, Guid testId, ReadinessOutcomeInput input,
        CancellationToken cancellationToken = default)
    {
        var view = await ViewAsync(testId, cancellationToken);
        if (view is null)
            return CommandResult<ExitReadinessView>.NotFound($"No exit readiness test has id {testId}.");
        var test = view.Test;
        var name = $"exit readiness test {test.TestYear} of {view.VendorName}";
        if (ExitReadinessStatus.HasOutcome(test.Status))
            return CommandResult<ExitReadinessView>.Stale(view, $"The outcome of the {name} was recorded already ({ExitReadinessStatus.Label(test.Status)}, " +
                $"{test.OutcomeAt:yyyy-MM-dd} by {test.OutcomeBy}); nothing was changed.");
        if (test.Status != ExitReadinessStatus.Received)
            return CommandResult<ExitReadinessView>.Stale(view, $"The {name} is still waiting for the vendor's sample export (due {Day(test.DueOn)}); " +
                "record the outcome once it has arrived.");
        if (!view.Tasks.Any(t => t.StepId == "assess" && t.Status == WorkflowTaskStatus.Open))
            return CommandResult<ExitReadinessView>.Stale(view, $"The assessment task of the {name} is opening; try again in a moment.");
        var today = await owners.TodayAsync(time.GetUtcNow(), cancellationToken);
        var errors = ExitReadinessRules.Check(input, today);
        var gaps = input.Gaps ?? [];
        for (var i = 0; i < Math.Min(gaps.Count, ExitReadinessRules.MaxGaps); i++)
            if (!string.IsNullOrWhiteSpace(gaps[i].Owner) && gaps[i].Owner!.Length <= ExitReadinessRules.MaxText
                && await users.FindByUserNameAsync(gaps[i].Owner!.Trim(), cancellationToken) is not { IsActive: true })
                errors.Add($"gaps[{i}].owner", $"No active user is named '{gaps[i].Owner!.Trim()}'; name the owner of gap {i + 1}'s action by user name.");
        if (!errors.IsValid)
            return CommandResult<ExitReadinessView>.Invalid(errors);
        var status = input.Outcome == ExitReadinessRules.ReadyOutcome ? ExitReadinessStatus.Ready : ExitReadinessStatus.Gaps;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            var notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
            if (!await store.UpdateAsync(unit, test with { Status = status, OutcomeAt = time.GetUtcNow(), OutcomeBy = actor, Notes = notes }, cancellationToken))
                return CommandResult<ExitReadinessView>.Stale(view, $"The {name} changed at the same moment; reload it.");
            await store.InsertGapsAsync(unit, gaps.Select((g, i) => new ExitReadinessGapRow
            {
                TestId = testId, GapNumber = i + 1, Gap = g.Gap!.Trim(), Action = g.Action!.Trim(), Owner = g.Owner!.Trim(), DueOn = g.DueOn!.Value,
            }), cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(actor, "exit-readiness.outcome", "Vendor", test.VendorId.ToString(),
                $"The {name} is {ExitReadinessStatus.Label(status)}" + (gaps.Count == 0 ? "" : $": {gaps.Count} gap(s), the first due {gaps.Min(g => g.DueOn):yyyy-MM-dd}")),
                cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        await closing.CloseAsync(SubjectType, testId.ToString(), RecordedOutcome, actor, cancellationToken);
        return CommandResult<ExitReadinessView>.Ok((await ViewAsync(testId, cancellationToken))!);
    }

    public async Task<ExitReadinessView?> ViewAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        var test = await store.GetAsync(testId, cancellationToken);
        if (test is null)
            return null;
        var vendor = (await vendors.GetAsync(test.VendorId, cancellationToken))?.Name ?? "the vendor";
        var steps = test.WorkflowId is { } workflowId ? await tasks.OfWorkflowAsync(workflowId, cancellationToken) : [];
        return new ExitReadinessView(test, vendor, await store.GapsAsync(testId, cancellationToken), steps);
    }

    /// <summary>The vendor's latest test, or null when it was never tested.</summary>
    public async Task<ExitReadinessRow?> LatestAsync(Guid vendorId, CancellationToken cancellationToken = default) =>
        await store.OfVendorAsync(vendorId, cancellationToken) is { Count: > 0 } tested ? tested[0] : null;

    /// <summary>How a page reads a test: "Ready on 5 Feb 2027", "Gaps found on …", or where it stands and by when.</summary>
    public static string Describe(ExitReadinessRow test) => test.Status switch
    {
        ExitReadinessStatus.Ready or ExitReadinessStatus.Gaps => $"{ExitReadinessStatus.Label(test.Status)} on {Day(test.OutcomeAt!.Value)}",
        ExitReadinessStatus.Received => $"sample export received on {Day(test.ReceivedAt!.Value)}; outcome not yet recorded",
        _ => $"sample export asked for, due {Day(test.DueOn)}",
    };

    /// <summary>Whether a test without an outcome is past the vendor's due date.</summary>
    public static bool IsOverdue(ExitReadinessRow test, DateOnly today) => !ExitReadinessStatus.HasOutcome(test.Status) && test.DueOn < today;

    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>Who may start a test by hand or record its outcome.</summary>
    public static bool MayRun(IEnumerable<string> roles) => roles.Any(r => Roles.VendorEditors.Contains(r));
}

/// <summary>The sweep that starts the year's exit readiness tests, every hour and at start-up.</summary>
public sealed class ExitReadinessSweep(ExitReadinessTests tests, TimeProvider time, ILogger<ExitReadinessSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                if (await tests.StartDueAsync(stoppingToken) is > 0 and var started)
                    logger.LogInformation("Exit readiness: {Started} test(s) started", started);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The exit readiness sweep failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>The test a step of workflows/exit-readiness.json acts on, checked to be in the hands of the instance.</summary>
internal static class ReadinessOfStep
{
    public static async Task<ExitReadinessRow> GetAsync(ExitReadinessStore store, WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(context.Subject.Id);
        var test = await store.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"No exit readiness test has id {id}.");
        if (test.WorkflowId is { } owner && owner != Guid.Parse(context.WorkflowId))
            throw new InvalidOperationException($"Workflow {context.WorkflowId} cannot act on exit readiness test {id}: workflow {owner} runs it. Cancel this instance.");
        return test;
    }
}

/// <summary>
/// exit-readiness-request: the vendor's inbox gets the request for a sample data export, due on the test's due date, and the vendor's
/// escalation contact an email saying so; in one transaction, once (a replay finds the request opened and the email's key).
/// </summary>
public sealed class ExitReadinessRequestAction(Database database, ExitReadinessStore store, VendorStore vendors, VendorRequests inbox, VendorContacts contacts,
    EmailOutbox outbox, AuditLog audit) : IWorkflowAction
{
    public string Name => "exit-readiness-request";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var test = await ReadinessOfStep.GetAsync(store, context, cancellationToken);
        if (test.RequestId is not null)
            return;
        var vendor = (await vendors.GetAsync(test.VendorId, cancellationToken))!;
        var recipient = await contacts.RecipientAsync(vendor.Id, VendorLetter.Escalation, cancellationToken);
        await using var unit = await database.BeginAsync(cancellationToken);
        var opened = await inbox.OpenAsync(unit, ApprovalDecisions.WorkflowActor, vendor.Id, new VendorRequestInput(nameof(VendorRequestKind.DataExport), null,
                $"Exit readiness test {test.TestYear}: send a sample export of our data",
                "As part of our yearly exit readiness test, export a sample of the data you hold for us in the formats our agreements' exit terms name, " +
                "as you would at an exit, and answer this request with the file. We keep its SHA-256 checksum and test that it is complete and readable.",
                NodaTime.LocalDate.FromDateOnly(test.DueOn)),
            new RequestSubject(ExitReadinessTests.SubjectType, test.Id.ToString()), cancellationToken);
        var request = opened.Value ?? throw new InvalidOperationException(
            $"The sample export request could not be put in {vendor.Name}'s inbox: {opened.Message ?? string.Join(" ", opened.Errors?.Values.SelectMany(m => m) ?? [])}");
        if (!await store.UpdateAsync(unit, test with { RequestId = request.Id }, cancellationToken))
            throw new InvalidOperationException($"Exit readiness test {test.Id} changed while its request was opened; the step is tried again.");
        if (recipient?.Email is { Length: > 0 } email)
            await outbox.EnqueueAsync(unit, $"exit-readiness-request/{test.Id}", [new EmailAddress(email, recipient.Name)],
                $"Exit readiness test {test.TestYear}: a sample data export, due {ExitReadinessTests.Day(test.DueOn)}",
                $"Dear {recipient.Name},\n\nAs part of our yearly exit readiness test, please export a sample of the data you hold for us, as you would at an " +
                $"exit, and send it by {ExitReadinessTests.Day(test.DueOn)} by answering the request '{request.Title}' in your SlaGovernance inbox with your vendor token.",
                cancellationToken: cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "exit-readiness.requested", "Vendor", vendor.Id.ToString(),
            $"Asked {vendor.Name} for a sample export for exit readiness test {test.TestYear}, due {test.DueOn:yyyy-MM-dd}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// exit-readiness-remind: ten business days passed; if the export is still missing the vendor's escalation contact is reminded (once,
/// by its key), and 'exportIn' tells the workflow whether a chase is needed.
/// </summary>
public sealed class ExitReadinessRemindAction(ExitReadinessStore store, VendorStore vendors, VendorContacts contacts, EmailOutbox outbox) : IWorkflowAction
{
    public string Name => "exit-readiness-remind";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var test = await ReadinessOfStep.GetAsync(store, context, cancellationToken);
        var exportIn = test.Status != ExitReadinessStatus.Requested;
        context.Subject.Fields["exportIn"] = JsonSerializer.SerializeToElement(exportIn);
        if (exportIn)
            return;
        var vendor = (await vendors.GetAsync(test.VendorId, cancellationToken))!;
        if (await contacts.RecipientAsync(vendor.Id, VendorLetter.Escalation, cancellationToken) is { Email: { Length: > 0 } email } recipient)
            await outbox.EnqueueAsync($"exit-readiness-remind/{test.Id}", [new EmailAddress(email, recipient.Name)],
                $"Reminder: exit readiness test {test.TestYear}, sample data export due {ExitReadinessTests.Day(test.DueOn)}",
                $"Dear {recipient.Name},\n\nWe have not yet received the sample export of our data for the exit readiness test {test.TestYear}, due on " +
                $"{ExitReadinessTests.Day(test.DueOn)}. Please answer the request in your SlaGovernance inbox with the file; our vendor manager will follow up.",
                cancellationToken: cancellationToken);
    }
}

/// <summary>exit-readiness-outcome: the recorded outcome read into the subject for the email that tells it.</summary>
public sealed class ExitReadinessOutcomeAction(ExitReadinessStore store) : IWorkflowAction
{
    public string Name => "exit-readiness-outcome";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var test = await ReadinessOfStep.GetAsync(store, context, cancellationToken);
        var gaps = await store.GapsAsync(test.Id, cancellationToken);
        context.Subject.Fields["outcome"] = JsonSerializer.SerializeToElement(ExitReadinessStatus.Label(test.Status).ToLowerInvariant());
        context.Subject.Fields["outcomeSummary"] = JsonSerializer.SerializeToElement(gaps.Count == 0
            ? $"ready, recorded by {test.OutcomeBy}; the sample export {test.FileName} (SHA-256 {test.Sha256}) was complete."
            : $"{gaps.Count} gap(s), recorded by {test.OutcomeBy}: " + string.Join("; ", gaps.Select(g =>
                $"{g.Gap}: {g.Action} ({g.Owner}, due {ExitReadinessTests.Day(g.DueOn)})")) + ".");
    }
}

/// <summary>The vendor's answer to a test's request: its first file is the sample export received.</summary>
public sealed class ExitReadinessFollowsVendorAnswers(ExitReadinessStore store, VendorRequestStore requests, EvidenceFileStore evidence,
    ExitReadinessTests tests) : SlaGovernance.Data.Events.DomainEventSubscriber<VendorRequestAnswered>
{
    protected override async Task HandleAsync(VendorRequestAnswered answered, CancellationToken cancellationToken)
    {
        if (answered.SubjectType != ExitReadinessTests.SubjectType || !Guid.TryParse(answered.SubjectId, out var testId) || answered.EvidenceIds.Count == 0
            || await store.GetAsync(testId, cancellationToken) is not { Status: ExitReadinessStatus.Requested } test || test.RequestId != answered.RequestId)
            return;
        var request = await requests.GetAsync(answered.RequestId, cancellationToken);
        if (await evidence.GetAsync(answered.EvidenceIds[0], cancellationToken) is { } file)
            await tests.RecordExportAsync(testId, file, request?.AnsweredBy ?? request?.VendorName ?? "the vendor", cancellationToken);
    }
}

/// <summary>Task lines naming a test: the vendor, the year, and where the sample export stands.</summary>
public sealed class ExitReadinessTaskSummary(ExitReadinessStore store, VendorStore vendors) : IWorkflowSubjectSummary
{
    public string SubjectType => ExitReadinessTests.SubjectType;

    public async Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subject.Id, out var id) || await store.GetAsync(id, cancellationToken) is not { } test)
            return null;
        var vendor = (await vendors.GetAsync(test.VendorId, cancellationToken))?.Name ?? "the vendor";
        return $"{vendor} · exit readiness test {test.TestYear} · {ExitReadinessTests.Describe(test)}" +
               (test.Sha256 is null ? "" : $" · {test.FileName}, SHA-256 {test.Sha256[..12]}…");
    }
}
