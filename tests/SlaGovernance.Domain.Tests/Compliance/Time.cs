using NodaTime;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Domain.Tests.Compliance;

internal static class Time
{
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    public static Instant Utc(int year, int month, int day, int hour = 0, int minute = 0) => Instant.FromUtc(year, month, day, hour, minute);

    public static Instant Local(DateTimeZone zone, int year, int month, int day, int hour = 0, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(zone).ToInstant();

    public static Interval Span(Instant start, int minutes) => new(start, start + Duration.FromMinutes(minutes));

    public static Duration Minutes(decimal minutes) => Duration.FromNanoseconds((long)(minutes * 60_000_000_000m));

    public static CompliancePeriod Month(int year, int month, DateTimeZone zone) => CompliancePeriod.Month(new YearMonth(year, month), zone);

    /// <summary>Mon–Fri 08:00–18:00 in London with Good Friday and Easter Monday 2026 as holidays.</summary>
    public static BusinessCalendar LondonOfficeHours { get; } = BusinessCalendar.Weekdays(
        London, new LocalTime(8, 0), new LocalTime(18, 0), [new LocalDate(2026, 4, 3), new LocalDate(2026, 4, 6)]);

    public static SloTarget Target(decimal percent, CreditScheme? credits = null) => new(percent, credits);
}
