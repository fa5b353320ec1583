using NodaTime;
using SlaGovernance.Domain.Compliance;
using static SlaGovernance.Domain.Tests.Compliance.Time;

namespace SlaGovernance.Domain.Tests.Compliance;

public sealed class IntervalSetTests
{
    private static readonly Instant T0 = Utc(2026, 6, 1);

    private static Interval M(int fromMinute, int toMinute) => new(T0 + Duration.FromMinutes(fromMinute), T0 + Duration.FromMinutes(toMinute));

    [Fact]
    public void Overlapping_and_touching_intervals_merge_and_empty_ones_vanish()
    {
        var set = IntervalSet.From(M(30, 40), M(0, 10), M(5, 20), M(20, 25), M(50, 50));
        Assert.Equal([M(0, 25), M(30, 40)], set.Intervals);
        // (25 - 0) + (40 - 30) = 35 minutes
        Assert.Equal(Duration.FromMinutes(35), set.TotalDuration);
    }

    [Fact]
    public void Union_intersect_subtract_and_clip_work_on_whole_sets()
    {
        var a = IntervalSet.From(M(0, 10), M(20, 30));
        var b = IntervalSet.From(M(5, 25));

        Assert.Equal(IntervalSet.From(M(0, 30)), a.Union(b));
        Assert.Equal(IntervalSet.From(M(5, 10), M(20, 25)), a.Intersect(b));
        Assert.Equal(IntervalSet.From(M(0, 5), M(25, 30)), a.Subtract(b));
        Assert.Equal(IntervalSet.From(M(10, 20)), b.Subtract(a));
        Assert.Equal(IntervalSet.From(M(8, 10), M(20, 22)), a.Clip(M(8, 22)));
    }

    [Fact]
    public void Subtracting_many_small_holes_splits_one_interval()
    {
        var result = IntervalSet.From(M(0, 100)).Subtract(IntervalSet.From(M(-5, 1), M(10, 20), M(30, 31), M(99, 200)));
        Assert.Equal([M(1, 10), M(20, 30), M(31, 99)], result.Intervals);
        // 9 + 10 + 68 = 87 minutes
        Assert.Equal(Duration.FromMinutes(87), result.TotalDuration);
    }

    [Fact]
    public void An_open_ended_interval_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<ArgumentException>(() => IntervalSet.From(new Interval(T0, null)));
        Assert.Contains("close an ongoing one", error.Message);
    }

    [Fact]
    public void Set_operations_agree_with_minute_bitmaps_for_random_sets()
    {
        var random = new Random(20260601);
        const int Span = 300;
        for (var round = 0; round < 200; round++)
        {
            var (a, aBits) = RandomSet(random, Span);
            var (b, bBits) = RandomSet(random, Span);
            AssertMatches(a.Union(b), i => aBits[i] || bBits[i], Span);
            AssertMatches(a.Intersect(b), i => aBits[i] && bBits[i], Span);
            AssertMatches(a.Subtract(b), i => aBits[i] && !bBits[i], Span);
            AssertMatches(a.Clip(M(50, 250)), i => aBits[i] && i is >= 50 and < 250, Span);
        }
    }

    private static (IntervalSet Set, bool[] Bits) RandomSet(Random random, int span)
    {
        var bits = new bool[span];
        var intervals = new List<Interval>();
        for (var n = random.Next(0, 8); n > 0; n--)
        {
            var start = random.Next(0, span);
            var end = Math.Min(span, start + random.Next(0, 60));
            intervals.Add(M(start, end));
            for (var i = start; i < end; i++)
                bits[i] = true;
        }
        return (IntervalSet.From(intervals), bits);
    }

    private static void AssertMatches(IntervalSet set, Func<int, bool> expected, int span)
    {
        var minutes = 0;
        for (var i = 0; i < span; i++)
        {
            var instant = T0 + Duration.FromMinutes(i);
            var inSet = set.Intervals.Any(x => x.Contains(instant));
            Assert.Equal(expected(i), inSet);
            minutes += inSet ? 1 : 0;
        }
        Assert.Equal(Duration.FromMinutes(minutes), set.TotalDuration);
        for (var i = 1; i < set.Intervals.Count; i++)
            Assert.True(set.Intervals[i - 1].End < set.Intervals[i].Start, $"Not sorted and disjoint: {set}");
    }
}
