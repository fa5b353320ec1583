using Dapper;
using Microsoft.Extensions.Logging;
using SlaGovernance.Domain.Events;

namespace SlaGovernance.Data.Events;

/// <summary>
/// Reacts to one type of event in the feature that cares. Called at least once per event (again after a crash or a failure
/// before its delivery was recorded), so it must be idempotent: doing it twice changes nothing the first did not.
/// </summary>
public interface IDomainEventSubscriber
{
    /// <summary>Stored with each delivery; never renamed once events were delivered under it.</summary>
    string Name { get; }

    string EventType { get; }

    Task HandleAsync(DomainEventRow domainEvent, CancellationToken cancellationToken);
}

/// <summary>A handler of <typeparamref name="TEvent"/>, named after its class.</summary>
public abstract class DomainEventSubscriber<TEvent> : IDomainEventSubscriber where TEvent : IDomainEvent
{
    public string Name => GetType().Name;

    public string EventType => TEvent.Type;

    public Task HandleAsync(DomainEventRow domainEvent, CancellationToken cancellationToken) =>
        HandleAsync(domainEvent.Read<TEvent>(), cancellationToken);

    protected abstract Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Hands each committed event to every handler of its type: claims the event (so two nodes do not run its handlers at once),
/// runs the handlers that have not had it, records each delivery, and marks it dispatched when all have. A failing handler
/// leaves the event to be retried with growing back-off; the others' deliveries stand.
/// </summary>
public sealed class DomainEventDispatcher(Database database, IEnumerable<IDomainEventSubscriber> handlers, TimeProvider time,
    ILogger<DomainEventDispatcher> logger)
{
    private const int BatchSize = 50;
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan[] BackOff =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    private readonly ILookup<string, IDomainEventSubscriber> _handlers = handlers.ToLookup(h => h.EventType, StringComparer.Ordinal);

    public static TimeSpan DelayAfter(int failedAttempts) => BackOff[Math.Clamp(failedAttempts - 1, 0, BackOff.Length - 1)];

    /// <summary>Dispatches the events due now; the number dispatched to all their handlers.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        List<DomainEventRow> due;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            due = (await connection.QueryAsync<DomainEventRow>(new CommandDefinition(database.Sql(DomainEventSql.Due),
                new { Now = now, Offset = 0, Limit = BatchSize }, cancellationToken: cancellationToken))).ToList();
        }
        var dispatched = 0;
        foreach (var row in due)
        {
            if (await ExecuteAsync(DomainEventSql.Claim, new { row.Id, Now = now, Until = now + ClaimDuration }, cancellationToken) == 1
                && await DispatchAsync(row, cancellationToken))
                dispatched++;
        }
        return dispatched;
    }

    /// <summary>
    /// Dispatches until nothing is due, waiting for events another caller has claimed: what a test or a command-line run calls
    /// to see every effect of what it did. An event whose handler fails waits for its retry and is not waited for.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            await DispatchDueAsync(timeout.Token);
            await using var connection = await database.OpenAsync(timeout.Token);
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(DomainEventSql.Undispatched),
                    new { Now = time.GetUtcNow() }, cancellationToken: timeout.Token)) == 0)
                return;
            await Task.Delay(20, timeout.Token);
        }
    }

    private async Task<bool> DispatchAsync(DomainEventRow row, CancellationToken cancellationToken)
    {
        HashSet<string> delivered;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            delivered = (await connection.QueryAsync<string>(new CommandDefinition(database.Sql(DomainEventSql.Delivered), new { row.Id },
                cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        }
        foreach (var handler in _handlers[row.Type].Where(h => !delivered.Contains(h.Name)))
        {
            try
            {
                await handler.HandleAsync(row, cancellationToken);
                await ExecuteAsync(DomainEventSql.InsertDelivery, new { row.Id, Handler = handler.Name, Now = time.GetUtcNow() }, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var attempts = row.Attempts + 1;
                await ExecuteAsync(DomainEventSql.MarkFailed, new
                {
                    row.Id, Attempts = attempts, NextAttemptAt = time.GetUtcNow() + DelayAfter(attempts),
                    Error = $"{handler.Name}: {e.GetType().Name}: {e.Message}",
                }, cancellationToken);
                logger.LogWarning(e, "Event {EventId} ({EventType}) failed in {Handler} (attempt {Attempt}); it is retried in {Delay}", row.Id, row.Type,
                    handler.Name, attempts, DelayAfter(attempts));
                return false;
            }
        }
        await ExecuteAsync(DomainEventSql.MarkDispatched, new { row.Id, Now = time.GetUtcNow() }, cancellationToken);
        return true;
    }

    private async Task<int> ExecuteAsync(string sql, object args, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(database.Sql(sql), args, cancellationToken: cancellationToken));
    }
}
