using System.Data.Common;
using System.Text.Json;
using Dapper;
using SlaGovernance.Domain.Claims;

namespace SlaGovernance.Data.Claims;

/// <summary>A credit claim as stored: the report revision and objectives it rests on (JSON), the amount, where it stands, its letter.</summary>
public sealed record CreditClaimRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public int Number { get; init; }
    public string Period { get; init; } = "";
    public int ReportRevision { get; init; }
    public string Grounds { get; init; } = "[]";
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public string Status { get; init; } = CreditClaimStatus.Sent;
    public DateOnly ClaimDeadline { get; init; }
    public Guid? VendorRequestId { get; init; }
    public Guid? WorkflowId { get; init; }
    public byte[]? Letter { get; init; }
    public string? VendorResponse { get; init; }
    public string? VendorComment { get; init; }
    public string? LegalOutcome { get; init; }
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public int Revision { get; init; }

    /// <summary>"CC-2", how people name it beside the agreement's title.</summary>
    public string Reference => $"CC-{Number}";

    public IReadOnlyList<ClaimGround> ParsedGrounds => JsonSerializer.Deserialize<List<ClaimGround>>(Grounds, JsonSerializerOptions.Web) ?? [];
}

/// <summary>A claim with its agreement's title, its vendor and what has been settled, for the register.</summary>
public sealed record CreditClaimListRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public string AgreementTitle { get; init; } = "";
    public Guid? VendorId { get; init; }
    public string? VendorName { get; init; }
    public int Number { get; init; }
    public string Period { get; init; } = "";
    public decimal Amount { get; init; }
    public decimal Settled { get; init; }
    public string Currency { get; init; } = "";
    public string Status { get; init; } = "";
    public DateOnly ClaimDeadline { get; init; }
    public DateTimeOffset RequestedAt { get; init; }

    public string Reference => $"CC-{Number}";

    public decimal Outstanding => CreditClaimStatus.IsOutstanding(Status) ? Amount - Settled : 0m;
}

public sealed record CreditSettlementRow
{
    public Guid Id { get; init; }
    public Guid ClaimId { get; init; }
    public string CreditNote { get; init; } = "";
    public decimal Amount { get; init; }
    public DateOnly SettledOn { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

[SqlCatalogue]
internal static class CreditClaimSql
{
    private const string Columns = """
        id, agreement_id, number, period, report_revision, grounds, amount, currency, status, claim_deadline, vendor_request_id, workflow_id, letter,
        vendor_response, vendor_comment, legal_outcome, requested_by, requested_at, revision
        """;

    public const string Insert = "INSERT INTO credit_claims (" + Columns + """
        ) VALUES (@Id, @AgreementId, @Number, @Period, @ReportRevision, @Grounds, @Amount, @Currency, @Status, @ClaimDeadline, @VendorRequestId,
        @WorkflowId, @Letter, @VendorResponse, @VendorComment, @LegalOutcome, @RequestedBy, @RequestedAt, @Revision)
        """;

    public const string InsertObjective = """
        INSERT INTO credit_claim_objectives (agreement_id, period, objective, claim_id) VALUES (@AgreementId, @Period, @Objective, @ClaimId)
        """;

    public const string DeleteObjectives = "DELETE FROM credit_claim_objectives WHERE claim_id = @ClaimId";

    public const string NextNumber = "SELECT COALESCE(MAX(number), 0) + 1 FROM credit_claims WHERE agreement_id = @AgreementId";

    public const string ById = "SELECT " + Columns + " FROM credit_claims WHERE id = @Id";

    public const string OfPeriod = "SELECT " + Columns + " FROM credit_claims WHERE agreement_id = @AgreementId AND period = @Period ORDER BY number";

    public const string ClaimOfObjective = """
        SELECT claim_id FROM credit_claim_objectives WHERE agreement_id = @AgreementId AND period = @Period AND objective = @Objective
        """;

    /// <summary>Links the claim to its workflow without a new revision, so a step of that workflow that read the claim a moment before still saves.</summary>
    public const string LinkWorkflow = "UPDATE credit_claims SET workflow_id = @WorkflowId WHERE id = @Id";

    /// <summary>Optimistic: the row changes only at the revision it was read at. The workflow link is set apart (<see cref="LinkWorkflow"/>).</summary>
    public const string Update = """
        UPDATE credit_claims SET status = @Status, vendor_request_id = @VendorRequestId, letter = @Letter,
            vendor_response = @VendorResponse, vendor_comment = @VendorComment, legal_outcome = @LegalOutcome, revision = @Revision + 1
        WHERE id = @Id AND revision = @Revision
        """;

    public const string List = """
        SELECT c.id, c.agreement_id, a.title AS agreement_title, a.vendor_id, v.name AS vendor_name, c.number, c.period, c.amount,
            COALESCE((SELECT SUM(s.amount) FROM credit_settlements s WHERE s.claim_id = c.id), 0) AS settled, c.currency, c.status, c.claim_deadline,
            c.requested_at
        FROM credit_claims c JOIN agreements a ON a.id = c.agreement_id LEFT JOIN vendors v ON v.id = a.vendor_id
        WHERE (@AnyAgreement = 1 OR c.agreement_id = @AgreementId) AND (@AnyVendor = 1 OR a.vendor_id = @VendorId)
            AND (@Status IS NULL OR c.status = @Status)
        ORDER BY c.requested_at DESC, c.number DESC
        """;

    public const string InsertSettlement = """
        INSERT INTO credit_settlements (id, claim_id, credit_note, amount, settled_on, recorded_by, recorded_at)
        VALUES (@Id, @ClaimId, @CreditNote, @Amount, @SettledOn, @RecordedBy, @RecordedAt)
        """;

    public const string Settlements = """
        SELECT id, claim_id, credit_note, amount, settled_on, recorded_by, recorded_at FROM credit_settlements WHERE claim_id = @ClaimId
        ORDER BY settled_on, recorded_at
        """;
}

/// <summary>
/// The credit claims register. A claim's objectives are keyed by agreement, period and objective, so a second claim for the same
/// objective of a period fails on the key on every engine; settlements are keyed by credit note, so one is not recorded twice.
/// </summary>
public sealed class CreditClaimStore(Database database)
{
    /// <summary>Inserts the claim and keys its objectives; false (nothing to commit) when another claim holds one of them.</summary>
    public async Task<bool> InsertAsync(UnitOfWork unit, CreditClaimRow row, IEnumerable<string> objectives, CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(CreditClaimSql.Insert), row, unit.Transaction, cancellationToken: cancellationToken));
        try
        {
            foreach (var objective in objectives)
                await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(CreditClaimSql.InsertObjective),
                    new { row.AgreementId, row.Period, Objective = objective, ClaimId = row.Id }, unit.Transaction, cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<int> NextNumberAsync(UnitOfWork unit, Guid agreementId, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(unit.Sql(CreditClaimSql.NextNumber), new { AgreementId = agreementId },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The claim already holding an objective of a period, if any.</summary>
    public async Task<Guid?> ClaimOfObjectiveAsync(Guid agreementId, string period, string objective, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(database.Sql(CreditClaimSql.ClaimOfObjective),
            new { AgreementId = agreementId, Period = period, Objective = objective }, cancellationToken: cancellationToken));
    }

    /// <summary>A withdrawn claim frees its objectives for another claim.</summary>
    public async Task ReleaseObjectivesAsync(UnitOfWork unit, Guid claimId, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(CreditClaimSql.DeleteObjectives), new { ClaimId = claimId }, unit.Transaction,
            cancellationToken: cancellationToken));

    public async Task<CreditClaimRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CreditClaimRow>(new CommandDefinition(database.Sql(CreditClaimSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public async Task<CreditClaimRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken) =>
        await unit.Connection.QuerySingleOrDefaultAsync<CreditClaimRow>(new CommandDefinition(unit.Sql(CreditClaimSql.ById), new { Id = id },
            unit.Transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<CreditClaimRow>> OfPeriodAsync(Guid agreementId, string period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CreditClaimRow>(new CommandDefinition(database.Sql(CreditClaimSql.OfPeriod),
            new { AgreementId = agreementId, Period = period }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task LinkWorkflowAsync(Guid claimId, Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(CreditClaimSql.LinkWorkflow), new { Id = claimId, WorkflowId = workflowId },
            cancellationToken: cancellationToken));
    }

    /// <summary>False when the claim changed since it was read at <paramref name="row"/>'s revision.</summary>
    public async Task<bool> UpdateAsync(UnitOfWork unit, CreditClaimRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(CreditClaimSql.Update), row, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<IReadOnlyList<CreditClaimListRow>> ListAsync(Guid? agreementId, Guid? vendorId, string? status, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CreditClaimListRow>(new CommandDefinition(database.Sql(CreditClaimSql.List),
            // A null Guid has no type PostgreSQL can infer in "@X IS NULL", so "any" is a flag beside a typed id.
            new
            {
                AgreementId = agreementId ?? Guid.Empty, AnyAgreement = agreementId is null ? 1 : 0, VendorId = vendorId ?? Guid.Empty,
                AnyVendor = vendorId is null ? 1 : 0, Status = status,
            }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>False when a settlement with this credit note is recorded on the claim already.</summary>
    public async Task<bool> InsertSettlementAsync(UnitOfWork unit, CreditSettlementRow row, CancellationToken cancellationToken)
    {
        try
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(CreditClaimSql.InsertSettlement), row, unit.Transaction,
                cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<CreditSettlementRow>> SettlementsAsync(Guid claimId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CreditSettlementRow>(new CommandDefinition(database.Sql(CreditClaimSql.Settlements), new { ClaimId = claimId },
            cancellationToken: cancellationToken))).ToList();
    }
}
