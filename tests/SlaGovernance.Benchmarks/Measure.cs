using System.Diagnostics;

namespace SlaGovernance.Benchmarks;

/// <summary>Runs an operation repeatedly after a warm-up and reports the median, since these machines are noisy.</summary>
public static class Measure
{
    public sealed record Result(string Name, TimeSpan Median, TimeSpan Fastest, long AllocatedBytesPerRun, int Runs);

    /// <remarks>
    /// Warm-up runs at least <paramref name="warmups"/> times and for at least <paramref name="minimumWarmup"/> (2 s by
    /// default): tiered JIT installs optimised code for hot methods in the background, after a call-count delay, and a
    /// short operation measured too early reports tier-0 code rather than the steady state a server runs in.
    /// </remarks>
    public static Result Run(string name, Action operation, int runs = 15, int warmups = 3, TimeSpan? minimumWarmup = null)
    {
        var warmupClock = Stopwatch.StartNew();
        var warmupFor = minimumWarmup ?? TimeSpan.FromSeconds(2);
        for (var i = 0; i < warmups || warmupClock.Elapsed < warmupFor; i++)
            operation();
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
        return new Result(name, times[runs / 2], times[0], allocated / runs, runs);
    }
}
