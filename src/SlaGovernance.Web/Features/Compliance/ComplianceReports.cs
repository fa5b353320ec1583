using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Data.Compliance;
using SlaGovernance.Data.RawData;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Compliance;
using AgreementCreditTier = SlaGovernance.Domain.Agreements.CreditTier;
using AgreementMissingData = SlaGovernance.Domain.Agreements.MissingDataPolicy;
using CreditScheme = SlaGovernance.Domain.Compliance.CreditScheme;
using CreditTier = SlaGovernance.Domain.Compliance.CreditTier;
using Exclusion = SlaGovernance.Domain.Compliance.Exclusion;
using ExclusionType = SlaGovernance.Domain.Compliance.ExclusionType;
using MissingDataPolicy = SlaGovernance.Domain.Compliance.MissingDataPolicy;

namespace SlaGovernance.Web.Features.Compliance;

/// <summary>Compliance settings; the tolerance is how far (in percentage points) a vendor's own figure may differ before it is flagged.</summary>
public sealed class ComplianceOptions
{
    public decimal DiscrepancyTolerancePoints { get; set; } = 0.1m;

    /// <summary>An objective whose data covers less of the period than this (percent) gets a data-quality warning on its report.</summary>
    public decimal CoverageWarningPercent { get; set; } = 95m;
}

/// <summary>A report period: a calendar month ("2026-03") or quarter ("2026-Q1") in the agreement's zone.</summary>
public sealed record ReportPeriod(string Key, CompliancePeriod Period, DateOnly FirstDay, DateOnly NextFirstDay, int Months)
{
    public bool IsMonth => Months == 1;

    public static ReportPeriod? Parse(string? text, DateTimeZone zone)
    {
        text = text?.Trim();
        if (text is null)
            return null;
        if (text.Length == 7 && YearMonthPattern.Iso.Parse(text) is { Success: true } month)
        {
            var first = month.Value.OnDayOfMonth(1);
            return new(text, CompliancePeriod.Month(month.Value, zone), first.ToDateOnly(), first.PlusMonths(1).ToDateOnly(), 1);
        }
        if (text.Length == 7 && int.TryParse(text[..4], out var year) && year is >= 1900 and <= 9999 && text[4..6] == "-Q" && text[6] is >= '1' and <= '4')
        {
            var quarter = text[6] - '0';
            var first = new LocalDate(year, (quarter - 1) * 3 + 1, 1);
            return new(text, CompliancePeriod.Quarter(year, quarter, zone), first.ToDateOnly(), first.PlusMonths(3).ToDateOnly(), 3);
        }
        return null;
    }
}

/// <param name="Source">Where the attainment came from: probe samples, outages, tickets, CSAT responses or event counts.</param>
/// <param name="Note">Why an SLO could not be measured, or what was left out, for a person to read.</param>
public sealed record ReportSlo(
    string Service, string Metric, string Source, decimal TargetPercent, decimal? AttainmentPercent, SloOutcome Outcome, decimal? DataCoveragePercent,
    double MaximumMinutes, double DowntimeMinutes, IReadOnlyDictionary<ExclusionType, double> ExcludedMinutes, int PendingTickets, long? Samples,
    decimal CreditPercent, decimal? VendorReportedPercent, decimal? VendorDifferencePoints, bool Discrepancy, string? Note, int? Part = null)
{
    [JsonIgnore]
    public string Name => $"{Service} {Metric}";
}

/// <summary>
/// A stretch of a period governed by one version, when an amendment came into force inside the period. Its SLOs' rows carry its
/// <paramref name="Number"/> as their part.
/// </summary>
/// <param name="Share">The part's share of the period's length, from 0 to 1.</param>
/// <param name="PeriodFee">The period's fee under this version (its monthly fee times the months in the period); the part accounts for its share of it.</param>
/// <param name="EarnedCreditAmount">Its SLOs' credit percentages times the period fee times the share, before the one cap over all parts.</param>
public sealed record ReportPart(
    int Number, int AgreementVersion, string TermsHash, DateTimeOffset Start, DateTimeOffset End, decimal Share, decimal PeriodFee, decimal CapPercent,
    decimal EarnedCreditPercent, decimal EarnedCreditAmount);

/// <summary>What one revision of a report found, stored as JSON with the revision.</summary>
/// <param name="AgreementVersion">The version governing the period, or, for a period split between versions, the one governing its end.</param>
/// <param name="Fee">
/// The fee of the period (the monthly fee times the months in it) that credits are a percentage of; for a split period, the parts'
/// shares of their versions' fees, summed.
/// </param>
/// <param name="Parts">Set when an amendment came into force inside the period: each part, measured against its own version.</param>
/// <param name="AsOf">The instant the report judges open tickets at (pending or breached): when it was asked for, else when it was computed.</param>
/// <param name="Warnings">
/// Data-quality warnings for a person to read: rows no objective uses (a service name no objective has, or data of a mode the
/// objective is not measured by), objectives whose data covers little of the period, and files that arrived after it ended.
/// </param>
public sealed record ComplianceReport(
    string Period, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, string TimeZone, int AgreementVersion, string TermsHash, DateTimeOffset EvaluatedAt,
    decimal TolerancePoints, IReadOnlyList<ReportSlo> Slos, decimal Fee, string Currency, decimal CapPercent, decimal EarnedCreditPercent,
    decimal AppliedCreditPercent, bool Capped, decimal CreditAmount, IReadOnlyList<ReportPart>? Parts = null, DateTimeOffset? AsOf = null,
    IReadOnlyList<string>? Warnings = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ComplianceReport FromJson(string json) =>
        JsonSerializer.Deserialize<ComplianceReport>(json, Json) ?? throw new JsonException("The stored compliance report is empty.");
}

public sealed record ComplianceReportRevision(ComplianceReportRow Row, ComplianceReport Report)
{
    public static ComplianceReportRevision From(ComplianceReportRow row) => new(row, ComplianceReport.FromJson(row.Result));
}

/// <summary>The revision a calculation answered with: a new one, or the latest when nothing changed and no reason was given.</summary>
public sealed record ComputedReport(ComplianceReportRevision Revision, bool Created);

/// <summary>
/// Computes an agreement's compliance report for a period from its stored raw data and the terms of the version governing it
/// (the signed version in force at the period's start, see <see cref="GoverningVersion"/>), and archives it as a new revision when its inputs changed or someone asks with a reason.
/// </summary>
public sealed class ComplianceReports(
    Database database, AgreementStore agreements, BusinessCalendarStore calendars, ComplianceInputs inputs, ComplianceReportStore store,
    AuditLog audit, IOptions<ComplianceOptions> options, TimeProvider time, SlaGovernance.Data.Events.DomainEvents events)
{
    public const int MaxReasonLength = 2000;

    /// <param name="asOf">The instant to judge open tickets at, neither in the future nor before the period; absent, now.</param>
    /// <param name="changeReason">Without a reason, what a new revision says when the inputs changed, instead of listing the changed inputs.</param>
    public async Task<CommandResult<ComputedReport>> ComputeAsync(Guid agreementId, string? period, string? reason, string actor,
        DateTimeOffset? asOf = null, string? changeReason = null, CancellationToken cancellationToken = default)
    {
        var agreement = await agreements.GetAsync(agreementId, cancellationToken);
        if (agreement is null)
            return CommandResult<ComputedReport>.NotFound($"No agreement has id {agreementId}.");
        var signed = await agreements.SignedVersionsAsync(agreementId, cancellationToken);
        if (signed.Count == 0)
            return CommandResult<ComputedReport>.Forbidden(
                $"{agreement.Title} has no signed version yet; a compliance report measures against the signed terms in force.");
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(signed[^1].TimeZone);
        if (zone is null)
            return CommandResult<ComputedReport>.Invalid("timeZone", $"The agreement's zone '{signed[^1].TimeZone}' is not an IANA time zone.");
        if (ReportPeriod.Parse(period, zone) is not { } reportPeriod)
            return CommandResult<ComputedReport>.Invalid("period", $"'{period}' is not a period; give a month such as 2026-03 or a quarter such as 2026-Q1.");
        var governing = GoverningVersion.Parts(signed, reportPeriod.Period.Interval);
        if (governing.Count == 0)
            return CommandResult<ComputedReport>.Invalid("period",
                $"{reportPeriod.Key} ends before {agreement.Title}'s first signed term begins on {signed.Min(v => v.TermStart):yyyy-MM-dd}; no terms governed it.");
        var parts = new List<(GoverningPart Part, AgreementVersionRow Version)>();
        foreach (var part in governing)
            parts.Add((part, (await agreements.GetVersionAsync(agreementId, part.Version.Number, cancellationToken))!));
        if (parts.Select(p => p.Version.Parsed.Currency).Distinct(StringComparer.Ordinal).Count() > 1)
            return CommandResult<ComputedReport>.Invalid("period",
                $"{agreement.Title} changed its currency within {reportPeriod.Key} ({string.Join(" to ", parts.Select(p => p.Version.Parsed.Currency))}); " +
                "credits in two currencies are not added together, so compute the months before and after the change instead.");
        var version = parts[^1].Version;
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason?.Length > MaxReasonLength)
            return CommandResult<ComputedReport>.Invalid("reason", $"The reason is {reason.Length} characters long; keep it to {MaxReasonLength}.");

        var now = time.GetUtcNow();
        if (asOf > now)
            return CommandResult<ComputedReport>.Invalid("asOf", $"{asOf:u} is in the future; a report is computed as of now or an instant that has passed.");
        if (asOf is { } early && Instant.FromDateTimeOffset(early) < reportPeriod.Period.Start)
            return CommandResult<ComputedReport>.Invalid("asOf", $"{early:u} is before {reportPeriod.Key} begins; give an instant within or after the period.");
        var asOfInstant = Instant.FromDateTimeOffset(asOf ?? now);

        var tolerance = options.Value.DiscrepancyTolerancePoints;
        var span = reportPeriod.Period.Interval;
        var exclusionRecords = await inputs.ExclusionsAsync(agreementId, span, cancellationToken);
        var uploads = await inputs.UploadsFeedingAsync(agreementId, span, reportPeriod.FirstDay, reportPeriod.NextFirstDay, cancellationToken);
        var calendarLines = await CalendarLinesAsync(parts.Select(p => p.Version.Parsed), cancellationToken);
        string FingerprintAsOf(bool dependsOnAsOf) => Fingerprint(reportPeriod, parts, tolerance, uploads, exclusionRecords, calendarLines,
            dependsOnAsOf ? asOfInstant : null);
        static string Hash(string fingerprint) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)));

        // A report depends on its as-of instant when it was asked for, when the period had not ended by then, or when open tickets
        // were judged at it; otherwise the same inputs give the same figures whenever it is computed.
        var latest = await store.LatestAsync(agreementId, reportPeriod.Key, cancellationToken);
        var unchanged = FingerprintAsOf(asOf is not null || asOfInstant < span.End);
        if (latest is not null && latest.InputsSha256 == Hash(unchanged) && reason is null)
            return CommandResult<ComputedReport>.Ok(new ComputedReport(ComplianceReportRevision.From(latest), Created: false));

        var report = parts.Count == 1
            ? await EvaluateAsync(agreementId, version, reportPeriod, zone, exclusionRecords, tolerance, asOfInstant, cancellationToken)
            : await EvaluateSplitAsync(agreementId, parts, reportPeriod, zone, exclusionRecords, tolerance, asOfInstant, cancellationToken);
        var fingerprint = FingerprintAsOf(asOf is not null || asOfInstant < span.End || report.Slos.Any(s => s.PendingTickets > 0));
        var inputsHash = Hash(fingerprint);
        if (latest is not null && latest.InputsSha256 == inputsHash && reason is null)
            return CommandResult<ComputedReport>.Ok(new ComputedReport(ComplianceReportRevision.From(latest), Created: false));
        reason ??= latest is null ? "First calculation." : changeReason ?? $"The inputs changed since revision {latest.Revision}: {Changes(latest.Inputs, fingerprint)}.";
        report = report with
        {
            EvaluatedAt = now, AsOf = asOfInstant.ToDateTimeOffset(),
            Warnings = await WarningsAsync(agreementId, parts.Select(p => p.Version.Parsed).ToList(), report, span, uploads, cancellationToken),
        };
        var row = new ComplianceReportRow
        {
            Id = Guid.CreateVersion7(), AgreementId = agreementId, Period = reportPeriod.Key, Revision = (latest?.Revision ?? 0) + 1,
            VersionNumber = version.Number, InputsSha256 = inputsHash, Inputs = fingerprint, Result = report.ToJson(), Reason = reason,
            ComputedBy = actor, ComputedAt = now,
        };
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await store.InsertAsync(unit, row, cancellationToken))
                return CommandResult<ComputedReport>.Stale(null!,
                    $"Another calculation of {reportPeriod.Key} was stored as revision {row.Revision} at the same time; reload the reports and compute again if needed.");
            await audit.AppendAsync(unit, new AuditRecord(actor, "compliance-report.computed", "Agreement", agreementId.ToString(),
                $"Compliance report {reportPeriod.Key} of {agreement.Title} computed as revision {row.Revision} against version {version.Number}: {reason}",
                After: JsonSerializer.Serialize(new { reportId = row.Id, period = row.Period, revision = row.Revision, versionNumber = row.VersionNumber,
                    inputsSha256 = row.InputsSha256 })), cancellationToken);
            await events.AppendAsync(unit, new ComplianceReportComputed(agreementId, reportPeriod.Key, report.PeriodStart, report.PeriodEnd), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<ComputedReport>.Ok(new ComputedReport(new ComplianceReportRevision(row, report), Created: true));
    }

    /// <summary>
    /// One line per input: the period, the terms' content hash (for a period split between versions, each version's with the
    /// instant it governs from), the tolerance, the content hash of each business calendar an objective counts business hours by,
    /// the as-of instant when the figures depend on it, then sorted, each upload with rows in the period (kind and SHA-256) and each
    /// exclusion record overlapping it with its decision.
    /// </summary>
    private static string Fingerprint(ReportPeriod period, IReadOnlyList<(GoverningPart Part, AgreementVersionRow Version)> parts, decimal tolerance,
        IEnumerable<DataUploadRow> uploads, IEnumerable<ExclusionInputRow> exclusions, IEnumerable<string> calendars, Instant? asOf)
    {
        var lines = new List<string> { $"period {period.Key}" };
        lines.AddRange(parts.Count == 1
            ? [$"terms version {parts[0].Version.Number} sha256 {parts[0].Version.ContentHash}"]
            : parts.Select(p => $"terms version {p.Version.Number} sha256 {p.Version.ContentHash} from {p.Part.Span.Start}"));
        lines.Add(FormattableString.Invariant($"tolerance-points {tolerance}"));
        lines.AddRange(calendars);
        if (asOf is { } instant)
            lines.Add($"as-of {instant}");
        lines.AddRange(uploads.Select(u => $"upload {u.Kind} sha256 {u.Sha256}").Order(StringComparer.Ordinal));
        lines.AddRange(exclusions.Select(e => $"exclusion {e.Id:D} {e.Status} {e.DecidedAt?.ToUniversalTime().ToString("O") ?? "undecided"}")
            .Order(StringComparer.Ordinal));
        return string.Join("\n", lines);
    }

    private static string Changes(string before, string after)
    {
        var old = before.Split('\n').ToHashSet(StringComparer.Ordinal);
        var now = after.Split('\n').ToHashSet(StringComparer.Ordinal);
        var added = now.Where(l => !old.Contains(l)).ToList();
        var removed = old.Where(l => !now.Contains(l)).ToList();
        static string Few(List<string> lines) => string.Join("; ", lines.Take(3)) + (lines.Count > 3 ? $"; and {lines.Count - 3} more" : "");
        return string.Join(", ", new[] { added.Count > 0 ? "new " + Few(added) : null, removed.Count > 0 ? "no longer " + Few(removed) : null }
            .Where(part => part is not null));
    }

    private async Task<ComplianceReport> EvaluateAsync(Guid agreementId, AgreementVersionRow version, ReportPeriod reportPeriod, DateTimeZone zone,
        IReadOnlyList<ExclusionInputRow> exclusionRecords, decimal tolerance, Instant now, CancellationToken cancellationToken)
    {
        var content = version.Parsed;
        var period = reportPeriod.Period;
        var reported = await inputs.ReportedAttainmentAsync(agreementId, reportPeriod.FirstDay, reportPeriod.NextFirstDay, cancellationToken);
        var results = await EvaluatePartAsync(agreementId, content, period, zone, exclusionRecords, reported, tolerance, null, now, cancellationToken);
        var fee = new Money(content.MonthlyFee * reportPeriod.Months, content.Currency);
        var credit = MonthlyCredit.Calculate(fee, content.Credits.MonthlyCapPercent, results.Where(r => r.Result is not null).Select(r => r.Result!));
        return new ComplianceReport(reportPeriod.Key, period.Start.ToDateTimeOffset(), period.End.ToDateTimeOffset(), zone.Id, version.Number,
            version.ContentHash, now.ToDateTimeOffset(), tolerance, [.. results.Select(r => r.View)], fee.Amount, fee.Currency,
            content.Credits.MonthlyCapPercent, credit.EarnedPercent, credit.AppliedPercent, credit.IsCapped, decimal.Round(credit.Amount.Amount, 2));
    }

    /// <summary>
    /// A period an amendment came into force in: each part measured against its own version over its own stretch, each part's
    /// credit its tiers times its version's fee times its share of the period, and one cap over the parts (<see cref="SplitCredit"/>).
    /// </summary>
    private async Task<ComplianceReport> EvaluateSplitAsync(Guid agreementId, IReadOnlyList<(GoverningPart Part, AgreementVersionRow Version)> parts,
        ReportPeriod reportPeriod, DateTimeZone zone, IReadOnlyList<ExclusionInputRow> exclusionRecords, decimal tolerance, Instant now,
        CancellationToken cancellationToken)
    {
        var reported = await inputs.ReportedAttainmentAsync(agreementId, reportPeriod.FirstDay, reportPeriod.NextFirstDay, cancellationToken);
        var rows = new List<ReportSlo>();
        var creditParts = new List<CreditPart>();
        for (var i = 0; i < parts.Count; i++)
        {
            var (part, version) = parts[i];
            var content = version.Parsed;
            var results = await EvaluatePartAsync(agreementId, content, CompliancePeriod.Of(part.Span), zone, exclusionRecords, reported, tolerance, i + 1, now,
                cancellationToken);
            rows.AddRange(results.Select(r => r.View));
            creditParts.Add(new CreditPart(new Money(content.MonthlyFee * reportPeriod.Months, content.Currency), content.Credits.MonthlyCapPercent, part.Share,
                [.. results.Where(r => r.Result is not null).Select(r => r.Result!)]));
        }
        var credit = SplitCredit.Calculate(creditParts);
        var last = parts[^1].Version;
        var period = reportPeriod.Period;
        return new ComplianceReport(reportPeriod.Key, period.Start.ToDateTimeOffset(), period.End.ToDateTimeOffset(), zone.Id, last.Number,
            last.ContentHash, now.ToDateTimeOffset(), tolerance, rows, decimal.Round(credit.Fee.Amount, 2), credit.Fee.Currency, decimal.Round(credit.CapPercent, 4),
            decimal.Round(credit.EarnedPercent, 4), decimal.Round(credit.AppliedPercent, 4), credit.IsCapped, decimal.Round(credit.Amount.Amount, 2),
            [.. parts.Select((p, i) => new ReportPart(i + 1, p.Version.Number, p.Version.ContentHash, p.Part.Span.Start.ToDateTimeOffset(),
                p.Part.Span.End.ToDateTimeOffset(), p.Part.Share, creditParts[i].PeriodFee.Amount, creditParts[i].CapPercent, creditParts[i].EarnedPercent,
                decimal.Round(creditParts[i].Earned.Amount, 2)))]);
    }

    /// <summary>
    /// Each SLO of <paramref name="content"/> measured over <paramref name="period"/>. The vendor's figure covers the whole report
    /// period, so it is compared only when one version governs all of it (<paramref name="part"/> is null).
    /// </summary>
    private async Task<List<(ReportSlo View, SloResult? Result)>> EvaluatePartAsync(Guid agreementId, AgreementContent content, CompliancePeriod period,
        DateTimeZone zone, IReadOnlyList<ExclusionInputRow> exclusionRecords, IReadOnlyList<ReportedAttainmentInputRow> reported, decimal tolerance, int? part,
        Instant now, CancellationToken cancellationToken)
    {
        var treatment = content.Credits.ExcludedTime == ExcludedTimeTreatment.RemovedFromPeriod
            ? ExclusionTreatment.RemovedFromMaximum
            : ExclusionTreatment.CountsAsAvailable;
        var maintenance = (content.MaintenanceWindows ?? [])
            .SelectMany(w => new RecurringMaintenance(NodaTime.Utility.BclConversions.ToIsoDayOfWeek(w.Day), LocalTime.FromTimeOnly(w.Start), Duration.FromMinutes(w.DurationMinutes))
                .ExpandFor(period.Interval, zone))
            .ToList();
        var accepted = exclusionRecords.Where(e => e.Status == ExclusionStatus.Accepted).ToList();
        var calendar = await CalendarAsync(content, cancellationToken);

        var results = new List<(ReportSlo View, SloResult? Result)>();
        foreach (var slo in content.Slos)
        {
            var exclusions = maintenance.Concat(accepted.Where(e => Covers(e, slo)).Select(e => new Exclusion(Enum.Parse<ExclusionType>(e.ExclusionType),
                new Interval(Instant.FromDateTimeOffset(e.StartedAt), Instant.FromDateTimeOffset(e.EndedAt))))).ToList();
            var vendorFigure = reported.LastOrDefault(r => r.Service == slo.Service && r.Metric == slo.Metric.ToString())?.AttainmentPercent;
            (string source, SloResult? result, long? samples, string? note) = slo.BusinessHoursOnly && calendar is null
                ? (SourceOf(slo), null, null, "This SLO counts business hours only, and neither the agreement nor the organisation has a business calendar.")
                : await EvaluateSloAsync(agreementId, slo, new SloTarget(slo.Target, Scheme(slo.TiersUnder(content.Credits))), slo.BusinessHoursOnly ? calendar! : ServiceWindow.AlwaysOn,
                    treatment, period, exclusions, now, cancellationToken);
            var (difference, discrepancy) = part is null ? ComplianceEvaluation.CompareWithVendor(vendorFigure, result?.AttainmentPercent, tolerance) : (null, false);
            if (part is not null && vendorFigure is not null)
                note = (note is null ? "" : note + " ") + "The vendor's figure covers the whole period, which two versions governed, so it is not compared part by part.";
            results.Add((new ReportSlo(slo.Service, slo.Metric.ToString(), source, slo.Target, result?.AttainmentPercent,
                result?.Outcome ?? SloOutcome.NotApplicable, result?.DataCoveragePercent, result?.Maximum.TotalMinutes ?? 0, result?.Downtime.TotalMinutes ?? 0,
                Enum.GetValues<ExclusionType>().ToDictionary(t => t, t => result?.Excluded.GetValueOrDefault(t).TotalMinutes ?? 0),
                result?.PendingCount ?? 0, samples, result?.CreditPercent ?? 0, vendorFigure, difference, discrepancy, note, part), result));
        }
        return results;
    }

    private async Task<(string Source, SloResult? Result, long? Samples, string? Note)> EvaluateSloAsync(Guid agreementId, ServiceLevelObjective slo,
        SloTarget target, ServiceWindow window, ExclusionTreatment treatment, CompliancePeriod period, List<Exclusion> exclusions, Instant now,
        CancellationToken cancellationToken)
    {
        var source = SourceOf(slo);
        switch (slo.Metric)
        {
            case MetricKind.Availability when slo.Measurement.Mode == MeasurementMode.Active:
            {
                var availability = new AvailabilitySlo(target, window, treatment, MissingData(slo.MissingData));
                var interval = Duration.FromSeconds(Math.Max(1, slo.Measurement.FrequencySeconds));
                var accumulator = availability.StartProbeEvaluation(period, exclusions, interval);
                // From one interval before the start, so the sample covering the period's first minutes is read too.
                var samples = await inputs.StreamProbeSamplesAsync(agreementId, slo.Service, new Interval(period.Start - interval, period.End), accumulator,
                    cancellationToken);
                return (source, accumulator.Result(), samples, samples == 0 ? "No probe samples in the period." : null);
            }
            case MetricKind.Availability:
            {
                var outages = await inputs.OutagesAsync(agreementId, slo.Service, period.Interval, cancellationToken);
                return (source, new AvailabilitySlo(target, window, treatment).Evaluate(period, outages, exclusions), null, null);
            }
            case MetricKind.ResponseTime or MetricKind.ResolutionTime:
            {
                var targets = (slo.PriorityTargets ?? []).ToDictionary(p => p.Priority, p => Duration.FromMinutes(p.Minutes), StringComparer.Ordinal);
                if (targets.Count == 0)
                    return (source, null, null, "This SLO names no target minutes per priority.");
                var tickets = await inputs.TicketsAsync(agreementId, slo.Service, period.Interval, cancellationToken);
                var unknown = tickets.Where(t => !targets.ContainsKey(t.Priority)).ToList();
                var ticketSlo = new TicketSlo(target, slo.Metric == MetricKind.ResponseTime ? TicketClock.FirstResponse : TicketClock.Resolution, targets, window);
                var result = ticketSlo.Evaluate(period, tickets.Except(unknown), now);
                return (source, result, tickets.Count, unknown.Count == 0 ? null
                    : $"{unknown.Count} ticket(s) with a priority the SLO has no target for were left out: {string.Join(", ", unknown.Take(5).Select(t => $"{t.Id} ({t.Priority})"))}.");
            }
            case MetricKind.Csat:
            {
                var minimum = (int)Math.Ceiling(slo.CsatMinimumScore ?? DefaultCsatMinimumScore);
                var counts = await inputs.CsatAsync(agreementId, slo.Service, period.Interval, minimum, cancellationToken);
                return (source, new RatioSlo(target).Evaluate(counts.Good, counts.Total), counts.Total, $"A response scoring {minimum} or more is good.");
            }
            case MetricKind.Throughput:
            {
                var floor = (long)Math.Ceiling(slo.ThroughputFloor ?? 0);
                var counts = await inputs.ThroughputAsync(agreementId, slo.Service, period.Interval, floor, cancellationToken);
                return (source, new RatioSlo(target).Evaluate(counts.Good, counts.Total), counts.Total, $"An interval with {floor} or more events is good.");
            }
            default:
            {
                var counts = await inputs.EventTotalsAsync(agreementId, slo.Service, period.Interval, cancellationToken);
                return (source, new RatioSlo(target).Evaluate(counts.Good, counts.Total), counts.Total, null);
            }
        }
    }

    /// <summary>Without a minimum in the SLO, 4 or more (of a 1–5 scale) counts as satisfied.</summary>
    private const decimal DefaultCsatMinimumScore = 4m;

    private static string SourceOf(ServiceLevelObjective slo) => slo.Metric switch
    {
        MetricKind.Availability => slo.Measurement.Mode == MeasurementMode.Active ? "probe samples" : "outages",
        MetricKind.ResponseTime or MetricKind.ResolutionTime => "tickets",
        MetricKind.Csat => "CSAT responses",
        _ => "event counts",
    };

    /// <summary>An exclusion covers the whole agreement, every SLO of its service, or one SLO (service and metric).</summary>
    private static bool Covers(ExclusionInputRow exclusion, ServiceLevelObjective slo) =>
        exclusion.Service is null || (exclusion.Service == slo.Service && (exclusion.Metric is null || exclusion.Metric == slo.Metric.ToString()));

    private static MissingDataPolicy MissingData(AgreementMissingData policy) => policy switch
    {
        AgreementMissingData.CountedAsDown => MissingDataPolicy.CountedAsDown,
        AgreementMissingData.CountedAsUp => MissingDataPolicy.CountedAsUp,
        _ => MissingDataPolicy.ExcludedAsUnknown,
    };

    private static CreditScheme? Scheme(IReadOnlyList<AgreementCreditTier> tiers) =>
        tiers.Count == 0 ? null : CreditScheme.Create(tiers.Select(t => new CreditTier(t.BelowAttainment, t.CreditPercent))).Scheme;

    /// <summary>
    /// "calendar {id} sha256 {hash}" for each business calendar an objective of these terms counts business hours by: its zone,
    /// working hours and holidays, so a holiday added later changes the inputs.
    /// </summary>
    private async Task<IReadOnlyList<string>> CalendarLinesAsync(IEnumerable<AgreementContent> contents, CancellationToken cancellationToken)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var content in contents.Where(c => c.Slos.Any(s => s.BusinessHoursOnly)))
        {
            var row = content.BusinessCalendarId is { } id ? await calendars.GetAsync(id, cancellationToken) : null;
            row ??= await calendars.GetDefaultAsync(cancellationToken);
            if (row is null)
                lines.Add("calendar none");
            else
                lines.Add($"calendar {row.Id:D} sha256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{row.TimeZone}\n{row.WorkingHours}\n{row.Holidays}")))}");
        }
        return [.. lines];
    }

    /// <summary>What a person checking the report should know about its data: rows no objective uses, thin coverage, late files.</summary>
    private async Task<IReadOnlyList<string>> WarningsAsync(Guid agreementId, IReadOnlyList<AgreementContent> contents, ComplianceReport report, Interval span,
        IReadOnlyList<DataUploadRow> uploads, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var slos = contents.SelectMany(c => c.Slos).ToList();
        foreach (var (kind, service, rows) in await inputs.ServicesInAsync(agreementId, span, cancellationToken))
        {
            var (uses, what) = kind switch
            {
                "probe-samples" => (slos.Any(s => s.Service == service && s.Metric == MetricKind.Availability && s.Measurement.Mode == MeasurementMode.Active),
                    "probe samples, which only an availability objective measured actively (by probes) uses"),
                "outages" => (slos.Any(s => s.Service == service && s.Metric == MetricKind.Availability && s.Measurement.Mode != MeasurementMode.Active),
                    "outages, which only an availability objective measured passively (from outages) uses"),
                "tickets" => (slos.Any(s => s.Service == service && s.Metric is MetricKind.ResponseTime or MetricKind.ResolutionTime),
                    "tickets, which only a response- or resolution-time objective uses"),
                "csat-responses" => (slos.Any(s => s.Service == service && s.Metric == MetricKind.Csat), "CSAT responses, which only a CSAT objective uses"),
                _ => (slos.Any(s => s.Service == service && s.Metric is not (MetricKind.Availability or MetricKind.ResponseTime or MetricKind.ResolutionTime or MetricKind.Csat)),
                    "event counts, which only a throughput or ratio objective uses"),
            };
            if (!uses)
                warnings.Add(slos.Any(s => s.Service == service)
                    ? $"{rows:N0} rows of {what}, for '{service}', are not used: no objective of '{service}' is measured that way."
                    : $"{rows:N0} rows of {what.Split(',')[0]} name the service '{service}', which no objective has; they are not used. Check the service name.");
        }
        var threshold = options.Value.CoverageWarningPercent;
        foreach (var slo in report.Slos.Where(s => s.DataCoveragePercent is { } coverage && coverage < threshold))
            warnings.Add(FormattableString.Invariant($"{slo.Service} {slo.Metric.ToLowerInvariant()}: the data covers {slo.DataCoveragePercent:0.##} % of {(slo.Part is { } part ? $"part {part} of " : "")}the period, less than {threshold:0.##} %."));
        var late = uploads.Where(u => u.UploadedAt > span.End.ToDateTimeOffset()).ToList();
        if (late.Count > 0)
            warnings.Add($"{late.Count} file(s) arrived after the period ended (late data): " +
                string.Join(", ", late.Take(5).Select(u => $"{u.Kind} '{u.FileName}' on {u.UploadedAt:yyyy-MM-dd}")) + (late.Count > 5 ? ", …" : "") + ".");
        return warnings;
    }

    /// <summary>The agreement's business calendar, else the organisation's default.</summary>
    private async Task<BusinessCalendar?> CalendarAsync(AgreementContent content, CancellationToken cancellationToken)
    {
        var row = content.BusinessCalendarId is { } id ? await calendars.GetAsync(id, cancellationToken) : null;
        row ??= await calendars.GetDefaultAsync(cancellationToken);
        return row?.ToCalendar();
    }

    /// <summary>
    /// Computes again each stored period of the agreement that <paramref name="span"/> overlaps, as of now, saying why when its
    /// inputs changed; a period whose inputs did not change keeps its latest revision, so running this twice stores nothing twice.
    /// </summary>
    public async Task<IReadOnlyList<ComputedReport>> RecomputeOverlappingAsync(Guid agreementId, DateTimeOffset start, DateTimeOffset end, string why,
        string actor, CancellationToken cancellationToken = default)
    {
        var done = new List<ComputedReport>();
        foreach (var latest in (await store.OfAgreementAsync(agreementId, cancellationToken)).GroupBy(r => r.Period).Select(g => g.MaxBy(r => r.Revision)!))
        {
            var stored = ComplianceReport.FromJson(latest.Result);
            if (stored.PeriodStart >= end || stored.PeriodEnd <= start)
                continue;
            var result = await ComputeAsync(agreementId, latest.Period, null, actor, changeReason: why, cancellationToken: cancellationToken);
            if (result.Status == CommandStatus.Ok)
                done.Add(result.Value!);
        }
        return done;
    }

    public async Task<IReadOnlyList<ComplianceReportRow>> RevisionsAsync(Guid agreementId, CancellationToken cancellationToken = default) =>
        await store.OfAgreementAsync(agreementId, cancellationToken);

    public async Task<ComplianceReportRevision?> RevisionAsync(Guid agreementId, string period, int revision, CancellationToken cancellationToken = default) =>
        await store.GetAsync(agreementId, period, revision, cancellationToken) is { } row ? ComplianceReportRevision.From(row) : null;

    public async Task<IReadOnlyList<ComplianceReportRevision>> LatestOfVendorAsync(Guid vendorId, CancellationToken cancellationToken = default) =>
        [.. (await store.LatestOfVendorAsync(vendorId, cancellationToken)).Select(ComplianceReportRevision.From)];
}
