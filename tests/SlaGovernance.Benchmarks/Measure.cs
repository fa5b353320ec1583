using System.Diagnostics;

namespace SlaGovernance.Benchmarks;

/// <summary>Runs an operation repeatedly after a warm-up that reaches the steady state, and reports the median, since these machines are noisy.</summary>
public static class Measure
{
    public sealed record Result(string Name, TimeSpan Median, TimeSpan Fastest, long AllocatedBytesPerRun, int Runs, TimeSpan WarmedUpFor, TimeSpan First);

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <remarks>
    /// Tiered JIT with dynamic PGO takes a method through tier 0, instrumented tier 0 and tier 1, each step after a
    /// call-count delay that restarts whenever other methods are still being compiled, and compiles in the background on
    /// one of this machine's two cores. A library as large as the OpenXML SDK keeps that going for several seconds: a
    /// contract measured after a fixed 2 s warm-up read 3 to 8 ms, and 1.2 to 1.7 ms after 10 s. So warm-up runs for at
    /// least <paramref name="minimumWarmup"/> (2 s), then in one-second windows until two windows in a row have a median no
    /// more than 3% faster than the window before, for at most <paramref name="maximumWarmup"/> (30 s). How long it took is
    /// reported with the result, and so is the first, cold run.
    /// </remarks>
    public static Result Run(string name, Action operation, int runs = 15, int warmups = 3, TimeSpan? minimumWarmup = null,
        TimeSpan? maximumWarmup = null)
    {
        var warmupClock = Stopwatch.StartNew();
        operation();
        var first = warmupClock.Elapsed;
        var minimum = minimumWarmup ?? TimeSpan.FromSeconds(2);
        var maximum = maximumWarmup ?? TimeSpan.FromSeconds(30);
        for (var i = 0; i < warmups || warmupClock.Elapsed < minimum; i++)
            operation();
        var settling = new Settling();
        settling.Add(WindowMedian(operation).Ticks);
        while (!settling.IsSettled && warmupClock.Elapsed < maximum)
            settling.Add(WindowMedian(operation).Ticks);
        var warmedUpFor = warmupClock.Elapsed;

        var times = new List<TimeSpan>(runs);
        long allocated = 0;
        for (var i = 0; i < runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            operation();
            clock.Stop();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            times.Add(clock.Elapsed);
        }
        times.Sort();
        return new Result(name, times[runs / 2], times[0], allocated / runs, runs, warmedUpFor, first);
    }

    /// <summary>
    /// When a warm-up has settled: two rounds in a row each no more than 3% faster than the round before. Fed a cost per
    /// round, where lower is better (a time per operation, or the inverse of a rate).
    /// </summary>
    public sealed class Settling
    {
        private double? _previous;
        private int _steady;

        public bool IsSettled => _steady >= 2;

        public void Add(double cost)
        {
            _steady = _previous is { } previous && cost >= previous * 0.97 ? _steady + 1 : 0;
            _previous = cost;
        }
    }

    /// <summary>The median time of the operation run repeatedly for one window (at least three runs).</summary>
    private static TimeSpan WindowMedian(Action operation)
    {
        var times = new List<TimeSpan>();
        var window = Stopwatch.StartNew();
        while (window.Elapsed < Window || times.Count < 3)
        {
            var clock = Stopwatch.StartNew();
            operation();
            times.Add(clock.Elapsed);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
