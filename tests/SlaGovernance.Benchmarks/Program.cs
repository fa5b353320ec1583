using SlaGovernance.Benchmarks;
using SlaGovernance.Benchmarks.Web;
using SlaGovernance.Benchmarks.Workflow;

// dotnet run -c Release --project tests/SlaGovernance.Benchmarks -- [probe|workflow|contract|redline|ingest|compliance-db|close|web]
var which = args.FirstOrDefault() ?? "all";
if (which is "all" or "probe")
{
    Console.WriteLine("Compliance: one year of per-minute probe samples (525,600), calculation alone");
    foreach (var (result, rate) in ProbeBenchmarks.Run())
        Console.WriteLine($"  {result.Name,-52} median {result.Median.TotalMilliseconds,8:F2} ms  {rate / 1e6,7:F0} M samples/s  " +
                          $"{result.AllocatedBytesPerRun,10:N0} B allocated/run  ({result.Runs} runs after {result.WarmedUpFor.TotalSeconds:F0} s warm-up)");
}
if (which is "all" or "workflow")
    await WorkflowBenchmarks.RunAsync();
if (which is "all" or "contract")
{
    Console.WriteLine("Contract: the Large() agreement (20 SLOs, 10 exclusions) as a .docx");
    foreach (var (result, bytes) in ContractBenchmarks.Run())
        Console.WriteLine($"  {result.Name,-52} median {result.Median.TotalMilliseconds,8:F2} ms  fastest {result.Fastest.TotalMilliseconds,6:F2} ms  " +
                          $"{result.AllocatedBytesPerRun,10:N0} B allocated/run  {bytes,7:N0} B document  " +
                          $"({result.Runs} runs after {result.WarmedUpFor.TotalSeconds:F0} s warm-up; the first, cold, took {result.First.TotalMilliseconds:F0} ms)");
}
if (which is "all" or "redline")
{
    Console.WriteLine("Redline: Large() against LargeAmended() (5 objectives' targets and 2 exclusions changed) as a .docx with tracked changes");
    foreach (var (result, bytes) in RedlineBenchmarks.Run())
        Console.WriteLine($"  {result.Name,-60} median {result.Median.TotalMilliseconds,8:F2} ms  fastest {result.Fastest.TotalMilliseconds,6:F2} ms  " +
                          $"{result.AllocatedBytesPerRun,10:N0} B allocated/run  {bytes,7:N0} B document  " +
                          $"({result.Runs} runs after {result.WarmedUpFor.TotalSeconds:F0} s warm-up; the first, cold, took {result.First.TotalMilliseconds:F0} ms)");
}
if (which is "all" or "ingest")
    await IngestBenchmarks.RunAsync();
if (which is "all" or "compliance-db")
    await ComplianceDbBenchmarks.RunAsync();
if (which is "all" or "close")
    await CloseBenchmarks.RunAsync();
if (which is "all" or "web")
    await WebLoadBenchmark.RunAsync();
