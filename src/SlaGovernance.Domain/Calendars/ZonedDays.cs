using NodaTime;

namespace SlaGovernance.Domain.Calendars;

/// <summary>Days of an agreement as instants: a day begins at local midnight in its zone (the first instant after a DST gap).</summary>
public static class ZonedDays
{
    public static DateTimeOffset StartOf(DateOnly day, string zoneId) =>
        DateTimeZoneProviders.Tzdb[zoneId].AtStartOfDay(LocalDate.FromDateOnly(day)).ToDateTimeOffset();

    /// <summary>The day it is at <paramref name="at"/> in the zone.</summary>
    public static DateOnly DayOf(DateTimeOffset at, string zoneId) =>
        Instant.FromDateTimeOffset(at).InZone(DateTimeZoneProviders.Tzdb[zoneId]).Date.ToDateOnly();

    public static bool IsZone(string? zoneId) => zoneId is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is not null;
}
