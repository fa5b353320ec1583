using System.Data.Common;
using Dapper;

namespace SlaGovernance.Data.Claims;

/// <summary>Where a month-end close stands: waiting for its grace period, computed, in breach review, or closed.</summary>
public static class ComplianceCloseStatus
{
    public const string Waiting = "Waiting";
    public const string InReview = "InReview";
    public const string Closed = "Closed";
}

/// <summary>One agreement's month-end close of one period.</summary>
public sealed record ComplianceCloseRow
{
    public Guid AgreementId { get; init; }
    public string Period { get; init; } = "";
    public string Status { get; init; } = ComplianceCloseStatus.Waiting;
    public DateTimeOffset CloseAt { get; init; }
    public Guid? WorkflowId { get; init; }
    public int? ReportRevision { get; init; }
    public string? ReviewOutcome { get; init; }
    public string? ReviewBy { get; init; }
    public string? ReviewReason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

[SqlCatalogue]
internal static class ComplianceCloseSql
{
    private const string Columns = """
        agreement_id, period, status, close_at, workflow_id, report_revision, review_outcome, review_by, review_reason, created_at, updated_at
        """;

    public const string Insert = "INSERT INTO compliance_closes (" + Columns + """
        ) VALUES (@AgreementId, @Period, @Status, @CloseAt, @WorkflowId, @ReportRevision, @ReviewOutcome, @ReviewBy, @ReviewReason, @CreatedAt, @UpdatedAt)
        """;

    public const string Get = "SELECT " + Columns + " FROM compliance_closes WHERE agreement_id = @AgreementId AND period = @Period";

    public const string OfAgreement = "SELECT " + Columns + " FROM compliance_closes WHERE agreement_id = @AgreementId ORDER BY period DESC";

    public const string Update = """
        UPDATE compliance_closes SET status = @Status, workflow_id = @WorkflowId, report_revision = @ReportRevision, review_outcome = @ReviewOutcome,
            review_by = @ReviewBy, review_reason = @ReviewReason, updated_at = @UpdatedAt
        WHERE agreement_id = @AgreementId AND period = @Period
        """;
}

/// <summary>The month-end closes; the key (agreement, period) lets one close start per period however many nodes sweep.</summary>
public sealed class ComplianceCloseStore(Database database)
{
    /// <summary>False when the period's close exists already.</summary>
    public async Task<bool> InsertAsync(ComplianceCloseRow row, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(database.Sql(ComplianceCloseSql.Insert), row, cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<ComplianceCloseRow?> GetAsync(Guid agreementId, string period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ComplianceCloseRow>(new CommandDefinition(database.Sql(ComplianceCloseSql.Get),
            new { AgreementId = agreementId, Period = period }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ComplianceCloseRow>> OfAgreementAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ComplianceCloseRow>(new CommandDefinition(database.Sql(ComplianceCloseSql.OfAgreement),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task UpdateAsync(UnitOfWork unit, ComplianceCloseRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ComplianceCloseSql.Update), row, unit.Transaction, cancellationToken: cancellationToken));

    public async Task UpdateAsync(ComplianceCloseRow row, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(ComplianceCloseSql.Update), row, cancellationToken: cancellationToken));
    }
}
