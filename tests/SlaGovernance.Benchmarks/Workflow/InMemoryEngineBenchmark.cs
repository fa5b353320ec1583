using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;

namespace SlaGovernance.Benchmarks.Workflow;

/// <summary>
/// The yardstick: WorkflowCore on its own in-memory store (plain AddWorkflow, nothing of ours), running step, wait for
/// an event, step, with every instance in flight at once.
/// </summary>
public static class InMemoryEngineBenchmark
{
    private static readonly int[] Concurrency = [500, 5_000];
    private const int Runs = 3;

    public static async Task RunAsync(IReadOnlyList<(string Provider, double WorkflowsPerSecond)> ours)
    {
        Console.WriteLine($"  WorkflowCore in-memory store, step / WaitFor event / step, all instances started then all events published, median of {Runs} runs");
        foreach (var instances in Concurrency)
        {
            var rates = new List<double>();
            for (var run = 0; run < Runs; run++)
                rates.Add(instances / (await RunOnceAsync(instances)).TotalSeconds);
            Console.WriteLine($"    {instances,5:N0} concurrent instances: {WorkflowBenchmarks.Median(rates),7:F0} workflows/s");
        }
        foreach (var (provider, rate) in ours)
            Console.WriteLine($"    ours, {provider}, three-stage approval over HTTP, {rate:F0} workflows/s ({rate * ApprovalDefinition.Stages.Length:F0} transitions/s), 1,000 finished stored");
    }

    private static async Task<TimeSpan> RunOnceAsync(int instances)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddWorkflow();
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<PingPongWorkflow, PingPongData>();
        var completed = 0;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.OnLifeCycleEvent += e =>
        {
            if (e is WorkflowCompleted && Interlocked.Increment(ref completed) == instances)
                allDone.TrySetResult();
        };
        await host.StartAsync(CancellationToken.None);
        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, instances).Select(i =>
                host.StartWorkflow(PingPongWorkflow.Id, 1, new PingPongData { Key = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
            await Task.WhenAll(Enumerable.Range(0, instances).Select(i => host.PublishEvent(PingPongWorkflow.Event, i.ToString(System.Globalization.CultureInfo.InvariantCulture), null)));
            await allDone.Task.WaitAsync(TimeSpan.FromMinutes(2));
            return clock.Elapsed;
        }
        finally
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is NullReferenceException or ObjectDisposedException)
            {
                // WorkflowCore 3.22 stops its life-cycle event publisher twice; its workers have stopped by then.
            }
        }
    }

    public sealed class PingPongData
    {
        public string Key { get; set; } = "";
    }

    public sealed class PingPongWorkflow : IWorkflow<PingPongData>
    {
        public const string Id = "ping-pong";
        public const string Event = "pong";

        string IWorkflow<PingPongData>.Id => Id;
        public int Version => 1;

        public void Build(IWorkflowBuilder<PingPongData> builder) => builder
            .StartWith(_ => ExecutionResult.Next())
            .WaitFor(Event, data => data.Key)
            .Then(_ => ExecutionResult.Next());
    }
}
