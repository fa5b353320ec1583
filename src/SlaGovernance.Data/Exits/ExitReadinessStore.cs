using System.Data.Common;
using Dapper;
using SlaGovernance.Domain.Exits;

namespace SlaGovernance.Data.Exits;

/// <summary>A critical vendor's exit readiness test of one year as stored.</summary>
public sealed record ExitReadinessRow
{
    public Guid Id { get; init; }
    public Guid VendorId { get; init; }
    public int TestYear { get; init; }
    public string Status { get; init; } = ExitReadinessStatus.Requested;
    public DateOnly DueOn { get; init; }
    public string StartedBy { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public Guid? WorkflowId { get; init; }
    public Guid? RequestId { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public string? ReceivedBy { get; init; }
    public Guid? EvidenceId { get; init; }
    public string? FileName { get; init; }
    public string? Sha256 { get; init; }
    public DateTimeOffset? OutcomeAt { get; init; }
    public string? OutcomeBy { get; init; }
    public string? Notes { get; init; }
    public int Revision { get; init; }
}

public sealed record ExitReadinessGapRow
{
    public Guid TestId { get; init; }
    public int GapNumber { get; init; }
    public string Gap { get; init; } = "";
    public string Action { get; init; } = "";
    public string Owner { get; init; } = "";
    public DateOnly DueOn { get; init; }
}

[SqlCatalogue]
internal static class ExitReadinessSql
{
    private const string Columns = """
        id, vendor_id, test_year, status, due_on, started_by, started_at, workflow_id, request_id, received_at, received_by, evidence_id, file_name,
        sha256, outcome_at, outcome_by, notes, revision
        """;

    public const string Insert = "INSERT INTO exit_readiness_tests (" + Columns + """
        ) VALUES (@Id, @VendorId, @TestYear, @Status, @DueOn, @StartedBy, @StartedAt, @WorkflowId, @RequestId, @ReceivedAt, @ReceivedBy, @EvidenceId,
        @FileName, @Sha256, @OutcomeAt, @OutcomeBy, @Notes, @Revision)
        """;

    public const string ById = "SELECT " + Columns + " FROM exit_readiness_tests WHERE id = @Id";

    public const string ByVendorYear = "SELECT " + Columns + " FROM exit_readiness_tests WHERE vendor_id = @VendorId AND test_year = @TestYear";

    public const string OfVendor = "SELECT " + Columns + " FROM exit_readiness_tests WHERE vendor_id = @VendorId ORDER BY test_year DESC";

    public const string All = "SELECT " + Columns + " FROM exit_readiness_tests ORDER BY test_year DESC, vendor_id";

    /// <summary>Optimistic: the row changes only at the revision it was read at.</summary>
    public const string Update = """
        UPDATE exit_readiness_tests SET status = @Status, request_id = @RequestId, received_at = @ReceivedAt, received_by = @ReceivedBy,
            evidence_id = @EvidenceId, file_name = @FileName, sha256 = @Sha256, outcome_at = @OutcomeAt, outcome_by = @OutcomeBy, notes = @Notes,
            revision = @Revision + 1
        WHERE id = @Id AND revision = @Revision
        """;

    /// <summary>Links the workflow once, whatever the revision: its first step may already be changing the row.</summary>
    public const string SetWorkflow = "UPDATE exit_readiness_tests SET workflow_id = @WorkflowId WHERE id = @Id AND workflow_id IS NULL";

    public const string InsertGap = """
        INSERT INTO exit_readiness_gaps (test_id, gap_number, gap, action, owner, due_on) VALUES (@TestId, @GapNumber, @Gap, @Action, @Owner, @DueOn)
        """;

    public const string Gaps = "SELECT test_id, gap_number, gap, action, owner, due_on FROM exit_readiness_gaps WHERE test_id = @TestId ORDER BY gap_number";
}

/// <summary>
/// Exit readiness tests: one per vendor and year (the key refuses a second on any engine, so a sweep and a start by hand cannot both
/// open one); the gaps are written once with the outcome.
/// </summary>
public sealed class ExitReadinessStore(Database database)
{
    /// <summary>Inserts the test; false when the vendor has one for that year already.</summary>
    public async Task<bool> InsertAsync(UnitOfWork unit, ExitReadinessRow row, CancellationToken cancellationToken)
    {
        if (await GetAsync(unit, row.VendorId, row.TestYear, cancellationToken) is not null)
            return false;
        try
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ExitReadinessSql.Insert), row, unit.Transaction, cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<ExitReadinessRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ExitReadinessRow>(new CommandDefinition(database.Sql(ExitReadinessSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public async Task<ExitReadinessRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken) =>
        await unit.Connection.QuerySingleOrDefaultAsync<ExitReadinessRow>(new CommandDefinition(unit.Sql(ExitReadinessSql.ById), new { Id = id },
            unit.Transaction, cancellationToken: cancellationToken));

    public async Task<ExitReadinessRow?> GetAsync(Guid vendorId, int year, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ExitReadinessRow>(new CommandDefinition(database.Sql(ExitReadinessSql.ByVendorYear),
            new { VendorId = vendorId, TestYear = year }, cancellationToken: cancellationToken));
    }

    private static async Task<ExitReadinessRow?> GetAsync(UnitOfWork unit, Guid vendorId, int year, CancellationToken cancellationToken) =>
        await unit.Connection.QuerySingleOrDefaultAsync<ExitReadinessRow>(new CommandDefinition(unit.Sql(ExitReadinessSql.ByVendorYear),
            new { VendorId = vendorId, TestYear = year }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The vendor's tests, latest year first.</summary>
    public async Task<IReadOnlyList<ExitReadinessRow>> OfVendorAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExitReadinessRow>(new CommandDefinition(database.Sql(ExitReadinessSql.OfVendor), new { VendorId = vendorId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Every test, latest year first.</summary>
    public async Task<IReadOnlyList<ExitReadinessRow>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExitReadinessRow>(new CommandDefinition(database.Sql(ExitReadinessSql.All), cancellationToken: cancellationToken)))
            .ToList();
    }

    /// <summary>False when the test changed since it was read at <paramref name="row"/>'s revision.</summary>
    public async Task<bool> UpdateAsync(UnitOfWork unit, ExitReadinessRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ExitReadinessSql.Update), row, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task SetWorkflowAsync(Guid id, Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(ExitReadinessSql.SetWorkflow), new { Id = id, WorkflowId = workflowId },
            cancellationToken: cancellationToken));
    }

    public async Task InsertGapsAsync(UnitOfWork unit, IEnumerable<ExitReadinessGapRow> gaps, CancellationToken cancellationToken)
    {
        foreach (var gap in gaps)
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ExitReadinessSql.InsertGap), gap, unit.Transaction, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ExitReadinessGapRow>> GapsAsync(Guid testId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExitReadinessGapRow>(new CommandDefinition(database.Sql(ExitReadinessSql.Gaps), new { TestId = testId },
            cancellationToken: cancellationToken))).ToList();
    }
}
