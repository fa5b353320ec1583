using SlaGovernance.Benchmarks;
using SlaGovernance.Benchmarks.Workflow;

// dotnet run -c Release --project tests/SlaGovernance.Benchmarks -- [probe|workflow]
var which = args.FirstOrDefault() ?? "all";
if (which is "all" or "probe")
{
    Console.WriteLine("Compliance: one year of per-minute probe samples (525,600), calculation alone");
    foreach (var (result, rate) in ProbeBenchmarks.Run())
        Console.WriteLine($"  {result.Name,-52} median {result.Median.TotalMilliseconds,8:F2} ms  {rate / 1e6,7:F0} M samples/s  " +
                          $"{result.AllocatedBytesPerRun,10:N0} B allocated/run  ({result.Runs} runs)");
}
if (which is "all" or "workflow")
    await WorkflowBenchmarks.RunAsync();
