using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using SlaGovernance.Data;
using SlaGovernance.Data.Dialects;
using WorkflowCore.Interface;

namespace SlaGovernance.Workflows.Locks;

/// <summary>
/// Keeps two hosts on one database from running the same workflow instance at once. Native mode holds a session lock
/// on a connection of its own per lock; lease mode writes an expiring row per lock and renews it while held.
/// </summary>
public sealed class DatabaseLockProvider(Database database, LockOptions options, TimeProvider time, ILogger<DatabaseLockProvider> logger)
    : IDistributedLockProvider, IAsyncDisposable
{
    private const string Prefix = "slagov:wf:";

    private readonly ConcurrentDictionary<string, DbConnection> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _leases = new(StringComparer.Ordinal);
    private readonly string _owner = NewOwner();
    private ITimer? _renewal;

    public bool UsesSessionLocks => options.Mode == LockMode.Native && database.Dialect.TryAcquireSessionLockSql is not null;

    public string Owner => _owner;

    public async Task<bool> AcquireLock(string Id, CancellationToken cancellationToken)
    {
        var resource = Prefix + Id;
        // Only instance locks are worth waiting for; the pollers' own locks are simply tried again next poll.
        var wait = Guid.TryParse(Id, out _) ? options.InstanceLockWait : TimeSpan.Zero;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (UsesSessionLocks
                    ? await AcquireSessionLockAsync(resource, cancellationToken)
                    : await AcquireLeaseAsync(resource, cancellationToken))
                return true;
            if (waited.Elapsed + pause > wait)
                return false;
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
        }
    }

    public async Task ReleaseLock(string Id)
    {
        var resource = Prefix + Id;
        if (_sessions.TryRemove(resource, out var connection))
        {
            try
            {
                await connection.ExecuteAsync(database.Dialect.ReleaseSessionLockSql!, Args(resource));
            }
            catch
            {
                // A pooled session outlives its connection object; end it, so the lock it may still hold goes with it.
                database.Dialect.EndSession(connection);
                throw;
            }
            finally
            {
                await connection.DisposeAsync();
            }
            return;
        }
        if (_leases.TryRemove(resource, out _))
        {
            await using var leaseConnection = await database.OpenAsync();
            await leaseConnection.ExecuteAsync(database.Sql(LockSql.Release), new { Resource = resource, Owner = _owner });
        }
    }

    public Task Start()
    {
        if (!UsesSessionLocks)
        {
            var period = options.LeaseDuration / 3;
            _renewal = time.CreateTimer(_ => _ = RenewAsync(), null, period, period);
        }
        return Task.CompletedTask;
    }

    public async Task Stop()
    {
        if (_renewal is not null)
            await _renewal.DisposeAsync();
        _renewal = null;
        foreach (var resource in _sessions.Keys.ToList())
            await ReleaseLock(resource[Prefix.Length..]);
        if (!_leases.IsEmpty)
        {
            _leases.Clear();
            await using var connection = await database.OpenAsync();
            await connection.ExecuteAsync(database.Sql(LockSql.ReleaseAll), new { Owner = _owner });
        }
    }

    public async ValueTask DisposeAsync() => await Stop();

    /// <summary>Renews every lease this node holds; a lease it fails to renew lapses and another node may take it.</summary>
    public async Task RenewAsync()
    {
        if (_leases.IsEmpty)
            return;
        try
        {
            await using var connection = await database.OpenAsync();
            await connection.ExecuteAsync(database.Sql(LockSql.Renew), new { Owner = _owner, ExpiresAt = time.GetUtcNow() + options.LeaseDuration });
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            logger.LogWarning(e, "Could not renew workflow lock leases of {Owner}", _owner);
        }
    }

    private async Task<bool> AcquireSessionLockAsync(string resource, CancellationToken cancellationToken)
    {
        if (_sessions.ContainsKey(resource))
            return false;
        var connection = await database.OpenSessionAsync(cancellationToken);
        try
        {
            var taken = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Dialect.TryAcquireSessionLockSql!,
                Args(resource), cancellationToken: cancellationToken)) == 1;
            if (taken && _sessions.TryAdd(resource, connection))
                return true;
            if (taken)
                await connection.ExecuteAsync(database.Dialect.ReleaseSessionLockSql!, Args(resource));
        }
        catch
        {
            // The lock may have been taken by a statement whose answer never arrived (a cancellation, a broken connection).
            database.Dialect.EndSession(connection);
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return false;
    }

    private async Task<bool> AcquireLeaseAsync(string resource, CancellationToken cancellationToken)
    {
        if (!_leases.TryAdd(resource, 0))
            return false;
        try
        {
            var now = time.GetUtcNow();
            var args = new { Resource = resource, Owner = _owner, Now = now, ExpiresAt = now + options.LeaseDuration };
            await using var connection = await database.OpenAsync(cancellationToken);
            // Released leases are deleted, so a free lock usually has no row: one write takes it.
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(database.Sql(LockSql.Insert), args, cancellationToken: cancellationToken));
                return true;
            }
            catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
            {
                // Held by a node, perhaps a crashed one whose lease has expired, or left by this one.
            }
            if (await connection.ExecuteAsync(new CommandDefinition(database.Sql(LockSql.TakeExpiredOrOwn), args,
                    cancellationToken: cancellationToken)) == 1)
                return true;
            _leases.TryRemove(resource, out _);
            return false;
        }
        catch
        {
            _leases.TryRemove(resource, out _);
            throw;
        }
    }

    /// <summary>Unique per process; the GUID end is kept when a long machine name would overflow the column.</summary>
    private static string NewOwner()
    {
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return owner.Length <= 100 ? owner : owner[^100..];
    }

    private static object Args(string resource) => new { Resource = resource, Key = SqlDialect.LockKey(resource) };
}
