using System.Runtime.InteropServices;
using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>
/// Evaluates availability from probe samples fed in time order, in chunks of any size. Each sample covers the time from
/// its timestamp to the next expected sample (or to the next sample, if that comes sooner); time no sample covers is
/// missing data. Memory does not grow with the number of samples, and adding a span of samples allocates nothing.
/// </summary>
public sealed class ProbeAccumulator
{
    private const int EnumerableChunkSize = 4096;

    private readonly AvailabilitySlo _slo;
    private readonly IReadOnlyDictionary<ExclusionType, Duration> _excluded;
    private readonly long _expectedTicks;
    private readonly Segment[] _segments;
    private readonly long _windowTicks;
    private readonly long _measuredTicks;
    private ProbeSample[]? _chunk;

    private bool _hasPending;
    private long _pendingTicks;
    private long _pendingDownMask;
    private int _cursor;
    private long _coveredWindow;
    private long _coveredMeasured;
    private long _coveredDown;

    internal ProbeAccumulator(AvailabilitySlo slo, MeasuredTime time, Duration expectedInterval)
    {
        _expectedTicks = expectedInterval.BclCompatibleTicks;
        if (_expectedTicks <= 0)
            throw new ArgumentOutOfRangeException(nameof(expectedInterval), expectedInterval, "The expected interval between probe samples must be positive.");
        _slo = slo;
        _excluded = time.ExcludedByType;
        _segments = Segment.Timeline(time, out _windowTicks, out _measuredTicks);
    }

    public void Add(IEnumerable<ProbeSample> samples)
    {
        switch (samples)
        {
            case ProbeSample[] array:
                Add(array.AsSpan());
                return;
            case List<ProbeSample> list:
                Add(CollectionsMarshal.AsSpan(list));
                return;
        }
        _chunk ??= new ProbeSample[EnumerableChunkSize];
        var count = 0;
        foreach (var sample in samples)
        {
            _chunk[count++] = sample;
            if (count == _chunk.Length)
            {
                Add(_chunk.AsSpan());
                count = 0;
            }
        }
        Add(_chunk.AsSpan(0, count));
    }

    public void Add(ReadOnlySpan<ProbeSample> samples)
    {
        if (samples.IsEmpty)
            return;
        var start = 0;
        if (!_hasPending)
        {
            _hasPending = true;
            _pendingTicks = samples[0].UnixTicks;
            _pendingDownMask = samples[0].Up ? 0L : -1L;
            start = 1;
        }

        var segments = _segments;
        var cursor = _cursor;
        var previous = _pendingTicks;
        var downMask = _pendingDownMask;
        var expected = _expectedTicks;
        long coveredWindow = _coveredWindow, coveredMeasured = _coveredMeasured, coveredDown = _coveredDown;
        var segmentEnd = segments[cursor].End;
        var windowMask = segments[cursor].WindowMask;
        var measuredMask = segments[cursor].MeasuredMask;

        foreach (ref readonly var sample in samples[start..])
        {
            var at = sample.UnixTicks;
            if (at < previous)
                throw OutOfOrder(previous, at);
            var coverEnd = Math.Min(previous + expected, at);
            if (coverEnd <= segmentEnd)
            {
                // The common case: the previous sample's cover lies within one segment of the timeline.
                var length = coverEnd - previous;
                coveredWindow += length & windowMask;
                var measured = length & measuredMask;
                coveredMeasured += measured;
                coveredDown += measured & downMask;
            }
            else
            {
                Cover(segments, ref cursor, previous, coverEnd, downMask, ref coveredWindow, ref coveredMeasured, ref coveredDown);
                segmentEnd = segments[cursor].End;
                windowMask = segments[cursor].WindowMask;
                measuredMask = segments[cursor].MeasuredMask;
            }
            previous = at;
            downMask = sample.Up ? 0L : -1L;
        }

        _cursor = cursor;
        _pendingTicks = previous;
        _pendingDownMask = downMask;
        _coveredWindow = coveredWindow;
        _coveredMeasured = coveredMeasured;
        _coveredDown = coveredDown;
    }

    /// <summary>The result for the samples added so far; more samples may still be added afterwards.</summary>
    public SloResult Result()
    {
        long coveredWindow = _coveredWindow, coveredMeasured = _coveredMeasured, coveredDown = _coveredDown;
        if (_hasPending)
        {
            var cursor = _cursor;
            Cover(_segments, ref cursor, _pendingTicks, _pendingTicks + _expectedTicks, _pendingDownMask, ref coveredWindow, ref coveredMeasured, ref coveredDown);
        }

        var missing = _measuredTicks - coveredMeasured;
        var maximum = _slo.ExcludedTime == ExclusionTreatment.RemovedFromMaximum ? _measuredTicks : _windowTicks;
        var downtime = coveredDown;
        switch (_slo.MissingData)
        {
            case MissingDataPolicy.ExcludedAsUnknown:
                maximum -= missing;
                break;
            case MissingDataPolicy.CountedAsDown:
                downtime += missing;
                break;
        }

        var coverage = _windowTicks == 0 ? (decimal?)null : coveredWindow * 100m / _windowTicks;
        var attainment = maximum == 0 ? (decimal?)null : (maximum - downtime) * 100m / maximum;
        return SloResult.For(_slo.Target, attainment, coverage, Duration.FromTicks(maximum), Duration.FromTicks(downtime), _excluded);
    }

    private static void Cover(
        Segment[] segments, ref int cursor, long from, long to, long downMask,
        ref long coveredWindow, ref long coveredMeasured, ref long coveredDown)
    {
        while (from < to)
        {
            while (segments[cursor].End <= from)
                cursor++;
            var segment = segments[cursor];
            var end = Math.Min(to, segment.End);
            var length = end - from;
            coveredWindow += length & segment.WindowMask;
            var measured = length & segment.MeasuredMask;
            coveredMeasured += measured;
            coveredDown += measured & downMask;
            from = end;
        }
    }

    private static ArgumentException OutOfOrder(long previous, long at) =>
        new($"Probe samples must be added in time order: {Instant.FromUnixTimeTicks(at)} came after {Instant.FromUnixTimeTicks(previous)}. Sort the samples before adding them.");

    /// <summary>
    /// A stretch of the timeline up to <see cref="End"/> (exclusive) from the previous segment's end. Masks are all ones
    /// or all zeros so a sample's cover is added without branching.
    /// </summary>
    private readonly record struct Segment(long End, long WindowMask, long MeasuredMask)
    {
        public static Segment[] Timeline(MeasuredTime time, out long windowTicks, out long measuredTicks)
        {
            var segments = new List<Segment>();
            var excluded = time.Excluded.Intervals;
            var e = 0;
            windowTicks = 0;
            measuredTicks = 0;
            foreach (var open in time.Window.Intervals)
            {
                var start = open.Start.ToUnixTimeTicks();
                var end = open.End.ToUnixTimeTicks();
                segments.Add(new Segment(start, 0, 0));
                var position = start;
                for (; e < excluded.Count && excluded[e].Start.ToUnixTimeTicks() < end; e++)
                {
                    var excludedStart = excluded[e].Start.ToUnixTimeTicks();
                    var excludedEnd = excluded[e].End.ToUnixTimeTicks();
                    if (excludedStart > position)
                    {
                        segments.Add(new Segment(excludedStart, -1, -1));
                        measuredTicks += excludedStart - position;
                    }
                    segments.Add(new Segment(excludedEnd, -1, 0));
                    position = excludedEnd;
                }
                if (position < end)
                {
                    segments.Add(new Segment(end, -1, -1));
                    measuredTicks += end - position;
                }
                windowTicks += end - start;
            }
            segments.Add(new Segment(long.MaxValue, 0, 0));
            return [.. segments];
        }
    }
}
