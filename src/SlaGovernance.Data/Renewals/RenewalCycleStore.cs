using System.Data.Common;
using Dapper;

namespace SlaGovernance.Data.Renewals;

public static class RenewalCycleStatus
{
    /// <summary>Its workflow runs: reminders, the decision, the notice deadline.</summary>
    public const string Open = "Open";

    /// <summary>Renewed for the next term, by decision or tacitly; the next term's cycle follows.</summary>
    public const string Renewed = "Renewed";

    /// <summary>A new draft version governs the next term once approved and signed.</summary>
    public const string Renegotiating = "Renegotiating";

    /// <summary>Notice given; the agreement ends with this term.</summary>
    public const string Terminated = "Terminated";

    /// <summary>Not tacit, and nobody decided: the agreement expires with this term.</summary>
    public const string Lapsed = "Lapsed";

    /// <summary>An approved termination ended the agreement before this term's renewal was decided; its workflow was cancelled.</summary>
    public const string Cancelled = "Cancelled";

    /// <summary>The words a page shows for a status.</summary>
    public static string Label(string status) => status switch
    {
        Open => "Decision open",
        Renewed => "Renewed",
        Renegotiating => "Being renegotiated",
        Terminated => "Notice given",
        Lapsed => "Lapsed (nobody decided)",
        Cancelled => "Cancelled (terminated early)",
        _ => status,
    };
}

public sealed record RenewalCycleRow
{
    public Guid AgreementId { get; init; }
    public DateOnly TermEnd { get; init; }
    public int TermIndex { get; init; }
    public Guid? WorkflowId { get; init; }
    public string Status { get; init; } = RenewalCycleStatus.Open;
    public string? Decision { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public DateTimeOffset StartedAt { get; init; }
}

[SqlCatalogue]
internal static class RenewalCycleSql
{
    public const string Insert = """
        INSERT INTO renewal_cycles (agreement_id, term_end, term_index, workflow_id, status, decision, decided_by, decided_at, started_at)
        VALUES (@AgreementId, @TermEnd, @TermIndex, NULL, 'Open', NULL, NULL, NULL, @StartedAt)
        """;

    public const string Columns = """
        SELECT agreement_id, term_end, term_index, workflow_id, status, decision, decided_by, decided_at, started_at FROM renewal_cycles
        """;

    public const string OfAgreement = Columns + "\nWHERE agreement_id = @AgreementId ORDER BY term_end DESC";

    public const string Open = Columns + "\nWHERE status = 'Open' ORDER BY agreement_id, term_end";

    public const string All = Columns + "\nORDER BY agreement_id, term_end DESC";

    public const string SetWorkflow = """
        UPDATE renewal_cycles SET workflow_id = @WorkflowId WHERE agreement_id = @AgreementId AND term_end = @TermEnd AND workflow_id IS NULL
        """;

    /// <summary>The workflow instance already started for a term (found by its reference), if any.</summary>
    public const string WorkflowByReference = "SELECT id FROM wf_instances WHERE reference = @Reference";

    public const string Close = """
        UPDATE renewal_cycles SET status = @Status, decision = @Decision, decided_by = @DecidedBy, decided_at = @DecidedAt
        WHERE agreement_id = @AgreementId AND term_end = @TermEnd AND status IN ('Open', 'Renegotiating')
        """;
}

/// <summary>The renewal decisions of each agreement, one per term; the renewal workflows' record of what was decided.</summary>
public sealed class RenewalCycleStore(Database database)
{
    /// <summary>Opens the cycle of a term unless it exists (another node, or an earlier pass, opened it); true when this call did.</summary>
    public async Task<bool> OpenAsync(RenewalCycleRow row, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return await connection.ExecuteAsync(new CommandDefinition(database.Sql(RenewalCycleSql.Insert), row,
                cancellationToken: cancellationToken)) == 1;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<bool> SetWorkflowAsync(Guid agreementId, DateOnly termEnd, Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(database.Sql(RenewalCycleSql.SetWorkflow),
            new { AgreementId = agreementId, TermEnd = termEnd, WorkflowId = workflowId }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Records the decision in the caller's transaction; false when the cycle was already closed (a replayed step).</summary>
    public async Task<bool> CloseAsync(UnitOfWork unit, Guid agreementId, DateOnly termEnd, string status, string decision, string decidedBy,
        DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(RenewalCycleSql.Close),
            new { AgreementId = agreementId, TermEnd = termEnd, Status = status, Decision = decision, DecidedBy = decidedBy, DecidedAt = at },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<IReadOnlyList<RenewalCycleRow>> OfAgreementAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RenewalCycleRow>(new CommandDefinition(database.Sql(RenewalCycleSql.OfAgreement),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<Guid?> WorkflowByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(database.Sql(RenewalCycleSql.WorkflowByReference),
            new { Reference = reference }, cancellationToken: cancellationToken));
    }

    /// <summary>Every agreement's cycles, newest term first: one read for the sweep instead of one per agreement.</summary>
    public async Task<ILookup<Guid, RenewalCycleRow>> AllByAgreementAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RenewalCycleRow>(new CommandDefinition(database.Sql(RenewalCycleSql.All),
            cancellationToken: cancellationToken))).ToLookup(c => c.AgreementId);
    }

    public async Task<IReadOnlyList<RenewalCycleRow>> OpenCyclesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RenewalCycleRow>(new CommandDefinition(database.Sql(RenewalCycleSql.Open),
            cancellationToken: cancellationToken))).ToList();
    }
}
