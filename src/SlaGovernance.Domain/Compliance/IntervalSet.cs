using System.Text;
using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>
/// A set of instants held as sorted, non-overlapping, non-touching half-open intervals [start, end).
/// Immutable: every operation returns a new set.
/// </summary>
public sealed class IntervalSet : IEquatable<IntervalSet>
{
    private readonly Interval[] _intervals;

    private IntervalSet(Interval[] normalized) => _intervals = normalized;

    public static IntervalSet Empty { get; } = new([]);

    /// <summary>Sorts the intervals and merges those that overlap or touch; empty intervals are dropped.</summary>
    public static IntervalSet From(params IEnumerable<Interval> intervals)
    {
        var sorted = intervals.Where(i => !IsZeroLength(i)).ToArray();
        Array.Sort(sorted, (a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<Interval>(sorted.Length);
        foreach (var interval in sorted)
            Append(merged, interval.Start, interval.End);
        return new IntervalSet([.. merged]);
    }

    public IReadOnlyList<Interval> Intervals => _intervals;

    public bool IsEmpty => _intervals.Length == 0;

    public Duration TotalDuration
    {
        get
        {
            var total = Duration.Zero;
            foreach (var interval in _intervals)
                total += interval.Duration;
            return total;
        }
    }

    public IntervalSet Union(IntervalSet other)
    {
        var merged = new List<Interval>(_intervals.Length + other._intervals.Length);
        int i = 0, j = 0;
        while (i < _intervals.Length || j < other._intervals.Length)
        {
            var next = j == other._intervals.Length || (i < _intervals.Length && _intervals[i].Start <= other._intervals[j].Start)
                ? _intervals[i++]
                : other._intervals[j++];
            Append(merged, next.Start, next.End);
        }
        return new IntervalSet([.. merged]);
    }

    public IntervalSet Intersect(IntervalSet other)
    {
        var result = new List<Interval>();
        int i = 0, j = 0;
        while (i < _intervals.Length && j < other._intervals.Length)
        {
            var a = _intervals[i];
            var b = other._intervals[j];
            var start = Max(a.Start, b.Start);
            var end = Min(a.End, b.End);
            if (start < end)
                result.Add(new Interval(start, end));
            if (a.End <= b.End)
                i++;
            else
                j++;
        }
        return new IntervalSet([.. result]);
    }

    public IntervalSet Subtract(IntervalSet other)
    {
        var result = new List<Interval>();
        var j = 0;
        foreach (var a in _intervals)
        {
            var start = a.Start;
            while (j < other._intervals.Length && other._intervals[j].End <= start)
                j++;
            for (var k = j; k < other._intervals.Length && other._intervals[k].Start < a.End; k++)
            {
                var cut = other._intervals[k];
                if (cut.Start > start)
                    result.Add(new Interval(start, cut.Start));
                start = Max(start, cut.End);
            }
            if (start < a.End)
                result.Add(new Interval(start, a.End));
        }
        return new IntervalSet([.. result]);
    }

    public IntervalSet Clip(Interval bounds) => Intersect(From(bounds));

    public bool Equals(IntervalSet? other) => other is not null && _intervals.AsSpan().SequenceEqual(other._intervals);

    public override bool Equals(object? obj) => Equals(obj as IntervalSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var interval in _intervals)
            hash.Add(interval);
        return hash.ToHashCode();
    }

    public override string ToString()
    {
        if (IsEmpty)
            return "{}";
        var text = new StringBuilder();
        foreach (var interval in _intervals)
            text.Append(text.Length == 0 ? "" : " ").Append('[').Append(interval.Start).Append(", ").Append(interval.End).Append(')');
        return text.ToString();
    }

    private static bool IsZeroLength(Interval interval)
    {
        if (!interval.HasStart || !interval.HasEnd)
            throw new ArgumentException($"Interval {interval} is open-ended; give every interval a start and an end (close an ongoing one at the evaluation instant).", nameof(interval));
        return interval.Start == interval.End;
    }

    private static void Append(List<Interval> merged, Instant start, Instant end)
    {
        if (merged.Count > 0 && start <= merged[^1].End)
        {
            if (end > merged[^1].End)
                merged[^1] = new Interval(merged[^1].Start, end);
            return;
        }
        merged.Add(new Interval(start, end));
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
