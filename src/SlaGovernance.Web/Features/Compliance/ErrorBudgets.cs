using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Data.Compliance;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.RawData;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;
using AgreementMissingData = SlaGovernance.Domain.Agreements.MissingDataPolicy;
using Exclusion = SlaGovernance.Domain.Compliance.Exclusion;
using ExclusionType = SlaGovernance.Domain.Compliance.ExclusionType;
using MissingDataPolicy = SlaGovernance.Domain.Compliance.MissingDataPolicy;

namespace SlaGovernance.Web.Features.Compliance;

/// <summary>One burn-rate alert as configured under <c>ErrorBudgets:Alerts</c>.</summary>
public sealed class BurnRateAlertSetting
{
    public string Name { get; set; } = "";
    public BurnAlertSeverity Severity { get; set; } = BurnAlertSeverity.Page;
    public TimeSpan LongWindow { get; set; }
    public TimeSpan ShortWindow { get; set; }
    public decimal Factor { get; set; }
}

/// <summary>Error-budget settings: the burn-rate alerts (the SRE workbook's three when none are set), the scan's step and the home page's threshold.</summary>
public sealed class ErrorBudgetOptions
{
    public const string Section = "ErrorBudgets";

    /// <summary>Left empty, the workbook's page-1h, page-6h and ticket-3d (see <see cref="BurnRateAlert.Workbook"/>).</summary>
    public List<BurnRateAlertSetting> Alerts { get; set; } = [];

    /// <summary>How finely an upload's data time is walked to find where episodes start and resolve.</summary>
    public TimeSpan EvaluationStep { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A budget with this share (percent) or less left is "at risk" on the start page.</summary>
    public decimal AtRiskRemainingPercent { get; set; } = 25m;

    public IReadOnlyList<BurnRateAlert> EffectiveAlerts() => Alerts.Count == 0
        ? BurnRateAlert.Workbook
        : [.. Alerts.Select(a => new BurnRateAlert(a.Name, a.Severity, Duration.FromTimeSpan(a.LongWindow), Duration.FromTimeSpan(a.ShortWindow), a.Factor))];

    /// <summary>Why the settings cannot work, or null: each alert named once, a short window shorter than its long one, a factor above zero.</summary>
    public string? Problem()
    {
        if (EvaluationStep <= TimeSpan.Zero)
            return "ErrorBudgets:EvaluationStep must be a positive duration such as 00:01:00.";
        if (AtRiskRemainingPercent is < 0 or > 100)
            return $"ErrorBudgets:AtRiskRemainingPercent is {AtRiskRemainingPercent}; give a share of the budget from 0 to 100.";
        for (var i = 0; i < Alerts.Count; i++)
        {
            var alert = Alerts[i];
            if (string.IsNullOrWhiteSpace(alert.Name) || alert.Name.Length > 50)
                return $"ErrorBudgets:Alerts:{i}:Name must name the alert (up to 50 characters), such as page-1h.";
            if (Alerts.Take(i).Any(a => a.Name == alert.Name))
                return $"ErrorBudgets:Alerts:{i}:Name '{alert.Name}' is used twice; each alert needs a name of its own.";
            if (alert.ShortWindow <= TimeSpan.Zero || alert.LongWindow <= alert.ShortWindow)
                return $"ErrorBudgets:Alerts:{i} ('{alert.Name}'): the short window must be positive and shorter than the long window.";
            if (alert.Factor <= 0)
                return $"ErrorBudgets:Alerts:{i} ('{alert.Name}'): the factor must be above zero, such as 14.4.";
        }
        return null;
    }
}

/// <summary>
/// Keeps each availability objective's error budget, its burn-rate alert episodes and the agreement's error-budget policy up to
/// date. Evaluated in data time: after an upload at the instants its data covers (so a batch of a day's samples finds the
/// episodes within it), and after a report at the newest data of its period. An episode is reported once, by email and on the
/// start page, and is stored with the email in one transaction, so a crash or a second upload sends nothing twice.
/// </summary>
public sealed class ErrorBudgets(
    Database database, AgreementStore agreements, BusinessCalendarStore calendars, ComplianceInputs inputs, ErrorBudgetStore store, UserStore users,
    EmailOutbox outbox, AuditLog audit, IOptions<ErrorBudgetOptions> options, IOptions<EmailOptions> email, TimeProvider time)
{
    public const string Actor = "error-budgets";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>After probe samples or outages are stored: evaluate every objective their services feed, over the data's time.</summary>
    public async Task AfterUploadAsync(Guid agreementId, Guid uploadId, string kind, CancellationToken cancellationToken = default)
    {
        var probes = kind == RawDataKind.ProbeSamples.Slug();
        if (!probes && kind != RawDataKind.Outages.Slug())
            return;
        var signed = await agreements.SignedVersionsAsync(agreementId, cancellationToken);
        foreach (var span in await store.UploadSpansAsync(uploadId, probes, cancellationToken))
        {
            var last = Instant.FromDateTimeOffset(span.Last);
            if (await GoverningAsync(agreementId, signed, last, cancellationToken) is not { } version)
                continue;
            foreach (var slo in Budgeted(version.Parsed, span.Service, probes))
            {
                var interval = probes ? Frequency(slo) : Duration.Zero;
                await EvaluateAsync(agreementId, version, slo, Instant.FromDateTimeOffset(span.First), last + interval, scanAlerts: true, uploadId,
                    cancellationToken);
            }
        }
    }

    /// <summary>After a report of a period: each objective's budget of the window holding the period's newest data.</summary>
    public async Task AfterReportAsync(Guid agreementId, DateTimeOffset periodStart, DateTimeOffset periodEnd, CancellationToken cancellationToken = default)
    {
        var signed = await agreements.SignedVersionsAsync(agreementId, cancellationToken);
        var end = Instant.FromDateTimeOffset(periodEnd);
        if (await GoverningAsync(agreementId, signed, end - Duration.FromTicks(1), cancellationToken) is not { } version)
            return;
        foreach (var slo in version.Parsed.Slos.Where(s => s.Metric == MetricKind.Availability && s.Key is not null))
        {
            var probes = slo.Measurement.Mode == MeasurementMode.Active;
            if (await store.NewestBeforeAsync(agreementId, slo.Service, probes, periodEnd, cancellationToken) is not { } newest || newest < periodStart)
                continue;
            var at = Instant.FromDateTimeOffset(newest) + (probes ? Frequency(slo) : Duration.Zero);
            at = at > end ? end : at;
            await EvaluateAsync(agreementId, version, slo, at, at, scanAlerts: false, null, cancellationToken);
        }
    }

    public Task<IReadOnlyList<ErrorBudgetRow>> OfAgreementAsync(Guid agreementId, CancellationToken cancellationToken = default) =>
        store.OfAgreementAsync(agreementId, cancellationToken);

    /// <summary>
    /// Why a change of <paramref name="changeClass"/> is refused on the agreement, or null: the error-budget policy froze changes when
    /// an objective's budget ran out, until its window ends; emergency changes and terminations still go ahead.
    /// </summary>
    public async Task<string?> FreezeAsync(Guid agreementId, string title, Domain.Changes.ChangeClass changeClass, CancellationToken cancellationToken = default)
    {
        if (changeClass is Domain.Changes.ChangeClass.Emergency or Domain.Changes.ChangeClass.Termination)
            return null;
        var freezes = await store.FreezesAsync(agreementId, time.GetUtcNow(), cancellationToken);
        if (freezes.Count == 0)
            return null;
        var first = freezes[0];
        return $"Changes to {title} are frozen by its error-budget policy: the error budget of {first.Service} ({first.ObjectiveKey}) ran out on " +
               $"{first.TriggeredAt:yyyy-MM-dd HH:mm} UTC ({Minutes(first.RemainingMs)} of {Minutes(first.BudgetMs)} minutes left). Until its window ends on " +
               $"{first.WindowEnd:yyyy-MM-dd HH:mm} UTC only emergency changes and terminations are opened; file this as an emergency change if it cannot wait.";
    }

    private async Task<AgreementVersionRow?> GoverningAsync(Guid agreementId, IReadOnlyList<SignedVersion> signed, Instant at, CancellationToken cancellationToken) =>
        GoverningVersion.At(signed, at) is { } governing ? await agreements.GetVersionAsync(agreementId, governing.Number, cancellationToken) : null;

    /// <summary>Availability objectives of the service measured by probes (probe samples) or passively (outages), with a key to store them under.</summary>
    private static IEnumerable<ServiceLevelObjective> Budgeted(AgreementContent content, string service, bool probes) =>
        content.Slos.Where(s => s.Metric == MetricKind.Availability && s.Service == service && s.Key is not null
            && (s.Measurement.Mode == MeasurementMode.Active) == probes);

    private static Duration Frequency(ServiceLevelObjective slo) => Duration.FromSeconds(Math.Max(1, slo.Measurement.FrequencySeconds));

    /// <summary>The budget window holding <paramref name="at"/>: its calendar month or quarter in the zone, or the rolling days ending with its day.</summary>
    public static CompliancePeriod WindowOf(ServiceLevelObjective slo, DateTimeZone zone, Instant at)
    {
        var local = at.InZone(zone).Date;
        return slo.Window switch
        {
            WindowKind.Quarter => CompliancePeriod.Quarter(local.Year, (local.Month - 1) / 3 + 1, zone),
            WindowKind.RollingDays => CompliancePeriod.Of(new Interval(zone.AtStartOfDay(local.PlusDays(1 - Math.Max(1, slo.RollingDays ?? 30))).ToInstant(),
                zone.AtStartOfDay(local.PlusDays(1)).ToInstant())),
            _ => CompliancePeriod.Month(new YearMonth(local.Year, local.Month), zone),
        };
    }

    private async Task EvaluateAsync(Guid agreementId, AgreementVersionRow version, ServiceLevelObjective slo, Instant first, Instant last, bool scanAlerts,
        Guid? uploadId, CancellationToken cancellationToken)
    {
        var content = version.Parsed;
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(content.TimeZone) is not { } zone)
            return;
        ServiceWindow window = ServiceWindow.AlwaysOn;
        if (slo.BusinessHoursOnly)
        {
            var row = content.BusinessCalendarId is { } calendarId ? await calendars.GetAsync(calendarId, cancellationToken) : null;
            row ??= await calendars.GetDefaultAsync(cancellationToken);
            if (row is null)
                return;
            window = row.ToCalendar();
        }
        var alerts = options.Value.EffectiveAlerts();
        var longest = alerts.Count == 0 ? Duration.Zero : alerts.Max(a => a.LongWindow);
        var probes = slo.Measurement.Mode == MeasurementMode.Active;
        var key = slo.Key!;

        // Read before the lock; the watermark read under it only decides whether an episode is late.
        var watermarkBefore = await store.WatermarkAsync(agreementId, key, cancellationToken);
        var watermark = watermarkBefore is { } w ? Instant.FromDateTimeOffset(w) : (Instant?)null;
        var scanTo = last;
        if (scanAlerts && watermark is { } seen && last < seen)
            scanTo = last + longest < seen ? last + longest : seen; // late data moves the windows that end up to the longest window after it
        var dataTime = watermark is { } newest && newest > last ? newest : last;

        var firstWindow = WindowOf(slo, zone, first);
        var lastWindow = WindowOf(slo, zone, dataTime);
        var spanStart = first - longest < firstWindow.Start ? first - longest : firstWindow.Start;
        var spanEnd = lastWindow.End > dataTime ? lastWindow.End : dataTime;
        var span = new Interval(spanStart, spanEnd);

        var target = new SloTarget(slo.Target);
        var availability = new AvailabilitySlo(target, window, content.Credits.ExcludedTime == ExcludedTimeTreatment.RemovedFromPeriod
            ? ExclusionTreatment.RemovedFromMaximum : ExclusionTreatment.CountsAsAvailable, Missing(slo.MissingData));
        var exclusions = await ExclusionsAsync(agreementId, content, slo, span, zone, cancellationToken);
        DowntimeTimeline timeline;
        if (probes)
        {
            var interval = Frequency(slo);
            var samples = await store.ProbeSamplesAsync(agreementId, slo.Service, (span.Start - interval).ToDateTimeOffset(), span.End.ToDateTimeOffset(),
                cancellationToken);
            timeline = DowntimeTimeline.FromProbes(availability, span, [.. samples.Select(s => new ProbeSample(Instant.FromDateTimeOffset(s.At), s.Up))], interval,
                exclusions);
        }
        else
            timeline = DowntimeTimeline.FromOutages(availability, span, await inputs.OutagesAsync(agreementId, slo.Service, span, cancellationToken), exclusions);

        var lookBacks = alerts.SelectMany(a => new[] { a.LongWindow, a.ShortWindow }).Distinct().Order().ToArray();
        var windows = new List<CompliancePeriod> { firstWindow };
        while (windows[^1].End <= dataTime && windows[^1] != lastWindow && windows.Count < 400)
            windows.Add(WindowOf(slo, zone, windows[^1].End));
        var now = time.GetUtcNow();
        var agreement = await agreements.GetAsync(agreementId, cancellationToken);
        var title = agreement?.Title ?? content.Title;

        await using var unit = await database.BeginAsync(cancellationToken);
        await store.LockAsync(unit, agreementId, key, cancellationToken);
        watermarkBefore = await store.WatermarkAsync(unit, agreementId, key, cancellationToken);
        var budgets = new Dictionary<Instant, ErrorBudget>();
        foreach (var budgetWindow in windows)
        {
            var at = dataTime < budgetWindow.End ? dataTime : budgetWindow.End;
            var stored = await store.BudgetAsync(unit, agreementId, key, budgetWindow.Start.ToDateTimeOffset(), cancellationToken);
            if (stored is not null && Instant.FromDateTimeOffset(stored.DataTime) > at)
                at = Instant.FromDateTimeOffset(stored.DataTime);
            var budget = timeline.BudgetAt(budgetWindow, at, lookBacks);
            budgets[budgetWindow.Start] = budget;
            await store.SaveAsync(unit, new ErrorBudgetRow
            {
                Id = stored?.Id ?? Guid.CreateVersion7(), AgreementId = agreementId, ObjectiveKey = key, Service = slo.Service,
                WindowStart = budgetWindow.Start.ToDateTimeOffset(), WindowEnd = budgetWindow.End.ToDateTimeOffset(), VersionNumber = version.Number,
                TargetPercent = (double)slo.Target, HasBudget = budget.HasBudget, BudgetMs = Ms(budget.Budget), ConsumedMs = Ms(budget.Consumed),
                RemainingMs = Ms(budget.Remaining), DataTime = at.ToDateTimeOffset(),
                BurnRates = JsonSerializer.Serialize(budget.BurnRates.ToDictionary(r => Label(r.LookBack), r => r.Rate), Json),
                Points = JsonSerializer.Serialize(Points(timeline, budgetWindow, at, zone), Json), UpdatedAt = now,
            }, cancellationToken);
            if (budget.HasBudget && content.ErrorBudgetPolicy is { } policy && policy.IsTriggeredAt(Percent(budget)))
                await TriggerPolicyAsync(unit, agreementId, title, version.Number, slo, budgetWindow, at, budget, policy, now, cancellationToken);
        }

        if (scanAlerts && alerts.Count > 0)
        {
            var known = (await store.EpisodesFromAsync(unit, agreementId, key, (first - longest).ToDateTimeOffset(), cancellationToken))
                .Select(e => new BurnEpisode(e.Alert, Instant.FromDateTimeOffset(e.StartedAt), e.ResolvedAt is { } r ? Instant.FromDateTimeOffset(r) : null))
                .ToList();
            var late = watermarkBefore is { } before ? Instant.FromDateTimeOffset(before) : (Instant?)null;
            foreach (var change in BurnRateScan.Run(timeline, alerts, first, scanTo, Duration.FromTimeSpan(options.Value.EvaluationStep), known))
            {
                var alert = alerts.Single(a => a.Name == change.Episode.Alert);
                if (change.Opened)
                {
                    var budget = timeline.BudgetAt(WindowOf(slo, zone, change.Episode.Start), change.Episode.Start);
                    var episode = new ErrorBudgetEpisodeRow
                    {
                        Id = Guid.CreateVersion7(), AgreementId = agreementId, ObjectiveKey = key, Service = slo.Service, Alert = alert.Name,
                        Severity = alert.Severity.ToString(), Factor = (double)alert.Factor, StartedAt = change.Episode.Start.ToDateTimeOffset(),
                        ResolvedAt = change.Episode.ResolvedAt?.ToDateTimeOffset(), Late = late is { } mark && change.Episode.Start < mark,
                        LongRate = (double?)change.LongRate, ShortRate = (double?)change.ShortRate, RemainingMs = Ms(budget.Remaining),
                        BudgetMs = Ms(budget.Budget), UploadId = uploadId, FoundAt = now,
                    };
                    if (await store.InsertEpisodeAsync(unit, episode, cancellationToken))
                        await ReportEpisodeAsync(unit, agreement, content, title, slo, alert, episode, zone, cancellationToken);
                }
                else if (await store.ResolveEpisodeAsync(unit, agreementId, key, alert.Name, change.Episode.Start.ToDateTimeOffset(),
                             change.Episode.ResolvedAt!.Value.ToDateTimeOffset(), cancellationToken))
                    await audit.AppendAsync(unit, new AuditRecord(Actor, "error-budget.alert-resolved", "Agreement", agreementId.ToString(),
                        $"{alert.Name} on {slo.Service} of {title} (from {change.Episode.Start:uuuu-MM-dd HH:mm} UTC) resolved at " +
                        $"{change.Episode.ResolvedAt:uuuu-MM-dd HH:mm} UTC: the short window's burn rate fell below {alert.Factor.ToString("0.##", CultureInfo.InvariantCulture)}."),
                        cancellationToken);
            }
        }
        await unit.CommitAsync(cancellationToken);
    }

    /// <summary>Maintenance windows over the span, and the accepted exclusions that cover the objective.</summary>
    private async Task<List<Exclusion>> ExclusionsAsync(Guid agreementId, AgreementContent content, ServiceLevelObjective slo, Interval span, DateTimeZone zone,
        CancellationToken cancellationToken)
    {
        var list = (content.MaintenanceWindows ?? [])
            .SelectMany(w => new RecurringMaintenance(NodaTime.Utility.BclConversions.ToIsoDayOfWeek(w.Day), LocalTime.FromTimeOnly(w.Start),
                Duration.FromMinutes(w.DurationMinutes)).ExpandFor(span, zone))
            .ToList();
        foreach (var e in await inputs.ExclusionsAsync(agreementId, span, cancellationToken))
        {
            if (e.Status == ExclusionStatus.Accepted
                && (e.Service is null || (e.Service == slo.Service && (e.Metric is null || e.Metric == slo.Metric.ToString()))))
                list.Add(new Exclusion(Enum.Parse<ExclusionType>(e.ExclusionType),
                    new Interval(Instant.FromDateTimeOffset(e.StartedAt), Instant.FromDateTimeOffset(e.EndedAt))));
        }
        return list;
    }

    /// <summary>The remaining budget at the end of each local day of the window up to <paramref name="at"/>, and at <paramref name="at"/>.</summary>
    private static List<BudgetPoint> Points(DowntimeTimeline timeline, CompliancePeriod window, Instant at, DateTimeZone zone)
    {
        var points = new List<BudgetPoint>();
        var day = window.Start.InZone(zone).Date.PlusDays(1);
        for (var end = zone.AtStartOfDay(day).ToInstant(); end < at && end <= window.End && points.Count < 400; day = day.PlusDays(1), end = zone.AtStartOfDay(day).ToInstant())
            points.Add(new BudgetPoint(end.ToDateTimeOffset(), Ms(timeline.BudgetAt(window, end).Remaining)));
        points.Add(new BudgetPoint(at.ToDateTimeOffset(), Ms(timeline.BudgetAt(window, at).Remaining)));
        return points;
    }

    /// <summary>Records the policy's trigger once per window, audits it, tells the board when the policy says so.</summary>
    private async Task TriggerPolicyAsync(UnitOfWork unit, Guid agreementId, string title, int versionNumber, ServiceLevelObjective slo, CompliancePeriod window,
        Instant at, ErrorBudget budget, ErrorBudgetPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = slo.Key!;
        if (await store.ExhaustionAsync(unit, agreementId, key, window.Start.ToDateTimeOffset(), cancellationToken) is not null)
            return;
        var row = new ErrorBudgetExhaustionRow
        {
            Id = Guid.CreateVersion7(), AgreementId = agreementId, ObjectiveKey = key, Service = slo.Service, WindowStart = window.Start.ToDateTimeOffset(),
            WindowEnd = window.End.ToDateTimeOffset(), VersionNumber = versionNumber, TriggeredAt = at.ToDateTimeOffset(), BudgetMs = Ms(budget.Budget),
            RemainingMs = Ms(budget.Remaining), ChangesFrozen = policy.FreezeChanges, BoardNotified = policy.NotifyBoard,
            BreachReviewRequired = policy.RequireBreachReview, RecordedAt = now,
        };
        await store.InsertExhaustionAsync(unit, row, cancellationToken);
        var asked = new[] { policy.FreezeChanges ? "non-emergency changes frozen" : null, policy.NotifyBoard ? "the Governance board told" : null,
            policy.RequireBreachReview ? "a breach review required" : null }.Where(a => a is not null);
        var what = $"The error budget of {slo.Service} on {title} is down to {Minutes(row.RemainingMs)} of {Minutes(row.BudgetMs)} minutes " +
                   $"({Percent(budget).ToString("0.#", CultureInfo.InvariantCulture)} %) for the window {window.Start:uuuu-MM-dd} to {window.End:uuuu-MM-dd}";
        await audit.AppendAsync(unit, new AuditRecord(Actor, "error-budget.policy-triggered", "Agreement", agreementId.ToString(),
            $"{what}: its error-budget policy (version {versionNumber}) applies: {string.Join(", ", asked)}.",
            After: JsonSerializer.Serialize(new { row.Id, objectiveKey = key, row.WindowStart, row.WindowEnd, row.ChangesFrozen, row.BoardNotified,
                row.BreachReviewRequired, row.RemainingMs, row.BudgetMs }, Json)), cancellationToken);
        if (!policy.NotifyBoard)
            return;
        var board = (await users.ActiveInRoleAsync(Roles.GovernanceBoard, cancellationToken)).Where(u => u.Email is not null)
            .Select(u => new EmailAddress(u.Email!, u.DisplayName)).ToList();
        if (board.Count == 0)
            return;
        await outbox.EnqueueAsync(unit, $"error-budget-policy/{agreementId:N}/{key}/{window.Start}", board,
            $"Error budget exhausted: {title}, {slo.Service} availability", string.Join("\n", [
                $"{what}, as of the data at {at:uuuu-MM-dd HH:mm} UTC.",
                "",
                "The agreement's error-budget policy applies:",
                .. asked.Select(a => "- " + a),
                "",
                policy.FreezeChanges
                    ? $"Until {window.End:uuuu-MM-dd HH:mm} UTC only emergency changes and terminations are opened on the agreement."
                    : "Changes to the agreement go ahead as usual.",
                $"Figures and chart: {email.Value.PublicBaseUrl.TrimEnd('/')}/agreements/{agreementId}/compliance",
            ]), cancellationToken: cancellationToken);
    }

    /// <summary>The one email of an episode, to the agreement's owner and the vendor managers, and its audit entry.</summary>
    private async Task ReportEpisodeAsync(UnitOfWork unit, AgreementRow? agreement, AgreementContent content, string title, ServiceLevelObjective slo,
        BurnRateAlert alert, ErrorBudgetEpisodeRow episode, DateTimeZone zone, CancellationToken cancellationToken)
    {
        var rate = (decimal)(episode.LongRate ?? 0);
        var started = Instant.FromDateTimeOffset(episode.StartedAt).InZone(zone);
        var summary = $"{(episode.Late ? "[late data] " : "")}Error budget {(alert.Severity == BurnAlertSeverity.Page ? "alert" : "warning")} ({alert.Name}): " +
                      $"{title}, {slo.Service} availability burning {Rate(rate)} times the sustainable rate";
        await audit.AppendAsync(unit, new AuditRecord(Actor, "error-budget.alert", "Agreement", episode.AgreementId.ToString(), summary + $" from {episode.StartedAt:u}.",
            After: JsonSerializer.Serialize(episode, Json)), cancellationToken);
        var to = new List<EmailAddress>();
        var owner = content.Owner ?? agreement?.Owner;
        if (owner is not null && await users.FindByUserNameAsync(owner, cancellationToken) is { IsActive: true, Email: { } ownerEmail } ownerRow)
            to.Add(new EmailAddress(ownerEmail, ownerRow.DisplayName));
        to.AddRange((await users.ActiveInRoleAsync(Roles.VendorManager, cancellationToken)).Where(u => u.Email is not null)
            .Select(u => new EmailAddress(u.Email!, u.DisplayName)));
        to = to.DistinctBy(a => a.Address.ToUpperInvariant()).ToList();
        if (to.Count == 0)
            return;
        var budgetLeft = episode.BudgetMs > 0 ? episode.RemainingMs * 100m / episode.BudgetMs : 0m;
        var lasts = rate > 0 ? $" At this pace a whole window's budget would be gone in {Span(Duration.FromDays(30) / (double)rate)}." : "";
        string[] body =
        [
            $"{title}: the error budget of {slo.Service} availability (target {slo.Target.ToString("0.###", CultureInfo.InvariantCulture)} %) is burning fast.",
            "",
            $"Alert: {alert.Name} ({alert.Severity.Label().ToLowerInvariant()}). Over the last {Span(alert.LongWindow)} the budget burned {Rate(rate)} times the rate " +
            $"the target allows, and {Rate((decimal)(episode.ShortRate ?? 0))} times over the last {Span(alert.ShortWindow)}; the alert fires above " +
            $"{alert.Factor.ToString("0.##", CultureInfo.InvariantCulture)} times on both.{lasts}",
            $"Budget remaining: {Minutes(episode.RemainingMs)} of {Minutes(episode.BudgetMs)} minutes ({budgetLeft.ToString("0.#", CultureInfo.InvariantCulture)} %) " +
            $"of the window, at {started:uuuu-MM-dd HH:mm} ({zone.Id}), when the episode started.",
            .. episode.Late
                ? (string[])["", "This episode was found in late data: data that arrived after newer data of the objective had been seen. It is reported once, now."]
                : [],
            "",
            "What to do next: " + (alert.Severity == BurnAlertSeverity.Page
                ? "ask the vendor now whether an incident is open and when service will be restored, and note its reference; if the budget runs out, the agreement's error-budget policy applies."
                : "raise the trend with the vendor at the next service review and ask for the cause and a remediation plan before the budget runs out."),
            $"Budgets and chart: {email.Value.PublicBaseUrl.TrimEnd('/')}/agreements/{episode.AgreementId}/compliance",
            "",
            "You get one email per episode; it resolves by itself once the short window's burn rate falls below the factor.",
        ];
        await outbox.EnqueueAsync(unit, $"error-budget/{episode.AgreementId:N}/{episode.ObjectiveKey}/{alert.Name}/{episode.StartedAt.UtcDateTime:O}", to,
            summary, string.Join("\n", body), cancellationToken: cancellationToken);
    }

    private static MissingDataPolicy Missing(AgreementMissingData policy) => policy switch
    {
        AgreementMissingData.CountedAsDown => MissingDataPolicy.CountedAsDown,
        AgreementMissingData.CountedAsUp => MissingDataPolicy.CountedAsUp,
        _ => MissingDataPolicy.ExcludedAsUnknown,
    };

    private static long Ms(Duration duration) => (long)Math.Round(duration.TotalMilliseconds);

    private static decimal Percent(ErrorBudget budget) =>
        budget.Budget > Duration.Zero ? (decimal)budget.Remaining.BclCompatibleTicks * 100m / budget.Budget.BclCompatibleTicks : 0m;

    public static string Minutes(long ms) => (ms / 60_000m).ToString("#,##0.#", CultureInfo.InvariantCulture);

    public static string Rate(decimal rate) => rate.ToString(rate >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture);

    /// <summary>A look-back as its key in the stored burn rates: 5m, 1h, 3d.</summary>
    public static string Label(Duration span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0}d"
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0}h"
        : $"{span.TotalMinutes:0.##}m";

    /// <summary>A span as people say it: 5 minutes, 1 hour, 4.3 hours, 3 days.</summary>
    public static string Span(Duration span) =>
        span.TotalDays >= 1 ? Unit(span.TotalDays, "day") : span.TotalHours >= 1 ? Unit(span.TotalHours, "hour") : Unit(span.TotalMinutes, "minute");

    private static string Unit(double amount, string unit) =>
        amount.ToString("0.#", CultureInfo.InvariantCulture) + " " + unit + (Math.Round(amount, 1) == 1 ? "" : "s");
}

/// <summary>The budget left at an instant, in milliseconds.</summary>
public sealed record BudgetPoint(DateTimeOffset At, long RemainingMs);
