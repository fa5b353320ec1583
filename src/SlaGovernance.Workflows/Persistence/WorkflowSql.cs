using SlaGovernance.Data;

namespace SlaGovernance.Workflows.Persistence;

/// <remarks>
/// An event counts only for waits that began strictly before it. WorkflowCore's in-memory store compares with "or
/// equal", so an event stamped at the instant a later wait on the same key begins satisfies that wait as well.
/// </remarks>
[SqlCatalogue]
internal static class WorkflowSql
{
    public const string InsertInstance = """
        INSERT INTO wf_instances (id, definition_id, definition_version, description, reference, status, data, pointers,
                                  next_execution, create_time, complete_time, row_version)
        VALUES (@Id, @DefinitionId, @DefinitionVersion, @Description, @Reference, @Status, @Data, @Pointers,
                @NextExecution, @CreateTime, @CompleteTime, 1)
        """;

    public const string UpdateInstance = """
        UPDATE wf_instances
        SET description = @Description, reference = @Reference, status = @Status, data = @Data, pointers = @Pointers,
            next_execution = @NextExecution, complete_time = @CompleteTime, row_version = row_version + 1
        WHERE id = @Id AND row_version = @RowVersion
        """;

    public const string DeliverToInstance = """
        UPDATE wf_instances SET pointers = @Pointers, next_execution = 0, row_version = row_version + 1
        WHERE id = @Id AND row_version = @RowVersion
        """;

    public const string InstanceColumns = """
        SELECT id, definition_id, definition_version, description, reference, status, data, pointers, next_execution,
               create_time, complete_time, row_version
        FROM wf_instances
        """;

    public const string InstanceById = InstanceColumns + "\nWHERE id = @Id";

    public const string RunnableInstances = """
        SELECT id FROM wf_instances WHERE status = @Runnable AND next_execution <= @AsAt ORDER BY next_execution
        """;

    public const string InstancesPage = InstanceColumns + """

        WHERE (@Status IS NULL OR status = @Status)
          AND (@DefinitionId IS NULL OR definition_id = @DefinitionId)
          AND create_time >= @CreatedFrom AND create_time <= @CreatedTo
        ORDER BY create_time DESC, id {{page}}
        """;

    public const string PurgeInstances = """
        DELETE FROM wf_instances WHERE status = @Status AND complete_time < @OlderThan
        """;

    public const string InsertSubscription = """
        INSERT INTO wf_subscriptions (id, workflow_id, step_id, execution_pointer_id, event_name, event_key, subscribe_as_of,
                                      subscription_data, external_token, external_worker_id, external_token_expiry)
        VALUES (@SubscriptionId, @WorkflowId, @StepId, @ExecutionPointerId, @EventName, @EventKey, @SubscribeAsOf,
                @SubscriptionData, @ExternalToken, @ExternalWorkerId, @ExternalTokenExpiry)
        """;

    /// <summary>
    /// A save that subscribes its one waiting step, in one round trip: the update, then the subscription (whose parameter
    /// names do not clash with the update's). Two rows are affected, or the save is stale.
    /// </summary>
    public const string UpdateInstanceAndSubscribe = UpdateInstance + ";\n" + InsertSubscription;

    public const string SubscriptionColumns = """
        SELECT id, workflow_id, step_id, execution_pointer_id, event_name, event_key, subscribe_as_of, subscription_data,
               external_token, external_worker_id, external_token_expiry
        FROM wf_subscriptions
        """;

    public const string SubscriptionById = SubscriptionColumns + "\nWHERE id = @Id";

    public const string SubscriptionsForEvent = SubscriptionColumns + """

        WHERE event_name = @EventName AND event_key = @EventKey AND subscribe_as_of < @AsOf
        ORDER BY subscribe_as_of, id
        """;

    /// <summary>The subscriptions an event would wake, each with the instance it belongs to, in one read.</summary>
    public const string DeliveryTargets = """
        SELECT s.id AS subscription_id, s.execution_pointer_id, s.external_token, i.id AS workflow_id, i.status, i.pointers, i.row_version
        FROM wf_subscriptions s LEFT JOIN wf_instances i ON i.id = s.workflow_id
        WHERE s.event_name = @EventName AND s.event_key = @EventKey AND s.subscribe_as_of < @AsOf
        ORDER BY s.subscribe_as_of, s.id
        """;

    public const string FirstOpenSubscription = SubscriptionColumns + """

        WHERE event_name = @EventName AND event_key = @EventKey AND subscribe_as_of < @AsOf AND external_token IS NULL
        ORDER BY subscribe_as_of, id {{page}}
        """;

    public const string DeleteSubscription = "DELETE FROM wf_subscriptions WHERE id = @Id";

    public const string SetSubscriptionToken = """
        UPDATE wf_subscriptions SET external_token = @Token, external_worker_id = @WorkerId, external_token_expiry = @Expiry
        WHERE id = @Id AND external_token IS NULL
        """;

    public const string ClearSubscriptionToken = """
        UPDATE wf_subscriptions SET external_token = NULL, external_worker_id = NULL, external_token_expiry = NULL
        WHERE id = @Id AND external_token = @Token
        """;

    public const string InsertEvent = """
        INSERT INTO wf_events (id, event_name, event_key, event_data, event_time, is_processed)
        VALUES (@Id, @EventName, @EventKey, @EventData, @EventTime, @False)
        """;

    public const string EventById = """
        SELECT id, event_name, event_key, event_data, event_time, is_processed FROM wf_events WHERE id = @Id
        """;

    public const string RunnableEvents = """
        SELECT id FROM wf_events WHERE is_processed = @False AND event_time <= @AsAt ORDER BY event_time
        """;

    public const string EventsSince = """
        SELECT id FROM wf_events WHERE event_name = @EventName AND event_key = @EventKey AND event_time > @AsOf ORDER BY event_time
        """;

    public const string MarkEvent = "UPDATE wf_events SET is_processed = @Processed WHERE id = @Id";

    public const string InsertError = """
        INSERT INTO wf_execution_errors (id, workflow_id, execution_pointer_id, error_time, message)
        VALUES (@Id, @WorkflowId, @ExecutionPointerId, @ErrorTime, @Message)
        """;

    public const string InsertCommand = """
        INSERT INTO wf_scheduled_commands (id, command_name, data, execute_time) VALUES (@Id, @CommandName, @Data, @ExecuteTime)
        """;

    public const string DueCommands = """
        SELECT id, command_name, data, execute_time FROM wf_scheduled_commands WHERE execute_time <= @AsOf ORDER BY execute_time
        """;

    public const string DeleteCommand = "DELETE FROM wf_scheduled_commands WHERE id = @Id";
}
