using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace SlaGovernance.Web.Identity;

/// <summary>Shows stored UTC times in a person's own IANA zone, with the zone's abbreviation so nobody guesses.</summary>
public static class TimeDisplay
{
    private static readonly LocalDateTimePattern Pattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    public static string Format(DateTimeOffset? at, string zoneId)
    {
        if (at is null)
            return "";
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc;
        var zoned = Instant.FromDateTimeOffset(at.Value).InZone(zone);
        return string.Create(CultureInfo.InvariantCulture, $"{Pattern.Format(zoned.LocalDateTime)} {zoned.GetZoneInterval().Name}");
    }

    public static IReadOnlyList<string> ZoneIds { get; } = DateTimeZoneProviders.Tzdb.Ids.Order(StringComparer.Ordinal).ToList();
}
