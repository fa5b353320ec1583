using Dapper;
using SlaGovernance.Data;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Persistence;

/// <summary>Event subscriptions: the waits of steps for an event on a key.</summary>
public sealed partial class DapperPersistenceProvider
{
    public async Task<string> CreateEventSubscription(EventSubscription subscription, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        await InsertSubscriptionAsync(unit, subscription, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return subscription.Id;
    }

    public async Task<IEnumerable<EventSubscription>> GetSubscriptions(string eventName, string eventKey, DateTime asOf,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(database.Sql(WorkflowSql.SubscriptionsForEvent),
            new { EventName = eventName, EventKey = eventKey ?? "", AsOf = Utc(asOf) }, cancellationToken: cancellationToken));
        return rows.Select(ToSubscription).ToList();
    }

    public async Task TerminateSubscription(string eventSubscriptionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.DeleteSubscription),
            new { Id = Guid.Parse(eventSubscriptionId) }, cancellationToken: cancellationToken));
    }

    public async Task<EventSubscription> GetSubscription(string eventSubscriptionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(
            database.Sql(WorkflowSql.SubscriptionById), new { Id = Guid.Parse(eventSubscriptionId) }, cancellationToken: cancellationToken));
        return row is null ? null! : ToSubscription(row);
    }

    public async Task<EventSubscription> GetFirstOpenSubscription(string eventName, string eventKey, DateTime asOf,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(
            database.Sql(WorkflowSql.FirstOpenSubscription),
            new { EventName = eventName, EventKey = eventKey ?? "", AsOf = Utc(asOf), Offset = 0, Limit = 1 }, cancellationToken: cancellationToken));
        return row is null ? null! : ToSubscription(row);
    }

    public async Task<bool> SetSubscriptionToken(string eventSubscriptionId, string token, string workerId, DateTime expiry,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.SetSubscriptionToken),
            new { Id = Guid.Parse(eventSubscriptionId), Token = token, WorkerId = workerId, Expiry = Utc(expiry) },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task ClearSubscriptionToken(string eventSubscriptionId, string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.ClearSubscriptionToken),
            new { Id = Guid.Parse(eventSubscriptionId), Token = token }, cancellationToken: cancellationToken));
    }

    private Task InsertSubscriptionAsync(UnitOfWork unit, EventSubscription subscription, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(WorkflowSql.InsertSubscription), NewSubscriptionRow(subscription), unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>Gives a new subscription its id and returns the parameters of <see cref="WorkflowSql.InsertSubscription"/>.</summary>
    private object NewSubscriptionRow(EventSubscription subscription)
    {
        subscription.Id = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        return new
        {
            SubscriptionId = Guid.Parse(subscription.Id),
            WorkflowId = Guid.Parse(subscription.WorkflowId),
            subscription.StepId,
            subscription.ExecutionPointerId,
            subscription.EventName,
            EventKey = subscription.EventKey ?? "",
            SubscribeAsOf = Utc(subscription.SubscribeAsOf),
            SubscriptionData = types.Serialize(subscription.SubscriptionData),
            subscription.ExternalToken,
            subscription.ExternalWorkerId,
            ExternalTokenExpiry = Utc(subscription.ExternalTokenExpiry),
        };
    }

    private EventSubscription ToSubscription(SubscriptionRow row) => new()
    {
        Id = row.Id.ToString(),
        WorkflowId = row.WorkflowId.ToString(),
        StepId = row.StepId,
        ExecutionPointerId = row.ExecutionPointerId,
        EventName = row.EventName,
        EventKey = row.EventKey,
        SubscribeAsOf = row.SubscribeAsOf.UtcDateTime,
        SubscriptionData = types.Deserialize(row.SubscriptionData),
        ExternalToken = row.ExternalToken,
        ExternalWorkerId = row.ExternalWorkerId,
        ExternalTokenExpiry = row.ExternalTokenExpiry?.UtcDateTime,
    };

    private sealed class SubscriptionRow
    {
        public Guid Id { get; init; }
        public Guid WorkflowId { get; init; }
        public int StepId { get; init; }
        public string ExecutionPointerId { get; init; } = "";
        public string EventName { get; init; } = "";
        public string EventKey { get; init; } = "";
        public DateTimeOffset SubscribeAsOf { get; init; }
        public string? SubscriptionData { get; init; }
        public string? ExternalToken { get; init; }
        public string? ExternalWorkerId { get; init; }
        public DateTimeOffset? ExternalTokenExpiry { get; init; }
    }
}
