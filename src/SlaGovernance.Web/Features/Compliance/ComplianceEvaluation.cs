using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Web.Features.Compliance;

/// <summary>A month (2026-10), a quarter (2026-Q3), or from and to instants: one of the three.</summary>
public sealed record EvaluationPeriod(string? Month = null, string? Quarter = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed record EvaluationSpan(DateTimeOffset From, DateTimeOffset To);

public sealed record EvaluationExclusion(ExclusionType Type, DateTimeOffset From, DateTimeOffset To);

public sealed record EvaluationMaintenance(IsoDayOfWeek Day, string Start, int DurationMinutes);

/// <param name="Days">The working days; Monday to Friday when absent.</param>
public sealed record EvaluationBusinessHours(string Start, string End, IReadOnlyList<IsoDayOfWeek>? Days = null, IReadOnlyList<string>? Holidays = null);

public sealed record EvaluationTier(decimal BelowPercent, decimal CreditPercent);

/// <param name="Pauses">Stretches when the SLO clock stood still (such as awaiting the customer), as the stored tickets' pauses are.</param>
public sealed record EvaluationTicket(string Id, string Priority, DateTimeOffset Created, DateTimeOffset? FirstResponse = null, DateTimeOffset? Resolved = null,
    IReadOnlyList<EvaluationPause>? Pauses = null);

public sealed record EvaluationPause(DateTimeOffset From, DateTimeOffset To, string? Reason = null);

/// <summary>
/// One SLO and its raw data. Kinds: availability (outages), responseTime and resolutionTime (tickets, minutes per priority),
/// ratio (good and total events, for CSAT, throughput or a custom ratio already counted).
/// </summary>
public sealed record EvaluationSlo(
    string Name,
    string Kind,
    decimal TargetPercent,
    bool BusinessHoursOnly = false,
    IReadOnlyList<EvaluationSpan>? Outages = null,
    IReadOnlyDictionary<string, int>? TargetMinutesByPriority = null,
    IReadOnlyList<EvaluationTicket>? Tickets = null,
    long? Good = null,
    long? Total = null,
    IReadOnlyList<int>? BurnRateLookBackMinutes = null,
    IReadOnlyList<EvaluationTier>? CreditTiers = null,
    decimal? VendorReportedPercent = null);

/// <summary>The terms and raw data to evaluate; the parameters with defaults may be left out.</summary>
public sealed record EvaluationRequest(
    string TimeZone,
    EvaluationPeriod Period,
    string Currency,
    IReadOnlyList<EvaluationSlo> Slos,
    decimal MonthlyFee = 0,
    decimal CreditCapPercent = 0,
    IReadOnlyList<EvaluationTier>? CreditTiers = null,
    ExclusionTreatment ExcludedTime = default,
    IReadOnlyList<EvaluationExclusion>? Exclusions = null,
    IReadOnlyList<EvaluationMaintenance>? MaintenanceWindows = null,
    EvaluationBusinessHours? BusinessHours = null,
    DateTimeOffset? EvaluatedAt = null,
    decimal DiscrepancyTolerancePoints = 0.01m);

public sealed record EvaluationBudget(bool HasBudget, double BudgetMinutes, double ConsumedMinutes, double RemainingMinutes,
    IReadOnlyDictionary<string, decimal?> BurnRates);

/// <param name="VendorDifferencePoints">The vendor's reported attainment minus ours, in percentage points, when the vendor reported one.</param>
/// <param name="Discrepancy">The vendor's figure differs from ours by more than the request's tolerance.</param>
public sealed record EvaluationSloResult(string Name, string Kind, decimal TargetPercent, decimal? AttainmentPercent, SloOutcome Outcome,
    double MaximumMinutes, double DowntimeMinutes, IReadOnlyDictionary<ExclusionType, double> ExcludedMinutes, int PendingTickets,
    decimal CreditPercent, EvaluationBudget? ErrorBudget, decimal? VendorReportedPercent, decimal? VendorDifferencePoints, bool Discrepancy);

public sealed record EvaluationResult(DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, string TimeZone, IReadOnlyList<EvaluationSloResult> Slos,
    decimal EarnedCreditPercent, decimal AppliedCreditPercent, bool Capped, decimal CreditAmount, string Currency);

/// <summary>
/// The stateless calculator: an agreement's terms and raw data in, attainment, credits and error budgets out, nothing stored.
/// Every problem with the request is reported against its field before anything is computed.
/// </summary>
public static class ComplianceEvaluation
{
    private static readonly LocalTimePattern TimeOfDay = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>The years a month or quarter may fall in: the calendar arithmetic needs the following month to exist.</summary>
    private const int FirstYear = 1, LastYear = 9998;

    /// <summary>The longest period given by from and to; a longer one is not a reporting period.</summary>
    private static readonly Duration LongestPeriod = Duration.FromDays(366);

    /// <summary>The longest burn-rate look-back, in minutes: a year.</summary>
    private const int LongestLookBackMinutes = 366 * 24 * 60;

    public static (EvaluationResult? Result, ValidationErrors Errors) Evaluate(EvaluationRequest request, Instant now)
    {
        var errors = new ValidationErrors();
        var zone = request.TimeZone is { Length: > 0 } id ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) : null;
        if (zone is null)
            errors.Add("timeZone", $"'{request.TimeZone}' is not an IANA time zone such as Europe/Berlin.");
        var period = zone is null ? null : Period(request.Period, zone, errors);
        if (request.Currency is not { Length: 3 } || !request.Currency.All(char.IsAsciiLetterUpper))
            errors.Add("currency", $"'{request.Currency}' is not a three-letter ISO currency code such as EUR.");
        if (request.MonthlyFee < 0)
            errors.Add("monthlyFee", "The monthly fee cannot be negative.");
        if (request.DiscrepancyTolerancePoints < 0)
            errors.Add("discrepancyTolerancePoints", "The tolerance is a number of percentage points, zero or more.");
        if (request.CreditCapPercent is < 0 or > 100)
            errors.Add("creditCapPercent", "The monthly credit cap is a percentage of the fee from 0 to 100.");
        Scheme(request.CreditTiers, "creditTiers", errors);
        var exclusions = new List<Exclusion>();
        foreach (var (exclusion, i) in (request.Exclusions ?? []).Select((e, i) => (e, i)))
        {
            if (exclusion.To <= exclusion.From)
                errors.Add($"exclusions[{i}].to", "An exclusion ends after it starts.");
            else
                exclusions.Add(new Exclusion(exclusion.Type, new Interval(Instant.FromDateTimeOffset(exclusion.From), Instant.FromDateTimeOffset(exclusion.To))));
        }
        var maintenance = new List<RecurringMaintenance>();
        foreach (var (window, i) in (request.MaintenanceWindows ?? []).Select((w, i) => (w, i)))
        {
            if (TimeOfDay.Parse(window.Start) is not { Success: true } start)
                errors.Add($"maintenanceWindows[{i}].start", $"'{window.Start}' is not a time of day such as 02:00.");
            else if (window.DurationMinutes is <= 0 or > 7 * 24 * 60)
                errors.Add($"maintenanceWindows[{i}].durationMinutes", "A maintenance window lasts from 1 minute to a week.");
            else
                maintenance.Add(new RecurringMaintenance(window.Day, start.Value, Duration.FromMinutes(window.DurationMinutes)));
        }
        var businessHours = request.BusinessHours is { } hours && zone is not null ? Calendar(hours, zone, errors) : null;
        if (request.Slos is not { Count: > 0 })
            errors.Add("slos", "Give at least one SLO to evaluate.");
        foreach (var (slo, i) in (request.Slos ?? []).Select((s, i) => (s, i)))
            CheckSlo(slo, i, businessHours is not null || request.BusinessHours is not null, errors);
        if (!errors.IsValid || zone is null || period is null)
            return (null, errors);

        if (maintenance.Count > 0)
            exclusions.AddRange(maintenance.SelectMany(m => m.ExpandFor(period.Interval, zone)));
        var evaluatedAt = request.EvaluatedAt is { } at ? Instant.FromDateTimeOffset(at) : now;
        var results = new List<(EvaluationSloResult View, SloResult Result)>();
        foreach (var slo in request.Slos!)
        {
            var window = slo.BusinessHoursOnly ? (ServiceWindow)businessHours! : ServiceWindow.AlwaysOn;
            // An SLO's own tiers (an empty list for none) replace the agreement's.
            // The agreement's tiers apply to an SLO only at or below its own target: one that meets its target earns nothing.
            var target = new SloTarget(slo.TargetPercent, slo.CreditTiers is null
                ? Scheme([.. (request.CreditTiers ?? []).Where(t => t.BelowPercent <= slo.TargetPercent)], "", new ValidationErrors())
                : Scheme(slo.CreditTiers, "", new ValidationErrors()));
            SloResult result;
            EvaluationBudget? budget = null;
            switch (slo.Kind)
            {
                case "availability":
                    var availability = new AvailabilitySlo(target, window, request.ExcludedTime);
                    var outages = (slo.Outages ?? []).Select(o => new Interval(Instant.FromDateTimeOffset(o.From), Instant.FromDateTimeOffset(o.To))).ToList();
                    var lookBacks = (slo.BurnRateLookBackMinutes ?? [60, 360]).Select(m => Duration.FromMinutes(m)).ToArray();
                    (result, var spent) = availability.EvaluateWithBudget(period, outages, exclusions, lookBacks);
                    budget = new EvaluationBudget(spent.HasBudget, spent.Budget.TotalMinutes, spent.Consumed.TotalMinutes, spent.Remaining.TotalMinutes,
                        spent.BurnRates.ToDictionary(r => $"{r.LookBack.TotalMinutes:0}m", r => r.Rate));
                    break;
                case "responseTime" or "resolutionTime":
                    var ticketSlo = new TicketSlo(target, slo.Kind == "responseTime" ? TicketClock.FirstResponse : TicketClock.Resolution,
                        slo.TargetMinutesByPriority!.ToDictionary(p => p.Key, p => Duration.FromMinutes(p.Value)), window);
                    result = ticketSlo.Evaluate(period, (slo.Tickets ?? []).Select(t => new Ticket(t.Id, t.Priority, Instant.FromDateTimeOffset(t.Created),
                        t.FirstResponse is { } r ? Instant.FromDateTimeOffset(r) : null, t.Resolved is { } d ? Instant.FromDateTimeOffset(d) : null)
                    {
                        Pauses = [.. (t.Pauses ?? []).Select(p => new TicketPause(new Interval(Instant.FromDateTimeOffset(p.From), Instant.FromDateTimeOffset(p.To)), p.Reason ?? ""))],
                    }), evaluatedAt);
                    break;
                default:
                    result = new RatioSlo(target).Evaluate(slo.Good!.Value, slo.Total!.Value);
                    break;
            }
            // What the vendor says against what the raw data says: the reason this calculator exists.
            var (difference, discrepancy) = CompareWithVendor(slo.VendorReportedPercent, result.AttainmentPercent, request.DiscrepancyTolerancePoints);
            results.Add((new EvaluationSloResult(slo.Name, slo.Kind, slo.TargetPercent, result.AttainmentPercent, result.Outcome,
                result.Maximum.TotalMinutes, result.Downtime.TotalMinutes, result.Excluded.ToDictionary(e => e.Key, e => e.Value.TotalMinutes),
                result.PendingCount, result.CreditPercent, budget, slo.VendorReportedPercent, difference, discrepancy), result));
        }
        var credit = MonthlyCredit.Calculate(new Money(request.MonthlyFee, request.Currency), request.CreditCapPercent, results.Select(r => r.Result));
        return (new EvaluationResult(period.Start.ToDateTimeOffset(), period.End.ToDateTimeOffset(), zone.Id, results.Select(r => r.View).ToList(),
            credit.EarnedPercent, credit.AppliedPercent, credit.IsCapped, decimal.Round(credit.Amount.Amount, 2), credit.Amount.Currency), errors);
    }

    /// <summary>
    /// The vendor's figure minus ours in percentage points, and whether it is a discrepancy: beyond the tolerance, or a figure
    /// the vendor reports where the raw data gives none.
    /// </summary>
    public static (decimal? DifferencePoints, bool Discrepancy) CompareWithVendor(decimal? reported, decimal? ours, decimal tolerancePoints)
    {
        var difference = reported is { } r && ours is { } o ? r - o : (decimal?)null;
        return (difference, difference is { } d ? Math.Abs(d) > tolerancePoints : reported is not null && ours is null);
    }

    private static CreditScheme? Scheme(IReadOnlyList<EvaluationTier>? tiers, string field, ValidationErrors errors)
    {
        if (tiers is not { Count: > 0 })
            return null;
        var (created, tierErrors) = CreditScheme.Create(tiers.Select(t => new CreditTier(t.BelowPercent, t.CreditPercent)));
        foreach (var (name, messages) in tierErrors.ToDictionary())
            foreach (var message in messages)
                errors.Add($"{field}{name["tiers".Length..]}", message);
        return created;
    }

    private static CompliancePeriod? Period(EvaluationPeriod? period, DateTimeZone zone, ValidationErrors errors)
    {
        if (period?.Month is { Length: > 0 } month)
        {
            if (YearMonthPattern.Iso.Parse(month) is { Success: true, Value.Year: >= FirstYear and <= LastYear } parsed)
                return CompliancePeriod.Month(parsed.Value, zone);
            errors.Add("period.month", $"'{month}' is not a month such as 2026-10 in the years {FirstYear} to {LastYear}.");
            return null;
        }
        if (period?.Quarter is { Length: > 0 } quarter)
        {
            if (quarter.Length == 7 && quarter[..4].All(char.IsAsciiDigit) && int.TryParse(quarter[..4], CultureInfo.InvariantCulture, out var year)
                && year is >= FirstYear and <= LastYear && quarter[4..6] == "-Q" && quarter[6] is >= '1' and <= '4')
                return CompliancePeriod.Quarter(year, quarter[6] - '0', zone);
            errors.Add("period.quarter", $"'{quarter}' is not a quarter such as 2026-Q3 in the years {FirstYear} to {LastYear}.");
            return null;
        }
        if (period?.From is { } from && period.To is { } to)
        {
            if (to > from && Instant.FromDateTimeOffset(to) - Instant.FromDateTimeOffset(from) <= LongestPeriod)
                return CompliancePeriod.Of(new Interval(Instant.FromDateTimeOffset(from), Instant.FromDateTimeOffset(to)));
            errors.Add("period.to", $"The period ends after it starts and lasts at most {LongestPeriod.Days} days; '{from:O}' to '{to:O}' does not.");
            return null;
        }
        errors.Add("period", "Give the period as a month (2026-10), a quarter (2026-Q3), or from and to instants.");
        return null;
    }

    private static BusinessCalendar? Calendar(EvaluationBusinessHours hours, DateTimeZone zone, ValidationErrors errors)
    {
        var start = TimeOfDay.Parse(hours.Start);
        var end = TimeOfDay.Parse(hours.End);
        if (!start.Success)
            errors.Add("businessHours.start", $"'{hours.Start}' is not a time of day such as 08:00.");
        if (!end.Success)
            errors.Add("businessHours.end", $"'{hours.End}' is not a time of day such as 18:00.");
        var holidays = new List<LocalDate>();
        foreach (var (holiday, i) in (hours.Holidays ?? []).Select((h, i) => (h, i)))
        {
            if (LocalDatePattern.Iso.Parse(holiday) is { Success: true } date)
                holidays.Add(date.Value);
            else
                errors.Add($"businessHours.holidays[{i}]", $"'{holiday}' is not a date such as 2026-10-03.");
        }
        if (!start.Success || !end.Success)
            return null;
        if (end.Value <= start.Value)
        {
            errors.Add("businessHours.end", "Business hours end after they start.");
            return null;
        }
        var days = hours.Days is { Count: > 0 } d ? d : [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];
        return new BusinessCalendar(zone, days.Select(day => new WorkingHours(day, start.Value, end.Value)), holidays);
    }

    private static void CheckSlo(EvaluationSlo slo, int i, bool hasCalendar, ValidationErrors errors)
    {
        var field = $"slos[{i}]";
        if (slo.CreditTiers is { Count: > 0 })
            Scheme(slo.CreditTiers, $"{field}.creditTiers", errors);
        if (string.IsNullOrWhiteSpace(slo.Name))
            errors.Add($"{field}.name", "Name the SLO.");
        if (slo.TargetPercent is <= 0 or > 100)
            errors.Add($"{field}.targetPercent", "A target is a percentage above 0 and at most 100.");
        if (slo.VendorReportedPercent is < 0 or > 100)
            errors.Add($"{field}.vendorReportedPercent", "The vendor's reported attainment is a percentage from 0 to 100.");
        if (slo.BusinessHoursOnly && !hasCalendar)
            errors.Add($"{field}.businessHoursOnly", "This SLO counts business hours only; give businessHours.");
        switch (slo.Kind)
        {
            case "availability":
                foreach (var (outage, j) in (slo.Outages ?? []).Select((o, j) => (o, j)))
                    if (outage.To <= outage.From)
                        errors.Add($"{field}.outages[{j}].to", "An outage ends after it starts.");
                foreach (var (minutes, j) in (slo.BurnRateLookBackMinutes ?? []).Select((m, j) => (m, j)))
                    if (minutes is <= 0 or > LongestLookBackMinutes)
                        errors.Add($"{field}.burnRateLookBackMinutes[{j}]", $"A burn-rate look-back is from 1 to {LongestLookBackMinutes} minutes (a year), not {minutes}.");
                break;
            case "responseTime" or "resolutionTime":
                if (slo.TargetMinutesByPriority is not { Count: > 0 } targets)
                {
                    errors.Add($"{field}.targetMinutesByPriority", "Give the target minutes for each priority, such as { \"P1\": 15 }.");
                    break;
                }
                foreach (var (ticket, j) in (slo.Tickets ?? []).Select((t, j) => (t, j)))
                {
                    if (!targets.ContainsKey(ticket.Priority))
                        errors.Add($"{field}.tickets[{j}].priority", $"Ticket '{ticket.Id}' has priority '{ticket.Priority}', which has no target here ({string.Join(", ", targets.Keys)}).");
                    var stop = slo.Kind == "responseTime" ? ticket.FirstResponse : ticket.Resolved;
                    if (stop < ticket.Created)
                        errors.Add($"{field}.tickets[{j}]", $"Ticket '{ticket.Id}' stops its clock before it was created.");
                    foreach (var (pause, k) in (ticket.Pauses ?? []).Select((p, k) => (p, k)))
                    {
                        if (pause is null || pause.To <= pause.From)
                            errors.Add($"{field}.tickets[{j}].pauses[{k}]", $"A pause of ticket '{ticket.Id}' ends after it starts: give from and to instants.");
                        else if (pause.From < ticket.Created)
                            errors.Add($"{field}.tickets[{j}].pauses[{k}].from", $"A pause of ticket '{ticket.Id}' starts before the ticket was created.");
                    }
                }
                break;
            case "ratio":
                if (slo.Good is not { } good || slo.Total is not { } total || good < 0 || total < 0 || good > total)
                    errors.Add($"{field}.good", "A ratio SLO gives good and total counts, with 0 <= good <= total.");
                break;
            default:
                errors.Add($"{field}.kind", $"'{slo.Kind}' is not a kind this calculator evaluates: availability, responseTime, resolutionTime or ratio.");
                break;
        }
    }
}
