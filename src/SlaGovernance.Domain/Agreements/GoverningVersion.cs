using NodaTime;

namespace SlaGovernance.Domain.Agreements;

/// <summary>A signed version: its number, when its term begins and when it was signed, days in its own zone, and its vendor.</summary>
public sealed record SignedVersion(int Number, DateOnly TermStart, DateOnly SignedOn, string TimeZone, Guid? VendorId = null)
{
    /// <summary>From the start of its term, or of the day it was signed when that is later: a change signed mid-term governs from then on.</summary>
    public Instant InForceFrom =>
        Instant.FromDateTimeOffset(Calendars.ZonedDays.StartOf(SignedOn > TermStart ? SignedOn : TermStart, TimeZone));

    public static SignedVersion Of(int number, AgreementContent content, DateOnly signedOn) =>
        new(number, content.TermStart, signedOn, content.TimeZone, content.VendorId);
}

/// <summary>
/// The version whose terms govern an agreement at an instant: the newest signed version in force by then. An approved version
/// that is not signed governs nothing, a version signed for a later term (a renegotiation) governs only once that term
/// begins, and a change signed during a term governs from the day it was signed, not before.
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

    /// <summary>
    /// The vendor whose token may send raw data to an agreement at <paramref name="now"/>: the governing version's; before any
    /// signed version is in force, the newest signed one's; with none signed, the first version's. A later draft naming
    /// another vendor moves nothing until it is signed and governs.
    /// </summary>
    public static Guid? VendorScope(IEnumerable<SignedVersion> signed, Instant now, Guid? firstVersionVendor)
    {
        var versions = signed.ToList();
        return versions.Count == 0 ? firstVersionVendor : (At(versions, now) ?? versions.MaxBy(v => v.Number))!.VendorId;
    }
}
