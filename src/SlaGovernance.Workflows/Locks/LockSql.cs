using SlaGovernance.Data;

namespace SlaGovernance.Workflows.Locks;

[SqlCatalogue]
internal static class LockSql
{
    public const string TakeExpiredOrOwn = """
        UPDATE wf_locks SET owner = @Owner, expires_at = @ExpiresAt
        WHERE resource = @Resource AND (expires_at < @Now OR owner = @Owner)
        """;

    public const string Insert = "INSERT INTO wf_locks (resource, owner, expires_at) VALUES (@Resource, @Owner, @ExpiresAt)";

    public const string Renew = "UPDATE wf_locks SET expires_at = @ExpiresAt WHERE owner = @Owner";

    public const string Release = "DELETE FROM wf_locks WHERE resource = @Resource AND owner = @Owner";

    public const string ReleaseAll = "DELETE FROM wf_locks WHERE owner = @Owner";
}
