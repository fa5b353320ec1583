using NodaTime;

namespace SlaGovernance.Domain.Agreements;

/// <summary>A signed version: its number and when its term begins, a day in its own zone.</summary>
public sealed record SignedVersion(int Number, DateOnly TermStart, string TimeZone)
{
    public Instant InForceFrom => Instant.FromDateTimeOffset(Calendars.ZonedDays.StartOf(TermStart, TimeZone));

    public static SignedVersion Of(int number, AgreementContent content) => new(number, content.TermStart, content.TimeZone);
}

/// <summary>
/// The version whose terms govern an agreement at an instant: the newest signed version whose term has begun by then. An
/// approved version that is not signed governs nothing, and a version signed for a later term (a renegotiation) governs
/// only once that term begins.
/// </summary>
public static class GoverningVersion
{
    public static SignedVersion? At(IEnumerable<SignedVersion> signed, Instant at) =>
        signed.Where(v => v.InForceFrom <= at).MaxBy(v => v.Number);

    /// <summary>
    /// The version governing a span, such as a report's month: the one in force at its start, or when the first signed term
    /// begins inside the span, that one.
    /// </summary>
    public static SignedVersion? For(IEnumerable<SignedVersion> signed, Interval span)
    {
        var versions = signed.ToList();
        return At(versions, span.Start) ?? versions.Where(v => v.InForceFrom < span.End).MinBy(v => v.InForceFrom);
    }
}
