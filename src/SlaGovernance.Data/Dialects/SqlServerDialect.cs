using System.Data;
using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.SqlClient;

namespace SlaGovernance.Data.Dialects;

public sealed class SqlServerDialect : SqlDialect
{
    // sp_getapplock reports a timeout by its return code, not an error, so the code is checked.
    public const string AcquireLockStatement = """
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000;
        IF @result < 0 THROW 51000, 'Timed out waiting for an application lock.', 1;
        """;

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
    public override string MigrationsFolder => "sqlserver";
    protected override string PageClause => "OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY";

    public override void ValidateConnectionString(string connectionString)
    {
        var builder = (SqlConnectionStringBuilder)ParseConnectionString(new SqlConnectionStringBuilder(), connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            throw new ArgumentException("it names no Server (Data Source).", nameof(connectionString));
        if (string.IsNullOrWhiteSpace(builder.InitialCatalog))
            throw new ArgumentException("it names no Database (Initial Catalog).", nameof(connectionString));
    }

    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public override async Task AcquireTransactionLockAsync(DbTransaction transaction, string resource, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = AcquireLockStatement;
        command.Parameters.Add(new SqlParameter("@Resource", SqlDbType.NVarChar, 255) { Value = resource });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <remarks>One batch: sp_getapplock returns no rows, so the query's rows are the batch's first result.</remarks>
    public override async Task<T?> AcquireTransactionLockThenReadAsync<T>(DbTransaction transaction, string resource, string query, object parameters,
        CancellationToken cancellationToken) where T : default
    {
        var arguments = new DynamicParameters(parameters);
        arguments.Add("Resource", resource, DbType.String, size: 255);
        return await transaction.Connection!.QuerySingleOrDefaultAsync<T>(new CommandDefinition(AcquireLockStatement + "\n" + query, arguments,
            transaction, cancellationToken: cancellationToken));
    }

    public override string TryAcquireSessionLockSql => """
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0;
        SELECT CASE WHEN @result >= 0 THEN 1 ELSE 0 END;
        """;

    public override string ReleaseSessionLockSql => "EXEC sp_releaseapplock @Resource = @Resource, @LockOwner = 'Session'";

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqlException { Number: 2627 or 2601 };

    public override Task PrepareDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        EnsureDatabase.For.SqlDatabase(connectionString);
        return Task.CompletedTask;
    }

    public override UpgradeEngineBuilder Migrations(string connectionString) =>
        DeployChanges.To.SqlDatabase(connectionString).JournalToSqlTable("dbo", MigrationJournalTable);

    public override RawData.IBulkWriter CreateBulkWriter(DbTransaction transaction) =>
        new RawData.SqlServerBulkWriter((SqlConnection)transaction.Connection!, (SqlTransaction)transaction);
}
