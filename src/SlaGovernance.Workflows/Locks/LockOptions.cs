namespace SlaGovernance.Workflows.Locks;

public enum LockMode
{
    /// <summary>The database's own session locks (PostgreSQL advisory locks, SQL Server sp_getapplock); the lease table on SQLite.</summary>
    Native,

    /// <summary>Rows in wf_locks with an expiry that the holder renews; works on every provider.</summary>
    Lease,
}

public sealed class LockOptions
{
    public LockMode Mode { get; set; } = LockMode.Native;

    /// <summary>How long a lease lives without renewal: a crashed node's locks free themselves after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a lock on a workflow instance is waited for before giving up. Holders keep it only for a step and its
    /// save; failing at once would make WorkflowCore set an event aside for a minute when it meets a save in progress.
    /// </summary>
    public TimeSpan InstanceLockWait { get; set; } = TimeSpan.FromSeconds(2);
}
