using System.Text.Json;
using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Renewals;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Operations;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Renewals;

/// <summary>Configuration section "Renewals": when the renewal workflow reminds and escalates.</summary>
public sealed class RenewalOptions
{
    /// <summary>The budget-request reminder goes this many days before the deadline of the cycle that funds the renewal.</summary>
    public int BudgetReminderDaysBefore { get; set; } = 14;

    /// <summary>An open renewal decision moves to the Governance board this many business days before the notice deadline.</summary>
    public int EscalateBusinessDaysBeforeNotice { get; set; } = 5;

    /// <summary>Reminders and the decision task arrive at this local time on their day, in the agreement's zone.</summary>
    public string LocalTimeOfDay { get; set; } = "09:00";
}

/// <summary>One term's renewal as the workflow sees it: the cycle, its agreement's signed content and its key dates.</summary>
public sealed record RenewalCase(Guid AgreementId, AgreementContent Content, AgreementTerm Term, KeyDates Dates);

/// <summary>
/// Starts one renewal workflow (workflows/renewal.json) per term of every Active agreement, keeps the workflow's dates in step
/// with the agreement and the budget calendar, and records what each term's decision was. The first cycle starts when an
/// agreement becomes Active; each later one when the previous cycle renewed (by decision, or tacitly at the notice deadline).
/// </summary>
public sealed class RenewalCycles(Database database, RenewalCycleStore cycles, RenewalSourceStore sources, AgreementTermStore terms,
    BudgetCalendarStore budgets, BusinessCalendarStore businessCalendars, IWorkflowController workflows, SubjectRefresh refresh,
    Microsoft.Extensions.Options.IOptions<RenewalOptions> options, TimeProvider time, ILogger<RenewalCycles> logger) : IDisposable
{
    public const string DefinitionId = "renewal";
    public const string SubjectType = "Agreement";

    /// <summary>How long a cycle opened without its workflow is left to whoever opened it before another caller starts the workflow.</summary>
    private static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _starting = new(1, 1);

    public void Dispose() => _starting.Dispose();

    public static string Reference(Guid agreementId, DateOnly termEnd) => $"renewal/{agreementId}/{termEnd:yyyy-MM-dd}";

    /// <summary>
    /// Starts the cycle every Active agreement is due (none while one is open), or only <paramref name="agreementId"/>'s: an event
    /// about one agreement reads that one, so importing a thousand agreements does not read all of them a thousand times. The number started.
    /// </summary>
    public async Task<int> StartDueAsync(CancellationToken cancellationToken = default) => await StartDueAsync(null, cancellationToken);

    /// <inheritdoc cref="StartDueAsync(CancellationToken)"/>
    public async Task<int> StartDueAsync(Guid? agreementId, CancellationToken cancellationToken = default)
    {
        // One start at a time on this node (the sweep, event handlers and a test may all call): a second caller would see a
        // cycle the first has opened but not yet linked to its workflow.
        await _starting.WaitAsync(cancellationToken);
        try
        {
            return await StartDueOnceAsync(agreementId, cancellationToken);
        }
        finally
        {
            _starting.Release();
        }
    }

    private async Task<int> StartDueOnceAsync(Guid? agreementId, CancellationToken cancellationToken)
    {
        var started = 0;
        var calendar = (await budgets.GetAsync(cancellationToken)).ToCalendar();
        var all = agreementId is { } one
            ? (await cycles.OfAgreementAsync(one, cancellationToken)).ToLookup(c => c.AgreementId)
            : await cycles.AllByAgreementAsync(cancellationToken);
        foreach (var source in agreementId is { } only ? await sources.SignedAsync(only, cancellationToken) : await sources.SignedAsync(cancellationToken))
        {
            if (source.Status != AgreementStatus.Active)
                continue;
            var history = all[source.AgreementId].ToList();
            if (history.FirstOrDefault(c => c.Status == RenewalCycleStatus.Open && c.WorkflowId is null) is { } unstarted)
            {
                // Opened, then the node stopped before the workflow was started or linked. Whoever opened a cycle starts its
                // workflow, so one opened moments ago is still being started by another node and is left to it.
                if (unstarted.StartedAt <= time.GetUtcNow() - StartGrace && await CaseAsync(source, calendar, unstarted, cancellationToken) is { } resumed
                    && await StartWorkflowAsync(resumed, cancellationToken))
                    started++;
                continue;
            }
            if (await NextCaseAsync(source, history, calendar, cancellationToken) is not { } next)
                continue;
            if (!await cycles.OpenAsync(new RenewalCycleRow
                {
                    AgreementId = next.AgreementId, TermEnd = next.Term.End.ToDateOnly(), TermIndex = next.Term.Index, StartedAt = time.GetUtcNow(),
                }, cancellationToken))
                continue;
            if (await StartWorkflowAsync(next, cancellationToken))
                started++;
        }
        return started;
    }

    /// <summary>Gives every open cycle's workflow its dates again (after the budget calendar or an agreement's dates changed).</summary>
    public async Task<int> RescheduleAsync(Guid? agreementId = null, CancellationToken cancellationToken = default)
    {
        var calendar = (await budgets.GetAsync(cancellationToken)).ToCalendar();
        var signed = (await sources.SignedAsync(cancellationToken)).ToDictionary(s => s.AgreementId);
        var moved = 0;
        foreach (var cycle in await cycles.OpenCyclesAsync(cancellationToken))
        {
            if (cycle.WorkflowId is not { } workflowId || (agreementId is { } only && only != cycle.AgreementId)
                || !signed.TryGetValue(cycle.AgreementId, out var source) || await CaseAsync(source, calendar, cycle, cancellationToken) is not { } current)
                continue;
            var fields = (await FieldsAsync(current, cancellationToken)).Where(f => !AgreementRenewalFields.SetByTheWorkflow.Contains(f.Key))
                .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            var outcome = await refresh.RefreshAsync(workflowId.ToString(), fields, cancellationToken);
            if (outcome == RefreshOutcome.Refreshed)
                moved++;
            else if (outcome == RefreshOutcome.Busy)
                logger.LogWarning("Renewal workflow {WorkflowId} was busy; its dates are moved on the next reschedule", workflowId);
        }
        return moved;
    }

    /// <summary>
    /// After a signature: a term being renegotiated is renewed by the version just signed, so the next cycle starts from it;
    /// an open cycle's dates follow the signed term.
    /// </summary>
    public async Task SignedAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        foreach (var cycle in (await cycles.OfAgreementAsync(agreementId, cancellationToken)).Where(c => c.Status == RenewalCycleStatus.Renegotiating))
        {
            await using var unit = await database.BeginAsync(cancellationToken);
            await cycles.CloseAsync(unit, agreementId, cycle.TermEnd, RenewalCycleStatus.Renewed, "renegotiated", cycle.DecidedBy ?? "system",
                time.GetUtcNow(), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        await StartDueAsync(cancellationToken);
        await RescheduleAsync(agreementId, cancellationToken);
    }

    /// <summary>The case of an open cycle: its term as the agreement now has it (a term whose end moved keeps its cycle).</summary>
    private async Task<RenewalCase?> CaseAsync(RenewalSourceRow source, BudgetCalendar calendar, RenewalCycleRow cycle, CancellationToken cancellationToken)
    {
        var content = source.Parsed;
        var schedule = KeyDates.Schedule(LocalDate.FromDateOnly(content.TermStart), LocalDate.FromDateOnly(content.TermEnd), content.Renewal);
        AgreementTerm term;
        if (schedule.RenewsItself)
            term = schedule.Term(cycle.TermIndex);
        else if (await terms.GetAsync(source.AgreementId, cancellationToken) is { } row)
            term = new AgreementTerm(cycle.TermIndex, cycle.TermIndex == 0 ? LocalDate.FromDateOnly(content.TermStart) : LocalDate.FromDateOnly(row.TermEnd).PlusDays(1),
                LocalDate.FromDateOnly(cycle.TermIndex == 0 ? row.TermEnd : cycle.TermEnd));
        else
            return null;
        return new RenewalCase(source.AgreementId, content, term, KeyDates.For(term, content.Renewal.NoticePeriod, content.Category, calendar));
    }

    /// <summary>The term whose renewal comes next: the running one first; after a renewal, the one that follows.</summary>
    private async Task<RenewalCase?> NextCaseAsync(RenewalSourceRow source, IReadOnlyList<RenewalCycleRow> history, BudgetCalendar calendar,
        CancellationToken cancellationToken)
    {
        var content = source.Parsed;
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(content.TimeZone);
        // An agreement ending early (an approved termination) has no renewal to decide.
        if (zone is null || await terms.GetAsync(source.AgreementId, cancellationToken) is not { } row || row.EndsOn is not null)
            return null;
        var today = Instant.FromDateTimeOffset(time.GetUtcNow()).InZone(zone).Date;
        var schedule = KeyDates.Schedule(LocalDate.FromDateOnly(content.TermStart), LocalDate.FromDateOnly(content.TermEnd), content.Renewal);
        var last = history.Count > 0 ? history[0] : null;
        AgreementTerm? term;
        if (last is null)
            term = schedule.RenewsItself ? schedule.TermOn(today) : new AgreementTerm(0, LocalDate.FromDateOnly(content.TermStart), LocalDate.FromDateOnly(row.TermEnd));
        else if (last.Status != RenewalCycleStatus.Renewed)
            return null;
        else if (schedule.RenewsItself)
            // The term after the renewed one, in the schedule of the version signed now (a renegotiated version starts its own).
            term = schedule.TermOn(LocalDate.FromDateOnly(last.TermEnd).PlusDays(1));
        else if (row.TermEnd > last.TermEnd)
            term = new AgreementTerm(last.TermIndex + 1, LocalDate.FromDateOnly(last.TermEnd).PlusDays(1), LocalDate.FromDateOnly(row.TermEnd));
        else
            return null;
        if (term is null || term.End < today)
            return null;
        return new RenewalCase(source.AgreementId, content, term, KeyDates.For(term, content.Renewal.NoticePeriod, content.Category, calendar));
    }

    private async Task<bool> StartWorkflowAsync(RenewalCase renewal, CancellationToken cancellationToken)
    {
        var termEnd = renewal.Term.End.ToDateOnly();
        var reference = Reference(renewal.AgreementId, termEnd);
        // Started before the node stopped, but not yet linked to its cycle.
        if (await cycles.WorkflowByReferenceAsync(reference, cancellationToken) is { } running)
            return await cycles.SetWorkflowAsync(renewal.AgreementId, termEnd, running, cancellationToken);
        var subject = new WorkflowSubject
        {
            Type = SubjectType,
            Id = renewal.AgreementId.ToString(),
            RequestedBy = renewal.Content.Owner,
            Fields = new Dictionary<string, JsonElement>(await FieldsAsync(renewal, cancellationToken), StringComparer.Ordinal),
        };
        var id = await workflows.StartWorkflow(DefinitionId, null, subject, reference);
        await cycles.SetWorkflowAsync(renewal.AgreementId, termEnd, Guid.Parse(id), cancellationToken);
        logger.LogInformation("Started the renewal workflow {WorkflowId} of agreement {AgreementId} for its term ending {TermEnd}", id,
            renewal.AgreementId, termEnd);
        return true;
    }

    /// <summary>What the renewal workflow reads: dates as yyyy-MM-dd local dates, and the instants its timers and task wait for.</summary>
    public async Task<IReadOnlyDictionary<string, JsonElement>> FieldsAsync(RenewalCase renewal, CancellationToken cancellationToken = default)
    {
        var content = renewal.Content;
        var dates = renewal.Dates;
        var zone = DateTimeZoneProviders.Tzdb[content.TimeZone];
        var settings = options.Value;
        var at = LocalTime.FromTimeOnly(TimeOnly.ParseExact(settings.LocalTimeOfDay, "HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        DateTimeOffset On(LocalDate date) => date.At(at).InZoneLeniently(zone).ToDateTimeOffset();
        DateTimeOffset StartOf(LocalDate date) => zone.AtStartOfDay(date).ToDateTimeOffset();
        var now = time.GetUtcNow();
        var budgetReminder = On(dates.BudgetRequestDeadline.PlusDays(-settings.BudgetReminderDaysBefore));
        var escalation = dates.NoticeDeadline;
        if (await businessCalendars.GetDefaultAsync(cancellationToken) is { } calendarRow)
            escalation = calendarRow.ToCalendar().AddBusinessDays(dates.NoticeDeadline, -settings.EscalateBusinessDaysBeforeNotice);
        var noticeDeadlineEnds = StartOf(dates.NoticeDeadline.PlusDays(1));
        var termEnds = StartOf(dates.TermEnd.PlusDays(1));
        var renewalTerm = content.Renewal.RenewalTerm;
        var years = renewalTerm is null ? 1m : renewalTerm.Unit == PeriodUnit.Months ? renewalTerm.Amount / 12m : renewalTerm.Amount / 365m;
        static string D(LocalDate date) => date.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return new AgreementRenewalFields(
            Title: content.Title,
            Owner: content.Owner ?? "",
            Currency: content.Currency,
            AnnualValue: content.AnnualValue,
            ExpectedRenewalCost: decimal.Round(content.AnnualValue * years, 2),
            RenewalTerm: renewalTerm?.ToString() ?? "the same term again",
            AutoRenew: content.Renewal.AutoRenew,
            TermIndex: renewal.Term.Index,
            TermEnd: D(dates.TermEnd),
            NoticeDeadline: D(dates.NoticeDeadline),
            DecisionDate: D(dates.DecisionDate),
            BudgetRequestDeadline: D(dates.BudgetRequestDeadline),
            FundingYear: dates.FundingYear.Name,
            UnfundedRisk: dates.UnfundedRenewalRisk,
            TimeZone: content.TimeZone,
            BudgetReminderAt: budgetReminder,
            BudgetReminderPending: budgetReminder > now,
            DecisionAt: On(dates.DecisionDate),
            EscalationAt: On(escalation),
            NoticeDeadlineAt: noticeDeadlineEnds,
            TermEndAt: termEnds,
            // A tacit agreement renews once the notice deadline passes; any other lapses at its end.
            ExpiresAt: content.Renewal.AutoRenew ? noticeDeadlineEnds : termEnds).ToFields();
    }
}
