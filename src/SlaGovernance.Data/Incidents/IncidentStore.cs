using System.Data.Common;
using Dapper;

namespace SlaGovernance.Data.Incidents;

/// <summary>A service as incidents name it: its owner, channels (JSON), test list (JSON) and recovery playbook (JSON, versioned).</summary>
public sealed record IncidentServiceRow
{
    public string Name { get; init; } = "";
    public string Owner { get; init; } = "";
    public string Channels { get; init; } = "{}";
    public string TestRecipients { get; init; } = "[]";
    public string Playbook { get; init; } = "{}";
    public int PlaybookVersion { get; init; }
    public string UpdatedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }
    public int Revision { get; init; }
}

public sealed record IncidentRow
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";

    /// <summary>The affected services' names as a JSON array.</summary>
    public string Services { get; init; } = "[]";
    public string Severity { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? DetectedAt { get; init; }
    public DateTimeOffset? MitigatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The business impact as JSON (<c>IncidentImpact</c>).</summary>
    public string Impact { get; init; } = "{}";
    public int CriteriaVersion { get; init; }
    public bool Major { get; init; }

    /// <summary>A game day: its updates go to the services' test lists only, and no customer list is written to.</summary>
    public bool Simulation { get; init; }
    public string? DeclaredBy { get; init; }
    public DateTimeOffset? DeclaredAt { get; init; }
    public string? DeclarationReason { get; init; }
    public string? Commander { get; init; }
    public Guid? WorkflowId { get; init; }
    public string Source { get; init; } = "";
    public string SourceId { get; init; } = "";
    public string? SourceUrl { get; init; }
    public string? PayloadSha256 { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string UpdatedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }
    public int Revision { get; init; }
}

public sealed record IncidentChannelRow
{
    public Guid IncidentId { get; init; }
    public string Channel { get; init; } = "";
    public string Owner { get; init; } = "";

    /// <summary>The channel's email addresses as a JSON array, copied from the service when the incident was declared.</summary>
    public string Recipients { get; init; } = "[]";
    public int EveryMinutes { get; init; }
    public int RemindBeforeMinutes { get; init; }
    public DateTimeOffset NextDueAt { get; init; }
    public DateTimeOffset? LastUpdateAt { get; init; }
    public DateTimeOffset? RemindedFor { get; init; }
    public DateTimeOffset? EscalatedFor { get; init; }
}

public sealed record IncidentUpdateRow
{
    public Guid Id { get; init; }
    public Guid IncidentId { get; init; }
    public string Channel { get; init; } = "";
    public string Body { get; init; } = "";
    public string Recipients { get; init; } = "[]";
    public string PostedBy { get; init; } = "";
    public DateTimeOffset PostedAt { get; init; }
}

public sealed record IncidentTimelineRow
{
    public Guid Id { get; init; }
    public Guid IncidentId { get; init; }
    public DateTimeOffset At { get; init; }
    public string What { get; init; } = "";
    public string ByWhom { get; init; } = "";
}

public sealed record IncidentActionRow
{
    public Guid Id { get; init; }
    public Guid IncidentId { get; init; }
    public string ActionKey { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string Owner { get; init; } = "";
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? CompletedBy { get; init; }
    public string? Note { get; init; }
}

/// <summary>An agreement's current version as incidents read it: its title, status and content (JSON), to find the services it covers.</summary>
public sealed record AgreementObjectivesRow
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public string Status { get; init; } = "";
    public string Content { get; init; } = "{}";
}

[SqlCatalogue]
internal static class IncidentSql
{
    private const string ServiceColumns = "name, owner, channels, test_recipients, playbook, playbook_version, updated_by, updated_at, revision";

    public const string Services = "SELECT " + ServiceColumns + " FROM incident_services ORDER BY name";
    public const string ServiceByName = "SELECT " + ServiceColumns + " FROM incident_services WHERE name = @Name";

    public const string InsertService = "INSERT INTO incident_services (" + ServiceColumns + """
        ) VALUES (@Name, @Owner, @Channels, @TestRecipients, @Playbook, @PlaybookVersion, @UpdatedBy, @UpdatedAt, @Revision)
        """;

    public const string UpdateService = """
        UPDATE incident_services SET owner = @Owner, channels = @Channels, test_recipients = @TestRecipients, playbook = @Playbook,
            playbook_version = @PlaybookVersion, updated_by = @UpdatedBy, updated_at = @UpdatedAt, revision = @Revision + 1
        WHERE name = @Name AND revision = @Revision
        """;

    /// <summary>Every agreement's current version: the services their objectives name are the services incidents may affect.</summary>
    public const string CurrentVersions = """
        SELECT a.id, a.title, a.status, v.content FROM agreements a
        JOIN agreement_versions v ON v.agreement_id = a.id AND v.number = a.current_version
        ORDER BY a.title
        """;

    private const string Columns = """
        id, title, services, severity, status, started_at, detected_at, mitigated_at, resolved_at, impact, criteria_version, major, simulation, declared_by,
        declared_at, declaration_reason, commander, workflow_id, source, source_id, source_url, payload_sha256, created_by, created_at, updated_by,
        updated_at, revision
        """;

    public const string Insert = "INSERT INTO incidents (" + Columns + """
        ) VALUES (@Id, @Title, @Services, @Severity, @Status, @StartedAt, @DetectedAt, @MitigatedAt, @ResolvedAt, @Impact, @CriteriaVersion, @Major,
        @Simulation, @DeclaredBy, @DeclaredAt, @DeclarationReason, @Commander, @WorkflowId, @Source, @SourceId, @SourceUrl, @PayloadSha256, @CreatedBy, @CreatedAt,
        @UpdatedBy, @UpdatedAt, @Revision)
        """;

    public const string ById = "SELECT " + Columns + " FROM incidents WHERE id = @Id";
    public const string BySource = "SELECT " + Columns + " FROM incidents WHERE source = @Source AND source_id = @SourceId";
    public const string Recent = "SELECT " + Columns + " FROM incidents ORDER BY started_at DESC, id";

    /// <summary>Optimistic: the row changes only at the revision it was read at.</summary>
    public const string Update = """
        UPDATE incidents SET title = @Title, services = @Services, severity = @Severity, status = @Status, started_at = @StartedAt,
            detected_at = @DetectedAt, mitigated_at = @MitigatedAt, resolved_at = @ResolvedAt, impact = @Impact, criteria_version = @CriteriaVersion,
            major = @Major, declared_by = @DeclaredBy, declared_at = @DeclaredAt, declaration_reason = @DeclarationReason, commander = @Commander,
            source_url = @SourceUrl, payload_sha256 = @PayloadSha256, updated_by = @UpdatedBy, updated_at = @UpdatedAt, revision = @Revision + 1
        WHERE id = @Id AND revision = @Revision
        """;

    /// <summary>Links the workflow once, whatever the revision: its first step may already be changing the row.</summary>
    public const string SetWorkflow = "UPDATE incidents SET workflow_id = @WorkflowId WHERE id = @Id AND workflow_id IS NULL";

    private const string ChannelColumns = """
        incident_id, channel, owner, recipients, every_minutes, remind_before_minutes, next_due_at, last_update_at, reminded_for, escalated_for
        """;

    public const string InsertChannel = "INSERT INTO incident_channels (" + ChannelColumns + """
        ) VALUES (@IncidentId, @Channel, @Owner, @Recipients, @EveryMinutes, @RemindBeforeMinutes, @NextDueAt, @LastUpdateAt, @RemindedFor, @EscalatedFor)
        """;

    public const string Channels = "SELECT " + ChannelColumns + " FROM incident_channels WHERE incident_id = @IncidentId ORDER BY channel";

    public const string UpdateChannelDue = """
        UPDATE incident_channels SET next_due_at = @NextDueAt, last_update_at = @LastUpdateAt WHERE incident_id = @IncidentId AND channel = @Channel
        """;

    /// <summary>Marks the reminder for one due instant sent; 0 rows when it was sent before (a replay) or the update came meanwhile.</summary>
    public const string MarkReminded = """
        UPDATE incident_channels SET reminded_for = @Due
        WHERE incident_id = @IncidentId AND channel = @Channel AND next_due_at = @Due AND (reminded_for IS NULL OR reminded_for <> @Due)
        """;

    public const string MarkEscalated = """
        UPDATE incident_channels SET escalated_for = @Due
        WHERE incident_id = @IncidentId AND channel = @Channel AND next_due_at = @Due AND (escalated_for IS NULL OR escalated_for <> @Due)
        """;

    public const string InsertUpdate = """
        INSERT INTO incident_updates (id, incident_id, channel, body, recipients, posted_by, posted_at)
        VALUES (@Id, @IncidentId, @Channel, @Body, @Recipients, @PostedBy, @PostedAt)
        """;

    public const string Updates = """
        SELECT id, incident_id, channel, body, recipients, posted_by, posted_at FROM incident_updates WHERE incident_id = @IncidentId ORDER BY posted_at, id
        """;

    public const string InsertTimeline = """
        INSERT INTO incident_timeline (id, incident_id, at, what, by_whom) VALUES (@Id, @IncidentId, @At, @What, @ByWhom)
        """;

    public const string Timeline = "SELECT id, incident_id, at, what, by_whom FROM incident_timeline WHERE incident_id = @IncidentId ORDER BY at, id";

    private const string ActionColumns = "id, incident_id, action_key, kind, title, owner, due_at, completed_at, completed_by, note";

    public const string InsertAction = "INSERT INTO incident_actions (" + ActionColumns + """
        ) VALUES (@Id, @IncidentId, @ActionKey, @Kind, @Title, @Owner, @DueAt, @CompletedAt, @CompletedBy, @Note)
        """;

    public const string ActionExists = "SELECT COUNT(*) FROM incident_actions WHERE incident_id = @IncidentId AND action_key = @ActionKey";

    public const string Actions = "SELECT " + ActionColumns + " FROM incident_actions WHERE incident_id = @IncidentId ORDER BY due_at, action_key";

    public const string CompleteAction = """
        UPDATE incident_actions SET completed_at = @CompletedAt, completed_by = @CompletedBy, note = @Note WHERE id = @Id AND completed_at IS NULL
        """;
}

/// <summary>
/// Services, incidents and what a major incident keeps: its channels, the updates sent, its timeline and its recovery actions. An
/// incident is one per source and source id (a unique key), so a webhook delivered twice at once cannot make two on any engine.
/// </summary>
public sealed class IncidentStore(Database database)
{
    public async Task<IReadOnlyList<IncidentServiceRow>> ServicesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<IncidentServiceRow>(new CommandDefinition(database.Sql(IncidentSql.Services), cancellationToken: cancellationToken)))
            .ToList();
    }

    public async Task<IncidentServiceRow?> ServiceAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<IncidentServiceRow>(new CommandDefinition(database.Sql(IncidentSql.ServiceByName), new { Name = name },
            cancellationToken: cancellationToken));
    }

    /// <summary>Inserts the service; false when another save made it at the same moment.</summary>
    public async Task<bool> InsertServiceAsync(UnitOfWork unit, IncidentServiceRow row, CancellationToken cancellationToken)
    {
        try
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.InsertService), row, unit.Transaction, cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<bool> UpdateServiceAsync(UnitOfWork unit, IncidentServiceRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.UpdateService), row, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    public async Task<IReadOnlyList<AgreementObjectivesRow>> CurrentVersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgreementObjectivesRow>(new CommandDefinition(database.Sql(IncidentSql.CurrentVersions),
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Inserts the incident; false when its source id was taken at the same moment.</summary>
    public async Task<bool> InsertAsync(UnitOfWork unit, IncidentRow row, CancellationToken cancellationToken)
    {
        try
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.Insert), row, unit.Transaction, cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<IncidentRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<IncidentRow>(new CommandDefinition(database.Sql(IncidentSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public async Task<IncidentRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken) =>
        await unit.Connection.QuerySingleOrDefaultAsync<IncidentRow>(new CommandDefinition(unit.Sql(IncidentSql.ById), new { Id = id }, unit.Transaction,
            cancellationToken: cancellationToken));

    public async Task<IncidentRow?> BySourceAsync(string source, string sourceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<IncidentRow>(new CommandDefinition(database.Sql(IncidentSql.BySource),
            new { Source = source, SourceId = sourceId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<IncidentRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<IncidentRow>(new CommandDefinition(database.Sql(IncidentSql.Recent), cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>False when the incident changed since it was read at <paramref name="row"/>'s revision.</summary>
    public async Task<bool> UpdateAsync(UnitOfWork unit, IncidentRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.Update), row, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task SetWorkflowAsync(Guid id, Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(IncidentSql.SetWorkflow), new { Id = id, WorkflowId = workflowId },
            cancellationToken: cancellationToken));
    }

    /// <summary>Opens the incident's channels, once: false when they were opened before (a replayed step).</summary>
    public async Task<bool> OpenChannelsAsync(UnitOfWork unit, IReadOnlyList<IncidentChannelRow> channels, CancellationToken cancellationToken)
    {
        if (channels.Count == 0 || (await ChannelsAsync(unit, channels[0].IncidentId, cancellationToken)).Count > 0)
            return false;
        foreach (var channel in channels)
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.InsertChannel), channel, unit.Transaction,
                cancellationToken: cancellationToken));
        return true;
    }

    public async Task<IReadOnlyList<IncidentChannelRow>> ChannelsAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<IncidentChannelRow>(new CommandDefinition(database.Sql(IncidentSql.Channels), new { IncidentId = incidentId },
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<IncidentChannelRow>> ChannelsAsync(UnitOfWork unit, Guid incidentId, CancellationToken cancellationToken) =>
        (await unit.Connection.QueryAsync<IncidentChannelRow>(new CommandDefinition(unit.Sql(IncidentSql.Channels), new { IncidentId = incidentId },
            unit.Transaction, cancellationToken: cancellationToken))).ToList();

    public async Task SetChannelDueAsync(UnitOfWork unit, Guid incidentId, string channel, DateTimeOffset nextDueAt, DateTimeOffset? lastUpdateAt,
        CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.UpdateChannelDue),
            new { IncidentId = incidentId, Channel = channel, NextDueAt = nextDueAt, LastUpdateAt = lastUpdateAt }, unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>True the first time the reminder for this due instant is marked.</summary>
    public async Task<bool> MarkRemindedAsync(UnitOfWork unit, Guid incidentId, string channel, DateTimeOffset due, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.MarkReminded), new { IncidentId = incidentId, Channel = channel, Due = due },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>True the first time the escalation for this due instant is marked.</summary>
    public async Task<bool> MarkEscalatedAsync(UnitOfWork unit, Guid incidentId, string channel, DateTimeOffset due, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.MarkEscalated), new { IncidentId = incidentId, Channel = channel, Due = due },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task InsertUpdateAsync(UnitOfWork unit, IncidentUpdateRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.InsertUpdate), row, unit.Transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<IncidentUpdateRow>> UpdatesAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<IncidentUpdateRow>(new CommandDefinition(database.Sql(IncidentSql.Updates), new { IncidentId = incidentId },
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task AppendTimelineAsync(UnitOfWork unit, Guid incidentId, DateTimeOffset at, string what, string byWhom, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.InsertTimeline),
            new IncidentTimelineRow { Id = Guid.CreateVersion7(at), IncidentId = incidentId, At = at, What = what, ByWhom = byWhom }, unit.Transaction,
            cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<IncidentTimelineRow>> TimelineAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<IncidentTimelineRow>(new CommandDefinition(database.Sql(IncidentSql.Timeline), new { IncidentId = incidentId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Keeps the action once by its key; false when it was kept before (a replayed step).</summary>
    public async Task<bool> AddActionAsync(UnitOfWork unit, IncidentActionRow row, CancellationToken cancellationToken)
    {
        if (await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(IncidentSql.ActionExists), row, unit.Transaction,
                cancellationToken: cancellationToken)) > 0)
            return false;
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.InsertAction), row, unit.Transaction, cancellationToken: cancellationToken));
        return true;
    }

    public async Task<IReadOnlyList<IncidentActionRow>> ActionsAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<IncidentActionRow>(new CommandDefinition(database.Sql(IncidentSql.Actions), new { IncidentId = incidentId },
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task<bool> CompleteActionAsync(UnitOfWork unit, Guid actionId, string by, DateTimeOffset at, string? note, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(IncidentSql.CompleteAction),
            new { Id = actionId, CompletedAt = at, CompletedBy = by, Note = note }, unit.Transaction, cancellationToken: cancellationToken)) == 1;
}
