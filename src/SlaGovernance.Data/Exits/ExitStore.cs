using System.Data.Common;
using System.Text.Json;
using Dapper;
using SlaGovernance.Domain.Exits;

namespace SlaGovernance.Data.Exits;

/// <summary>An agreement's exit as stored: one per agreement, the workflow running it, the vendor requests it opened, its checklist.</summary>
public sealed record ExitRow
{
    public Guid AgreementId { get; init; }
    public string Status { get; init; } = ExitStatus.Running;
    public DateOnly EndsOn { get; init; }
    public string StartedBy { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public Guid? WorkflowId { get; init; }
    public bool CertificateRequired { get; init; }
    public Guid? DataRequestId { get; init; }
    public Guid? CertificateRequestId { get; init; }
    public DateTimeOffset? DataReceivedAt { get; init; }
    public string? DataReceivedBy { get; init; }
    public byte[]? Checklist { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public int Revision { get; init; }

    /// <summary>The agreement that replaces this one, when the exit names it.</summary>
    public Guid? ReplacementAgreementId { get; init; }

    /// <summary>The inbox request asking the vendor to acknowledge the exit notice, and who acknowledged it when.</summary>
    public Guid? NoticeRequestId { get; init; }
    public DateTimeOffset? NoticeAcknowledgedAt { get; init; }
    public string? NoticeAcknowledgedBy { get; init; }
}

public sealed record ExitTriggerRow
{
    public Guid AgreementId { get; init; }
    public string TriggerKey { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Why { get; init; } = "";
    public string TriggeredBy { get; init; } = "";
    public DateTimeOffset TriggeredAt { get; init; }
}

/// <summary>One version of an agreement's exit plan; inventory and key people as JSON.</summary>
public sealed record ExitPlanRow
{
    public Guid AgreementId { get; init; }
    public int Version { get; init; }
    public string Owner { get; init; } = "";
    public string Strategy { get; init; } = "";
    public string? StrategyNotes { get; init; }
    public string DataInventory { get; init; } = "[]";
    public int TransitionDays { get; init; }
    public string KeyPeople { get; init; } = "[]";
    public decimal EstimatedCost { get; init; }
    public string Currency { get; init; } = "";
    public int EstimatedDurationDays { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Pending, Approved or Rejected for a critical vendor's plan; null when no board approval is needed.</summary>
    public string? ApprovalStatus { get; init; }
    public Guid? ApprovalWorkflowId { get; init; }
    public DateTimeOffset? ApprovalDecidedAt { get; init; }

    public IReadOnlyList<DataInventoryItem> Inventory => JsonSerializer.Deserialize<List<DataInventoryItem>>(DataInventory, JsonSerializerOptions.Web) ?? [];

    public IReadOnlyList<KeyPerson> People => JsonSerializer.Deserialize<List<KeyPerson>>(KeyPeople, JsonSerializerOptions.Web) ?? [];
}

[SqlCatalogue]
internal static class ExitSql
{
    private const string Columns = """
        agreement_id, status, ends_on, started_by, started_at, workflow_id, certificate_required, data_request_id, certificate_request_id,
        data_received_at, data_received_by, checklist, completed_at, revision, replacement_agreement_id, notice_request_id, notice_acknowledged_at,
        notice_acknowledged_by
        """;

    public const string Insert = "INSERT INTO exits (" + Columns + """
        ) VALUES (@AgreementId, @Status, @EndsOn, @StartedBy, @StartedAt, @WorkflowId, @CertificateRequired, @DataRequestId, @CertificateRequestId,
        @DataReceivedAt, @DataReceivedBy, @Checklist, @CompletedAt, @Revision, @ReplacementAgreementId, @NoticeRequestId, @NoticeAcknowledgedAt,
        @NoticeAcknowledgedBy)
        """;

    public const string ById = "SELECT " + Columns + " FROM exits WHERE agreement_id = @AgreementId";

    /// <summary>Optimistic: the row changes only at the revision it was read at.</summary>
    public const string Update = """
        UPDATE exits SET status = @Status, workflow_id = @WorkflowId, data_request_id = @DataRequestId, certificate_request_id = @CertificateRequestId,
            data_received_at = @DataReceivedAt, data_received_by = @DataReceivedBy, checklist = @Checklist, completed_at = @CompletedAt,
            replacement_agreement_id = @ReplacementAgreementId, notice_request_id = @NoticeRequestId,
            notice_acknowledged_at = @NoticeAcknowledgedAt, notice_acknowledged_by = @NoticeAcknowledgedBy, revision = @Revision + 1
        WHERE agreement_id = @AgreementId AND revision = @Revision
        """;

    /// <summary>Links the workflow once, whatever the revision: the exit's first step may already be changing the row.</summary>
    public const string SetWorkflow = "UPDATE exits SET workflow_id = @WorkflowId WHERE agreement_id = @AgreementId AND workflow_id IS NULL";

    public const string InsertTrigger = """
        INSERT INTO exit_triggers (agreement_id, trigger_key, kind, why, triggered_by, triggered_at)
        VALUES (@AgreementId, @TriggerKey, @Kind, @Why, @TriggeredBy, @TriggeredAt)
        """;

    public const string TriggerExists = "SELECT COUNT(*) FROM exit_triggers WHERE agreement_id = @AgreementId AND trigger_key = @TriggerKey";

    public const string Triggers = """
        SELECT agreement_id, trigger_key, kind, why, triggered_by, triggered_at FROM exit_triggers WHERE agreement_id = @AgreementId ORDER BY triggered_at
        """;

    private const string PlanColumns = """
        agreement_id, version, owner, strategy, strategy_notes, data_inventory, transition_days, key_people, estimated_cost, currency,
        estimated_duration_days, created_by, created_at, approval_status, approval_workflow_id, approval_decided_at
        """;

    public const string InsertPlan = "INSERT INTO exit_plans (" + PlanColumns + """
        ) VALUES (@AgreementId, @Version, @Owner, @Strategy, @StrategyNotes, @DataInventory, @TransitionDays, @KeyPeople, @EstimatedCost, @Currency,
        @EstimatedDurationDays, @CreatedBy, @CreatedAt, @ApprovalStatus, @ApprovalWorkflowId, @ApprovalDecidedAt)
        """;

    public const string Plan = "SELECT " + PlanColumns + " FROM exit_plans WHERE agreement_id = @AgreementId AND version = @Version";

    /// <summary>Decides a pending approval once: a replayed step finds it decided and changes nothing.</summary>
    public const string DecidePlan = """
        UPDATE exit_plans SET approval_status = @Status, approval_decided_at = @DecidedAt
        WHERE agreement_id = @AgreementId AND version = @Version AND approval_status = 'Pending'
        """;

    public const string SetPlanWorkflow = """
        UPDATE exit_plans SET approval_workflow_id = @WorkflowId WHERE agreement_id = @AgreementId AND version = @Version AND approval_workflow_id IS NULL
        """;

    public const string Plans = "SELECT " + PlanColumns + " FROM exit_plans WHERE agreement_id = @AgreementId ORDER BY version DESC";

    /// <summary>Each agreement's latest plan version, for the register.</summary>
    public const string LatestPlans = "SELECT " + PlanColumns + """
         FROM exit_plans p WHERE version = (SELECT MAX(q.version) FROM exit_plans q WHERE q.agreement_id = p.agreement_id) ORDER BY agreement_id
        """;

    public const string All = "SELECT " + Columns + " FROM exits";

    public const string LatestPlanVersion = "SELECT COALESCE(MAX(version), 0) FROM exit_plans WHERE agreement_id = @AgreementId";
}

/// <summary>
/// Exits and exit plans. An exit is keyed by its agreement, so a second trigger cannot open a second exit on any engine; each trigger
/// is kept once by its key; a plan version is inserted, never updated, and two saves of the same version fail on the key.
/// </summary>
public sealed class ExitStore(Database database)
{
    /// <summary>Inserts the exit; false (nothing to commit) when the agreement has one already.</summary>
    public async Task<bool> InsertAsync(UnitOfWork unit, ExitRow row, CancellationToken cancellationToken)
    {
        if (await GetAsync(unit, row.AgreementId, cancellationToken) is not null)
            return false;
        try
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ExitSql.Insert), row, unit.Transaction, cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<ExitRow?> GetAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ExitRow>(new CommandDefinition(database.Sql(ExitSql.ById), new { AgreementId = agreementId },
            cancellationToken: cancellationToken));
    }

    public async Task<ExitRow?> GetAsync(UnitOfWork unit, Guid agreementId, CancellationToken cancellationToken) =>
        await unit.Connection.QuerySingleOrDefaultAsync<ExitRow>(new CommandDefinition(unit.Sql(ExitSql.ById), new { AgreementId = agreementId },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>False when the exit changed since it was read at <paramref name="row"/>'s revision.</summary>
    public async Task<bool> UpdateAsync(UnitOfWork unit, ExitRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ExitSql.Update), row, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task SetWorkflowAsync(Guid agreementId, Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(ExitSql.SetWorkflow), new { AgreementId = agreementId, WorkflowId = workflowId },
            cancellationToken: cancellationToken));
    }

    /// <summary>Keeps a trigger once; false when its key was kept before (a replayed step).</summary>
    public async Task<bool> AddTriggerAsync(UnitOfWork unit, ExitTriggerRow row, CancellationToken cancellationToken)
    {
        if (await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(ExitSql.TriggerExists), row, unit.Transaction,
                cancellationToken: cancellationToken)) > 0)
            return false;
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ExitSql.InsertTrigger), row, unit.Transaction, cancellationToken: cancellationToken));
        return true;
    }

    public async Task<IReadOnlyList<ExitTriggerRow>> TriggersAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExitTriggerRow>(new CommandDefinition(database.Sql(ExitSql.Triggers), new { AgreementId = agreementId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Inserts the plan as its next version; false when another save took that version at the same moment.</summary>
    public async Task<bool> InsertPlanAsync(UnitOfWork unit, ExitPlanRow row, CancellationToken cancellationToken)
    {
        try
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ExitSql.InsertPlan), row, unit.Transaction, cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<int> LatestPlanVersionAsync(UnitOfWork unit, Guid agreementId, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(unit.Sql(ExitSql.LatestPlanVersion), new { AgreementId = agreementId },
            unit.Transaction, cancellationToken: cancellationToken));

    public async Task<ExitPlanRow?> PlanAsync(Guid agreementId, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ExitPlanRow>(new CommandDefinition(database.Sql(ExitSql.Plan),
            new { AgreementId = agreementId, Version = version }, cancellationToken: cancellationToken));
    }

    /// <summary>True when the pending approval was decided now; false when it was decided before.</summary>
    public async Task<bool> DecidePlanAsync(UnitOfWork unit, Guid agreementId, int version, string status, DateTimeOffset decidedAt,
        CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ExitSql.DecidePlan),
            new { AgreementId = agreementId, Version = version, Status = status, DecidedAt = decidedAt }, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task SetPlanWorkflowAsync(Guid agreementId, int version, Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(ExitSql.SetPlanWorkflow),
            new { AgreementId = agreementId, Version = version, WorkflowId = workflowId }, cancellationToken: cancellationToken));
    }

    /// <summary>Each agreement's latest plan version.</summary>
    public async Task<IReadOnlyList<ExitPlanRow>> LatestPlansAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExitPlanRow>(new CommandDefinition(database.Sql(ExitSql.LatestPlans), cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Every exit, running or completed.</summary>
    public async Task<IReadOnlyList<ExitRow>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExitRow>(new CommandDefinition(database.Sql(ExitSql.All), cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Every version of the agreement's plan, newest first.</summary>
    public async Task<IReadOnlyList<ExitPlanRow>> PlansAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExitPlanRow>(new CommandDefinition(database.Sql(ExitSql.Plans), new { AgreementId = agreementId },
            cancellationToken: cancellationToken))).ToList();
    }
}
