using System.Globalization;
using SlaGovernance.Domain.Agreements;
using Money = SlaGovernance.Domain.Compliance.Money;

namespace SlaGovernance.Documents.Contracts;

/// <summary>How the agreement's values read in the contract: money with its currency code, dates and times with their zone.</summary>
public static class ContractWording
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Money(Money money) => $"{money.Amount.ToString("N2", Invariant)} {money.Currency}";

    public static string Percent(decimal value) => value.ToString("0.####", Invariant) + "%";

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Invariant);

    public static string Duration(int minutes) => (minutes / 60, minutes % 60) switch
    {
        (0, var m) => $"{m} min",
        (var h, 0) => $"{h} h",
        var (h, m) => $"{h} h {m} min",
    };

    public static string Frequency(int seconds) =>
        seconds % 60 == 0 ? $"every {Duration(seconds / 60)}" : $"every {seconds.ToString(Invariant)} s";

    public static string Kind(AgreementKind kind) => kind switch
    {
        AgreementKind.VendorSla => "Service level agreement",
        AgreementKind.InternalSla => "Internal service level agreement",
        AgreementKind.Ola => "Operational level agreement",
        _ => kind.ToString(),
    };

    public static string Objective(ServiceLevelObjective slo) => slo.Metric switch
    {
        MetricKind.Availability => $"Availability at least {Percent(slo.Target)}",
        MetricKind.ResponseTime => $"Response time: {Percent(slo.Target)} of tickets within the time for their priority",
        MetricKind.ResolutionTime => $"Resolution time: {Percent(slo.Target)} of tickets within the time for their priority",
        MetricKind.Throughput =>
            $"Throughput: at least {slo.ThroughputFloor?.ToString("0.##", Invariant)} per {Duration(slo.IntervalMinutes ?? 0)} in {Percent(slo.Target)} of intervals",
        MetricKind.Csat => $"CSAT: {Percent(slo.Target)} of responses score at least {slo.CsatMinimumScore?.ToString("0.##", Invariant)}",
        MetricKind.CustomRatio => $"Ratio of good to all events at least {Percent(slo.Target)}",
        _ => $"{slo.Metric} at least {Percent(slo.Target)}",
    };

    public static string Window(ServiceLevelObjective slo) => slo.Window switch
    {
        WindowKind.CalendarMonth => "Calendar month",
        WindowKind.Quarter => "Calendar quarter",
        WindowKind.RollingDays => $"Rolling {slo.RollingDays} days",
        _ => slo.Window.ToString(),
    };

    public static string Hours(ServiceLevelObjective slo) => slo.BusinessHoursOnly ? "Business hours" : "24x7";

    public static string Measurement(Measurement measurement) => string.Join("; ",
        new[]
        {
            measurement.DataSource,
            measurement.Mode == MeasurementMode.Active ? "active probing" : "passive collection",
            measurement.Precision is { Length: > 0 } precision ? $"precision {precision}" : null,
            Frequency(measurement.FrequencySeconds),
        }.OfType<string>());

    public static string MissingData(MissingDataPolicy policy) => policy switch
    {
        MissingDataPolicy.ExcludedAsUnknown => "Excluded as unknown",
        MissingDataPolicy.CountedAsDown => "Counted as down",
        MissingDataPolicy.CountedAsUp => "Counted as up",
        _ => policy.ToString(),
    };

    public static string PriorityTimes(IReadOnlyList<PriorityTarget>? targets) =>
        targets is { Count: > 0 } ? string.Join("; ", targets.Select(t => $"{t.Priority}: {Duration(t.Minutes)}")) : "—";

    public static string ExclusionType(ExclusionType type) => type switch
    {
        Domain.Agreements.ExclusionType.ScheduledMaintenance => "Scheduled maintenance",
        Domain.Agreements.ExclusionType.ForceMajeure => "Force majeure",
        Domain.Agreements.ExclusionType.CustomerCausedDelay => "Customer-caused delay",
        Domain.Agreements.ExclusionType.ThirdParty => "Third party",
        Domain.Agreements.ExclusionType.Other => "Other",
        _ => type.ToString(),
    };

    /// <summary>"Sundays 02:00–04:00 Europe/Berlin", or "Saturdays 23:00 to Sundays 01:00 Europe/Berlin" across midnight.</summary>
    public static string MaintenanceWindow(MaintenanceWindow window, string zone)
    {
        var end = window.Start.ToTimeSpan() + TimeSpan.FromMinutes(window.DurationMinutes);
        var endDay = (DayOfWeek)(((int)window.Day + (int)end.TotalDays) % 7);
        var endTime = TimeOnly.FromTimeSpan(TimeSpan.FromTicks(end.Ticks % TimeSpan.TicksPerDay));
        var wording = end.TotalDays < 1
            ? $"{window.Day}s {window.Start:HH\\:mm}\u2013{endTime:HH\\:mm} {zone}"
            : $"{window.Day}s {window.Start:HH\\:mm} to {endDay}s {endTime:HH\\:mm} {zone}";
        return window.DurationMinutes >= 24 * 60 ? $"{wording} ({Duration(window.DurationMinutes)})" : wording;
    }
}
