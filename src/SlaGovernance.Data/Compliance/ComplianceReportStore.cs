using Dapper;

namespace SlaGovernance.Data.Compliance;

/// <summary>One archived revision of an agreement's compliance report for one period; never updated once stored.</summary>
public sealed record ComplianceReportRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public string Period { get; init; } = "";
    public int Revision { get; init; }
    public int VersionNumber { get; init; }
    public string InputsSha256 { get; init; } = "";
    public string Inputs { get; init; } = "";
    public string Result { get; init; } = "";
    public string Reason { get; init; } = "";
    public string ComputedBy { get; init; } = "";
    public DateTimeOffset ComputedAt { get; init; }
}

[SqlCatalogue]
internal static class ComplianceReportSql
{
    public const string Columns = """
        SELECT id, agreement_id, period, revision, version_number, inputs_sha256, inputs, result, reason, computed_by, computed_at
        FROM compliance_reports
        """;

    public const string Insert = """
        INSERT INTO compliance_reports (id, agreement_id, period, revision, version_number, inputs_sha256, inputs, result, reason, computed_by, computed_at)
        VALUES (@Id, @AgreementId, @Period, @Revision, @VersionNumber, @InputsSha256, @Inputs, @Result, @Reason, @ComputedBy, @ComputedAt)
        """;

    public const string OfAgreement = Columns + "\nWHERE agreement_id = @AgreementId ORDER BY period DESC, revision DESC";

    public const string Latest = Columns + "\nWHERE agreement_id = @AgreementId AND period = @Period ORDER BY revision DESC {{page}}";

    public const string ByRevision = Columns + "\nWHERE agreement_id = @AgreementId AND period = @Period AND revision = @Revision";

    /// <summary>The latest revision of every period of every agreement of one vendor.</summary>
    public const string LatestOfVendor = """
        SELECT r.id, r.agreement_id, r.period, r.revision, r.version_number, r.inputs_sha256, r.inputs, r.result, r.reason, r.computed_by, r.computed_at
        FROM compliance_reports r JOIN agreements a ON a.id = r.agreement_id
        WHERE a.vendor_id = @VendorId
          AND r.revision = (SELECT MAX(x.revision) FROM compliance_reports x WHERE x.agreement_id = r.agreement_id AND x.period = r.period)
        ORDER BY a.title, r.agreement_id, r.period
        """;

    /// <summary>The latest revision of every agreement's report for one period, with the agreement's title.</summary>
    public const string LatestOfPeriod = """
        SELECT r.id, r.agreement_id, r.period, r.revision, r.version_number, r.inputs_sha256, r.inputs, r.result, r.reason, r.computed_by, r.computed_at
        FROM compliance_reports r
        WHERE r.period = @Period
          AND r.revision = (SELECT MAX(x.revision) FROM compliance_reports x WHERE x.agreement_id = r.agreement_id AND x.period = r.period)
        ORDER BY r.agreement_id
        """;
}

/// <summary>The archive of compliance reports: revisions are inserted, listed and read, never changed or deleted.</summary>
public sealed class ComplianceReportStore(Database database)
{
    /// <summary>Stores a new revision in the caller's transaction; false when another calculation stored that revision number first.</summary>
    public async Task<bool> InsertAsync(UnitOfWork unit, ComplianceReportRow row, CancellationToken cancellationToken = default)
    {
        try
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ComplianceReportSql.Insert), row, unit.Transaction,
                cancellationToken: cancellationToken));
            return true;
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    /// <summary>Every revision of every period, newest period and revision first.</summary>
    public async Task<IReadOnlyList<ComplianceReportRow>> OfAgreementAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ComplianceReportRow>(new CommandDefinition(database.Sql(ComplianceReportSql.OfAgreement),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<ComplianceReportRow?> LatestAsync(Guid agreementId, string period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ComplianceReportRow>(new CommandDefinition(database.Sql(ComplianceReportSql.Latest),
            new { AgreementId = agreementId, Period = period, Offset = 0, Limit = 1 }, cancellationToken: cancellationToken));
    }

    public async Task<ComplianceReportRow?> GetAsync(Guid agreementId, string period, int revision, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ComplianceReportRow>(new CommandDefinition(database.Sql(ComplianceReportSql.ByRevision),
            new { AgreementId = agreementId, Period = period, Revision = revision }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ComplianceReportRow>> LatestOfVendorAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ComplianceReportRow>(new CommandDefinition(database.Sql(ComplianceReportSql.LatestOfVendor),
            new { VendorId = vendorId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The latest revision of each agreement's report for <paramref name="period"/> ("2026-03").</summary>
    public async Task<IReadOnlyList<ComplianceReportRow>> LatestOfPeriodAsync(string period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ComplianceReportRow>(new CommandDefinition(database.Sql(ComplianceReportSql.LatestOfPeriod),
            new { Period = period }, cancellationToken: cancellationToken))).ToList();
    }
}
