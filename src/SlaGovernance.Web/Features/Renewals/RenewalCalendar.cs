using NodaTime;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Renewals;

namespace SlaGovernance.Web.Features.Renewals;

public sealed record RenewalFilter(string? Owner, Guid? VendorId, string? CostCentre)
{
    public bool Matches(AgreementContent content) =>
        (string.IsNullOrWhiteSpace(Owner) || string.Equals(content.Owner?.Trim(), Owner.Trim(), StringComparison.OrdinalIgnoreCase))
        && (VendorId is null || content.VendorId == VendorId)
        && (string.IsNullOrWhiteSpace(CostCentre) || string.Equals(content.CostCentre?.Trim(), CostCentre.Trim(), StringComparison.OrdinalIgnoreCase));

    public string Query() => string.Join("&", new[]
    {
        string.IsNullOrWhiteSpace(Owner) ? null : "owner=" + Uri.EscapeDataString(Owner),
        VendorId is null ? null : $"vendorId={VendorId}",
        string.IsNullOrWhiteSpace(CostCentre) ? null : "costCentre=" + Uri.EscapeDataString(CostCentre),
    }.Where(p => p is not null));
}

/// <summary>One agreement's current term and its key dates, as local dates in <see cref="TimeZone"/>.</summary>
public sealed record RenewalItem(
    Guid AgreementId,
    string Title,
    string Status,
    Guid? VendorId,
    string? VendorName,
    string? Owner,
    string? CostCentre,
    string? Category,
    string Currency,
    decimal AnnualValue,
    bool AutoRenew,
    string? RenewsFor,
    int Renewal,
    DateOnly TermStart,
    DateOnly TermEnd,
    DateOnly NoticeDeadline,
    DateOnly DecisionDate,
    int LeadTimeDays,
    DateOnly RenewalStart,
    string FiscalYear,
    DateOnly BudgetRequestDeadline,
    bool UnfundedRenewalRisk,
    bool NoticeDeadlinePassed,
    string TimeZone);

public sealed record RenewalTotal(string CostCentre, string Currency, decimal AnnualValue, int Agreements);

/// <summary>The renewals one fiscal year funds, with their budget-request deadline and totals per cost centre and currency.</summary>
public sealed record RenewalCycle(string FiscalYear, DateOnly Start, DateOnly End, DateOnly BudgetRequestDeadline,
    IReadOnlyList<RenewalItem> Items, IReadOnlyList<RenewalTotal> Totals);

public sealed record RenewalReport(DateOnly Today, string TimeZone, IReadOnlyList<RenewalCycle> Cycles)
{
    public IEnumerable<RenewalItem> Items => Cycles.SelectMany(c => c.Items);
}

/// <summary>
/// The renewal calendar: for every Active (or signed, waiting Approved) agreement, the key dates of the term running today in its
/// zone, grouped by the fiscal year that funds the renewal. Totals are per cost centre and currency, never across currencies.
/// </summary>
public sealed class RenewalCalendar(RenewalSourceStore sources, BudgetCalendarStore calendars, TimeProvider time)
{
    public const string NoCostCentre = "(none)";

    public async Task<RenewalReport> ReportAsync(RenewalFilter filter, CancellationToken cancellationToken = default)
    {
        var calendar = (await calendars.GetAsync(cancellationToken)).ToCalendar();
        var items = await ItemsAsync(filter, calendar, cancellationToken);
        var cycles = items
            .GroupBy(i => calendar.FiscalYearContaining(LocalDate.FromDateOnly(i.RenewalStart)))
            .OrderBy(g => g.Key.Start)
            .Select(g => new RenewalCycle(g.Key.Name, g.Key.Start.ToDateOnly(), g.Key.End.ToDateOnly(), calendar.RequestDeadline.In(g.Key).ToDateOnly(),
                g.OrderBy(i => i.DecisionDate).ThenBy(i => i.Title, StringComparer.OrdinalIgnoreCase).ToList(),
                g.GroupBy(i => (CostCentre: string.IsNullOrWhiteSpace(i.CostCentre) ? NoCostCentre : i.CostCentre.Trim(), i.Currency))
                    .OrderBy(t => t.Key.CostCentre, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Key.Currency, StringComparer.Ordinal)
                    .Select(t => new RenewalTotal(t.Key.CostCentre, t.Key.Currency, t.Sum(i => i.AnnualValue), t.Count()))
                    .ToList()))
            .ToList();
        return new RenewalReport(Today(calendar.TimeZone).ToDateOnly(), calendar.TimeZone, cycles);
    }

    /// <summary>Key dates of the current term and the tacit renewals after it whose term ends within <paramref name="horizon"/>.</summary>
    public async Task<IReadOnlyList<(RenewalSourceRow Source, AgreementContent Content, KeyDates Dates)>> KeyDatesAsync(NodaTime.Period horizon,
        CancellationToken cancellationToken = default)
    {
        var calendar = (await calendars.GetAsync(cancellationToken)).ToCalendar();
        var result = new List<(RenewalSourceRow, AgreementContent, KeyDates)>();
        foreach (var source in await sources.SignedAsync(cancellationToken))
        {
            var content = source.Parsed;
            var today = Today(content.TimeZone);
            var schedule = KeyDates.Schedule(LocalDate.FromDateOnly(content.TermStart), LocalDate.FromDateOnly(content.TermEnd), content.Renewal);
            if (schedule.TermOn(today) is not { } term)
                continue;
            var until = today.Plus(horizon);
            for (var dates = KeyDates.For(term, content.Renewal.NoticePeriod, content.Category, calendar);;
                 dates = dates.Next(schedule, content.Renewal.NoticePeriod, content.Category, calendar))
            {
                result.Add((source, content, dates));
                if (!schedule.RenewsItself || dates.TermEnd >= until)
                    break;
            }
        }
        return result;
    }

    private async Task<IReadOnlyList<RenewalItem>> ItemsAsync(RenewalFilter filter, BudgetCalendar calendar, CancellationToken cancellationToken)
    {
        var vendors = await sources.VendorNamesAsync(cancellationToken);
        var items = new List<RenewalItem>();
        foreach (var source in await sources.SignedAsync(cancellationToken))
        {
            var content = source.Parsed;
            if (!filter.Matches(content))
                continue;
            var today = Today(content.TimeZone);
            var schedule = KeyDates.Schedule(LocalDate.FromDateOnly(content.TermStart), LocalDate.FromDateOnly(content.TermEnd), content.Renewal);
            if (schedule.TermOn(today) is not { } term)
                continue;
            var dates = KeyDates.For(term, content.Renewal.NoticePeriod, content.Category, calendar);
            items.Add(new RenewalItem(source.AgreementId, content.Title, source.Status, content.VendorId,
                content.VendorId is { } vendorId && vendors.TryGetValue(vendorId, out var vendor) ? vendor : content.InternalProvider,
                content.Owner, content.CostCentre, content.Category, content.Currency, content.AnnualValue, content.Renewal.AutoRenew,
                schedule.RenewalTerm?.ToString(), term.Index, term.Start.ToDateOnly(), term.End.ToDateOnly(), dates.NoticeDeadline.ToDateOnly(),
                dates.DecisionDate.ToDateOnly(), dates.LeadTimeDays, dates.RenewalStart.ToDateOnly(), dates.FundingYear.Name,
                dates.BudgetRequestDeadline.ToDateOnly(), dates.UnfundedRenewalRisk, dates.NoticeDeadline < today, content.TimeZone));
        }
        return items;
    }

    private LocalDate Today(string zoneId) =>
        Instant.FromDateTimeOffset(time.GetUtcNow()).InZone(DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc).Date;
}
