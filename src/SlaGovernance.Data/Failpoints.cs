using System.Collections.Concurrent;
using System.Diagnostics;

namespace SlaGovernance.Data;

/// <summary>
/// Named points in the middle of a step where the crash test kills this process. Off unless the environment variable
/// SLAGOV_FAILPOINTS lists them, as "name:N,other:M" (die at the N-th hit of name); nothing else sets it.
/// </summary>
public static class Failpoints
{
    public const string Variable = "SLAGOV_FAILPOINTS";

    private static readonly IReadOnlyDictionary<string, int> Armed = Parse(Environment.GetEnvironmentVariable(Variable));
    private static readonly ConcurrentDictionary<string, int> Hits = new(StringComparer.Ordinal);

    public static bool Enabled => Armed.Count > 0;

    public static void Hit(string name)
    {
        if (Armed.Count == 0 || !Armed.TryGetValue(name, out var at))
            return;
        if (Hits.AddOrUpdate(name, 1, (_, n) => n + 1) == at)
        {
            Console.Error.WriteLine($"failpoint {name}: killing process {Environment.ProcessId}");
            Process.GetCurrentProcess().Kill(); // SIGKILL: no finally blocks, no flush, as in a power cut
        }
    }

    private static Dictionary<string, int> Parse(string? value)
    {
        var armed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            armed[pieces[0]] = pieces.Length > 1 && int.TryParse(pieces[1], out var n) && n > 0 ? n : 1;
        }
        return armed;
    }
}
