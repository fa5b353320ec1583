using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace SlaGovernance.Workflows.Hosting;

/// <summary>Ids named by a key, so a step replayed after a crash finds the task, event or pointer it made before.</summary>
public static class DeterministicIds
{
    [SuppressMessage("Security", "CA5351", Justification =
        "MD5 only names ids from keys; nothing trusts it for integrity, and another hash would rename the ids of running instances.")]
    public static Guid From(string key) => new(MD5.HashData(Encoding.UTF8.GetBytes(key)));
}
