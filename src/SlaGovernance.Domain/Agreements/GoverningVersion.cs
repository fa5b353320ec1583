using NodaTime;

namespace SlaGovernance.Domain.Agreements;

/// <summary>
/// A signed version: its number, when its term begins, when it was signed and, for an amendment approved by a change request,
/// the day it was to take effect, days in its own zone, and its vendor.
/// </summary>
public sealed record SignedVersion(int Number, DateOnly TermStart, DateOnly SignedOn, string TimeZone, Guid? VendorId = null, DateOnly? EffectiveOn = null)
{
    /// <summary>
    /// The first day it governs: the latest of the start of its term, the day it was signed and its effective date. An amendment
    /// signed ahead of its effective date waits for that date; one still unsigned on it governs from the day it is signed.
    /// </summary>
    public DateOnly FirstDay => new[] { TermStart, SignedOn, EffectiveOn ?? DateOnly.MinValue }.Max();

    /// <summary>The start of <see cref="FirstDay"/> in the agreement's zone.</summary>
    public Instant InForceFrom => Instant.FromDateTimeOffset(Calendars.ZonedDays.StartOf(FirstDay, TimeZone));

    public static SignedVersion Of(int number, AgreementContent content, DateOnly signedOn, DateOnly? effectiveOn = null) =>
        new(number, content.TermStart, signedOn, content.TimeZone, content.VendorId, effectiveOn);
}

/// <summary>A stretch of a report's period and the version that governed it, with its share of the whole period's length.</summary>
public sealed record GoverningPart(SignedVersion Version, Interval Span, decimal Share);

/// <summary>
/// The version whose terms govern an agreement at an instant: the newest signed version in force by then. An approved version
/// that is not signed governs nothing, a version signed for a later term (a renegotiation) governs only once that term
/// begins, and an amendment governs from its effective date once signed, or from the day it is signed when that is later.
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
    /// The parts of a span, such as a report's month, each with the version governing it: one part when one version governs
    /// throughout, more when an amendment comes into force inside the span. The first part starts with the span (as
    /// <see cref="For"/> chooses its version); each later one where the governing version changes. Empty when nothing governs.
    /// </summary>
    public static IReadOnlyList<GoverningPart> Parts(IEnumerable<SignedVersion> signed, Interval span)
    {
        var versions = signed.ToList();
        if (For(versions, span) is not { } current)
            return [];
        var whole = (decimal)span.Duration.BclCompatibleTicks;
        var parts = new List<GoverningPart>();
        var from = span.Start;
        foreach (var switchAt in versions.Select(v => v.InForceFrom).Where(t => t > span.Start && t < span.End).Distinct().Order())
        {
            if (At(versions, switchAt) is not { } next || next.Number == current.Number)
                continue;
            parts.Add(new GoverningPart(current, new Interval(from, switchAt), (switchAt - from).BclCompatibleTicks / whole));
            (current, from) = (next, switchAt);
        }
        parts.Add(new GoverningPart(current, new Interval(from, span.End), (span.End - from).BclCompatibleTicks / whole));
        return parts;
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
