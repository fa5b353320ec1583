using System.Globalization;
using System.Text.Json;
using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Data.Claims;
using SlaGovernance.Data.Compliance;
using SlaGovernance.Data.RawData;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Compliance;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Features.Vendors.Requests;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Claims;

/// <summary>
/// Month-end close settings: how long after a period's end late data is waited for when the agreement does not say (its
/// <see cref="AgreementContent.CloseGraceBusinessDays"/> wins), and the coverage below which a review opens.
/// </summary>
public sealed class ComplianceCloseOptions
{
    public int GraceBusinessDays { get; set; } = 5;

    public decimal ReviewBelowCoveragePercent { get; set; } = 90m;
}

/// <summary>What workflows/compliance-close.json reads of a close; the actions fill in what they find.</summary>
[StartsDefinition(ComplianceCloses.Definition)]
public sealed record ComplianceCloseFields(
    Guid AgreementId,
    string Title,
    string Vendor,
    string Period,
    string CloseAt,
    string? Owner,
    bool DataMissing = false,
    string MissingSummary = "",
    bool NeedsReview = false,
    string ReviewSummary = "",
    string CreditDue = "",
    decimal CreditAmount = 0,
    int ReportRevision = 0,
    IReadOnlyList<EscalationLevel>? EscalationPath = null) : SubjectFields;

/// <summary>
/// Starts each Active agreement's month-end close once the month has ended (workflows/compliance-close.json): it waits a grace period
/// for late data, checks that every objective has data, computes and archives the report, and opens a breach review when an
/// objective was missed, the vendor's figure differs beyond tolerance, or coverage is thin.
/// </summary>
public sealed class ComplianceCloses(ComplianceCloseStore closes, AgreementStore agreements, VendorStore vendors, BusinessCalendarStore calendars,
    IWorkflowHost workflows, Microsoft.Extensions.Options.IOptions<ComplianceCloseOptions> options, TimeProvider time)
{
    public const string Definition = "compliance-close";
    public const string SubjectType = "ComplianceClose";

    /// <summary>The subject id of a close: the agreement and the period.</summary>
    public static string SubjectId(Guid agreementId, string period) => $"{agreementId:D}/{period}";

    public static (Guid AgreementId, string Period) Parse(string subjectId) =>
        (Guid.Parse(subjectId[..36]), subjectId[37..]);

    /// <summary>Starts the close of the month that ended last for each Active agreement that has none; the number started.</summary>
    public async Task<int> StartDueAsync(CancellationToken cancellationToken = default)
    {
        var started = 0;
        var now = time.GetUtcNow();
        var calendar = (await calendars.GetDefaultAsync(cancellationToken))?.ToCalendar();
        for (var page = 1; ; page++)
        {
            var active = await agreements.ListAsync(new AgreementQuery(null, AgreementStatus.Active, new PageRequest(page, 200)), cancellationToken);
            foreach (var agreement in active.Items)
                if (await StartOneAsync(agreement, calendar, now, cancellationToken))
                    started++;
            if (page >= active.PageCount)
                break;
        }
        return started;
    }

    private async Task<bool> StartOneAsync(AgreementRow agreement, BusinessCalendar? calendar, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(agreement.TimeZone) is not { } zone)
            return false;
        var today = Instant.FromDateTimeOffset(now).InZone(zone).Date;
        var month = new YearMonth(today.Year, today.Month).PlusMonths(-1);
        var period = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var periodEnd = month.PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant();
        if (LocalDate.FromDateOnly(agreement.TermStart) >= month.PlusMonths(1).OnDayOfMonth(1))
            return false;
        var existing = await closes.GetAsync(agreement.Id, period, cancellationToken);
        if (existing is { WorkflowId: not null } || (existing is not null && existing.CreatedAt > now.AddMinutes(-1)))
            return false;
        var content = (await agreements.GetVersionAsync(agreement.Id, agreement.CurrentVersion, cancellationToken))?.Parsed;
        var grace = content?.CloseGraceBusinessDays ?? options.Value.GraceBusinessDays;
        if (content?.BusinessCalendarId is { } calendarId && await calendars.GetAsync(calendarId, cancellationToken) is { } own)
            calendar = own.ToCalendar();
        var closeAt = calendar?.DueAfterBusinessDays(periodEnd, grace) ?? periodEnd + Duration.FromDays((grace * 7 + 4) / 5);
        if (existing is null && !await closes.InsertAsync(new ComplianceCloseRow
            {
                AgreementId = agreement.Id, Period = period, Status = ComplianceCloseStatus.Waiting, CloseAt = closeAt.ToDateTimeOffset(), CreatedAt = now,
                UpdatedAt = now,
            }, cancellationToken))
            return false;
        var vendor = agreement.VendorId is { } vendorId ? await vendors.GetAsync(vendorId, cancellationToken) : null;
        var subject = new WorkflowSubject
        {
            Type = SubjectType, Id = SubjectId(agreement.Id, period), RequestedBy = ApprovalDecisions.WorkflowActor,
            Fields = new ComplianceCloseFields(agreement.Id, agreement.Title, vendor?.Name ?? "the provider", period, closeAt.ToDateTimeOffset().ToString("O"),
                agreement.Owner, EscalationPath: content?.Escalation).ToFields(),
        };
        var workflowId = Guid.Parse(await workflows.StartWorkflow(Definition, null, subject, $"close/{agreement.Id}/{period}"));
        var row = (await closes.GetAsync(agreement.Id, period, cancellationToken))!;
        await closes.UpdateAsync(row with { WorkflowId = workflowId, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return true;
    }
}

/// <summary>The sweep that starts month-end closes, every ten minutes and at start-up.</summary>
public sealed class ComplianceCloseSweep(ComplianceCloses closes, TimeProvider time, ILogger<ComplianceCloseSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10), time);
        do
        {
            try
            {
                if (await closes.StartDueAsync(stoppingToken) is > 0 and var started)
                    logger.LogInformation("Month-end close: {Started} close(s) started", started);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The month-end close sweep failed; trying again in ten minutes");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>
/// compliance-close-check: each objective has data for the period? Objectives without any (no samples, outages, tickets or events
/// counted) are named in 'missingSummary'; the vendor is asked for them through its inbox and its contact emailed, once.
/// </summary>
public sealed class ComplianceCloseCheckAction(Database database, ComplianceInputs inputs, AgreementStore agreements, VendorRequests inbox,
    VendorRequestStore requests,
    VendorContacts contacts, EmailOutbox outbox, TimeProvider time) : IWorkflowAction
{
    public string Name => "compliance-close-check";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var (agreementId, period) = ComplianceCloses.Parse(context.Subject.Id);
        var agreement = (await agreements.GetAsync(agreementId, cancellationToken))!;
        var zone = DateTimeZoneProviders.Tzdb[agreement.TimeZone];
        var month = YearMonthPattern.Parse(period).Value;
        var span = CompliancePeriod.Month(month, zone).Interval;
        var content = (await agreements.GetVersionAsync(agreementId, agreement.CurrentVersion, cancellationToken))?.Parsed;
        // Presence, not counts: a test per service stops at its first row (counting read every row of the month, a fifth of a close's time).
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in (content?.Slos ?? []).Select(s => s.Service).Distinct(StringComparer.Ordinal))
            if (await inputs.HasDataAsync(agreementId, service, span, cancellationToken))
                present.Add(service);
        var missing = (content?.Slos ?? []).Where(s => !present.Contains(s.Service)).Select(s => $"{s.Service} {s.Metric.ToString().ToLowerInvariant()}")
            .Distinct().ToList();
        context.Subject.Fields["dataMissing"] = JsonSerializer.SerializeToElement(missing.Count > 0);
        context.Subject.Fields["missingSummary"] = JsonSerializer.SerializeToElement(string.Join(", ", missing));
        if (missing.Count == 0 || agreement.VendorId is not { } vendorId)
            return;
        var today = ZonedDays.DayOf(time.GetUtcNow(), agreement.TimeZone);
        // Once per close, whether or not the vendor has an email contact: a replay finds the request it opened.
        var asked = (await requests.OfVendorAsync(vendorId, null, cancellationToken))
            .Any(r => r.SubjectType == ComplianceCloses.SubjectType && r.SubjectId == context.Subject.Id);
        await using var unit = await database.BeginAsync(cancellationToken);
        var recipient = await contacts.RecipientAsync(vendorId, VendorLetter.Escalation, cancellationToken);
        if (recipient?.Email is { Length: > 0 } email)
            await outbox.EnqueueAsync(unit, $"close-missing-data/{agreementId}/{period}", [new EmailAddress(email, recipient.Name)],
                $"Data missing for {agreement.Title}, {period}",
                $"The month-end close of {agreement.Title} for {period} found no raw data for: {string.Join(", ", missing)}.\n\n" +
                "Please upload it within three days with your data token, or answer the request in your SlaGovernance inbox.", cancellationToken: cancellationToken);
        if (!asked)
        {
            var opened = await inbox.OpenAsync(unit, ApprovalDecisions.WorkflowActor, vendorId, new VendorRequestInput(nameof(VendorRequestKind.DataExport), agreementId,
                    $"Raw data for {period}: {string.Join(", ", missing)}",
                    $"The month-end close of {agreement.Title} found no raw data for {string.Join(", ", missing)} in {period}. Upload it, or say why there is none.",
                    LocalDate.FromDateOnly(today.AddDays(3))),
                new RequestSubject(ComplianceCloses.SubjectType, context.Subject.Id), cancellationToken);
            if (opened.Value is null)
                throw new InvalidOperationException(opened.Message ?? "The request for the missing data could not be opened.");
        }
        await unit.CommitAsync(cancellationToken);
    }

    private static readonly NodaTime.Text.YearMonthPattern YearMonthPattern = NodaTime.Text.YearMonthPattern.Iso;
}

/// <summary>
/// compliance-close-compute: the period's report computed and archived ("Month-end close"), and whether it needs a breach review:
/// a missed objective, a discrepancy with the vendor's figure beyond tolerance, or coverage below the threshold.
/// </summary>
public sealed class ComplianceCloseComputeAction(ComplianceReports reports, ComplianceCloseStore closes, AgreementStore agreements, ErrorBudgetStore budgets,
    Database database, AuditLog audit, Microsoft.Extensions.Options.IOptions<ComplianceCloseOptions> options, TimeProvider time) : IWorkflowAction
{
    public string Name => "compliance-close-compute";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var (agreementId, period) = ComplianceCloses.Parse(context.Subject.Id);
        var result = await reports.ComputeAsync(agreementId, period, null, ApprovalDecisions.WorkflowActor, changeReason: "Month-end close",
            cancellationToken: cancellationToken);
        if (result.Status != Features.CommandStatus.Ok)
            throw new InvalidOperationException($"The month-end close of {period} could not compute its report: {result.Message}");
        var revision = result.Value!.Revision;
        var report = revision.Report;
        var findings = new List<string>();
        findings.AddRange(report.Slos.Where(s => s.Outcome == SloOutcome.Missed).Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Service} {s.Metric.ToLowerInvariant()} missed: {s.AttainmentPercent:0.###} % against {s.TargetPercent:0.###} %")));
        findings.AddRange(report.Slos.Where(s => s.Discrepancy).Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Service} {s.Metric.ToLowerInvariant()}: the vendor reports {s.VendorReportedPercent:0.###} %, measured {s.AttainmentPercent:0.###} %")));
        findings.AddRange(report.Slos.Where(s => s.DataCoveragePercent < options.Value.ReviewBelowCoveragePercent).Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Service} {s.Metric.ToLowerInvariant()}: data covers {s.DataCoveragePercent:0.##} % of the period")));
        // The error-budget policy may require a review of a period whose objectives were all met: a budget ran out within it.
        var span = (report.PeriodStart, report.PeriodEnd);
        var required = (await budgets.ExhaustionsOfAgreementAsync(agreementId, cancellationToken))
            .Where(x => x.BreachReviewRequired && x.TriggeredAt >= span.PeriodStart && x.TriggeredAt < span.PeriodEnd).ToList();
        findings.AddRange(required.Select(x => string.Create(CultureInfo.InvariantCulture,
            $"{x.Service} availability: its error budget ran out on {x.TriggeredAt:yyyy-MM-dd HH:mm} UTC ({ErrorBudgets.Minutes(x.RemainingMs)} of {ErrorBudgets.Minutes(x.BudgetMs)} minutes left), and the agreement's error-budget policy requires a breach review")));
        if (await agreements.GetAsync(agreementId, cancellationToken) is { } agreement
            && (await agreements.GetVersionAsync(agreementId, agreement.CurrentVersion, cancellationToken))?.Parsed.Escalation is { } path)
            context.Subject.Fields["escalationPath"] = JsonSerializer.SerializeToElement(path);
        context.Subject.Fields["needsReview"] = JsonSerializer.SerializeToElement(findings.Count > 0);
        context.Subject.Fields["reviewSummary"] = JsonSerializer.SerializeToElement(string.Join("; ", findings));
        context.Subject.Fields["creditDue"] = JsonSerializer.SerializeToElement(CreditClaims.Money(report.CreditAmount, report.Currency));
        context.Subject.Fields["creditAmount"] = JsonSerializer.SerializeToElement(report.CreditAmount);
        context.Subject.Fields["reportRevision"] = JsonSerializer.SerializeToElement(revision.Row.Revision);
        if (await closes.GetAsync(agreementId, period, cancellationToken) is { } close)
        {
            await using var unit = await database.BeginAsync(cancellationToken);
            await closes.UpdateAsync(unit, close with
            {
                ReportRevision = revision.Row.Revision, Status = findings.Count > 0 ? ComplianceCloseStatus.InReview : ComplianceCloseStatus.Closed,
                UpdatedAt = time.GetUtcNow(),
            }, cancellationToken);
            // Audited with the close's move to review, so a replay of this step (the close already in review) audits nothing twice.
            if (required.Count > 0 && close.Status != ComplianceCloseStatus.InReview)
                await audit.AppendAsync(unit, new AuditRecord(ErrorBudgets.Actor, "error-budget.breach-review-required", "Agreement", agreementId.ToString(),
                    $"The month-end close of {period} opens a breach review because the error-budget policy requires one: " +
                    string.Join("; ", required.Select(x => $"{x.Service} ({x.ObjectiveKey}) ran out on {x.TriggeredAt:yyyy-MM-dd HH:mm} UTC"))), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
    }
}

/// <summary>
/// compliance-close-claim, -waive and -dispute: what the owner's breach review decided, recorded on the close once. A claim opens a
/// credit claim for the report's capped credit; a waiver keeps the reason (Finance approved it above the threshold); a dispute of the
/// data asks the vendor, through its inbox, for corrected data.
/// </summary>
public sealed class ComplianceCloseOutcomeAction(string outcome, ComplianceCloseStore closes, TaskStore tasks, CreditClaims claims, AgreementStore agreements,
    VendorRequests inbox, AuditLog audit, Database database, TimeProvider time) : IWorkflowAction
{
    public string Name => $"compliance-close-{outcome}";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var (agreementId, period) = ComplianceCloses.Parse(context.Subject.Id);
        var close = (await closes.GetAsync(agreementId, period, cancellationToken))!;
        if (close.ReviewOutcome is not null)
            return;
        var review = (await tasks.OfWorkflowAsync(Guid.Parse(context.WorkflowId), cancellationToken))
            .Where(t => t.StepId == "review" && t.Status == WorkflowTaskStatus.Completed).MaxBy(t => t.CompletedAt);
        var by = review?.CompletedBy ?? ApprovalDecisions.WorkflowActor;
        var agreement = (await agreements.GetAsync(agreementId, cancellationToken))!;
        string summary;
        switch (outcome)
        {
            case "claim":
                var claimed = await claims.OpenAsync(by, agreementId, new CreditClaimInput(period), cancellationToken);
                summary = claimed.Value is { } view
                    ? $"claimed {CreditClaims.Money(view.Claim.Amount, view.Claim.Currency)} as {view.Claim.Reference}"
                    : $"a claim was asked for but refused: {claimed.Message ?? string.Join(" ", claimed.Errors?.Values.SelectMany(m => m) ?? [])}";
                break;
            case "dispute":
                if (agreement.VendorId is { } vendorId)
                {
                    var opened = await inbox.OpenAsync(by, vendorId, new VendorRequestInput(nameof(VendorRequestKind.Dispute), agreementId,
                            $"Our review disputes the data for {period}",
                            $"The breach review of {agreement.Title} for {period} disputes the data: {review?.Comment}. Send corrected data or your explanation.",
                            LocalDate.FromDateOnly(ZonedDays.DayOf(time.GetUtcNow(), agreement.TimeZone).AddDays(10))),
                        new RequestSubject(ComplianceCloses.SubjectType, context.Subject.Id), cancellationToken);
                    summary = opened.Value is { } request ? $"the data is disputed; the vendor is asked for corrected data ('{request.Title}')" : "the data is disputed";
                }
                else
                    summary = "the data is disputed";
                break;
            default:
                summary = $"the credit is waived: {review?.Comment}";
                break;
        }
        await using var unit = await database.BeginAsync(cancellationToken);
        await closes.UpdateAsync(unit, close with
        {
            ReviewOutcome = outcome, ReviewBy = by, ReviewReason = review?.Comment, Status = ComplianceCloseStatus.Closed, UpdatedAt = time.GetUtcNow(),
        }, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(by, $"compliance-close.{outcome}", "Agreement", agreementId.ToString(),
            $"Breach review of {agreement.Title} for {period}: {summary}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}
