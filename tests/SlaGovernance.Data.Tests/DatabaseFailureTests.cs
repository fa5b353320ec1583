using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SlaGovernance.Data.Tests;

/// <summary>
/// Each provider's errors sorted into what they mean for a request: only a database that cannot be reached is "unavailable" (503);
/// a duplicate is a conflict and a value the column refuses is the request's fault, each naming its column where the error does.
/// </summary>
public sealed class DatabaseFailureTests
{
    [Fact]
    public async Task Sqlite_errors_raised_by_a_real_database_are_classified_with_their_column()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var setup = connection.CreateCommand();
        setup.CommandText = """
            PRAGMA foreign_keys = ON;
            CREATE TABLE vendors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, tier INTEGER CHECK (tier BETWEEN 1 AND 3));
            CREATE TABLE agreements (id INTEGER PRIMARY KEY, vendor_id INTEGER NOT NULL REFERENCES vendors (id));
            INSERT INTO vendors (id, name, tier) VALUES (1, 'Hostly', 1);
            """;
        await setup.ExecuteNonQueryAsync();

        async Task<DatabaseFailure> FailureOf(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var exception = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            return DatabaseFailure.Of(new InvalidOperationException("wrapped", exception));
        }

        Assert.Equal(new DatabaseFailure(DatabaseFailureKind.Conflict, "name"), await FailureOf("INSERT INTO vendors (id, name) VALUES (2, 'Hostly')"));
        Assert.Equal(new DatabaseFailure(DatabaseFailureKind.Conflict, "id"), await FailureOf("INSERT INTO vendors (id, name) VALUES (1, 'Other')"));
        Assert.Equal(new DatabaseFailure(DatabaseFailureKind.InvalidValue, "name"), await FailureOf("INSERT INTO vendors (id, name) VALUES (3, NULL)"));
        Assert.Equal(DatabaseFailureKind.InvalidValue, (await FailureOf("INSERT INTO vendors (id, name, tier) VALUES (4, 'x', 9)")).Kind);
        Assert.Equal(DatabaseFailureKind.Reference, (await FailureOf("INSERT INTO agreements (id, vendor_id) VALUES (1, 42)")).Kind);
        Assert.Equal(DatabaseFailureKind.Unexpected, (await FailureOf("SELECT * FROM no_such_table")).Kind);
    }

    [Theory]
    [InlineData(5, 5, DatabaseFailureKind.Unavailable)]
    [InlineData(6, 6, DatabaseFailureKind.Unavailable)]
    [InlineData(14, 14, DatabaseFailureKind.Unavailable)]
    [InlineData(10, 266, DatabaseFailureKind.Unavailable)]
    [InlineData(19, 2067, DatabaseFailureKind.Conflict)]
    [InlineData(19, 787, DatabaseFailureKind.Reference)]
    [InlineData(19, 1299, DatabaseFailureKind.InvalidValue)]
    [InlineData(18, 18, DatabaseFailureKind.InvalidValue)]
    [InlineData(1, 1, DatabaseFailureKind.Unexpected)]
    public void Sqlite_result_codes(int code, int extended, DatabaseFailureKind kind) =>
        Assert.Equal(kind, DatabaseFailure.Of(new SqliteException("SQLite Error", code, extended)).Kind);

    [Theory]
    [InlineData("23505", DatabaseFailureKind.Conflict)]
    [InlineData("40001", DatabaseFailureKind.Conflict)]
    [InlineData("40P01", DatabaseFailureKind.Conflict)]
    [InlineData("23503", DatabaseFailureKind.Reference)]
    [InlineData("23502", DatabaseFailureKind.InvalidValue)]
    [InlineData("23514", DatabaseFailureKind.InvalidValue)]
    [InlineData("22001", DatabaseFailureKind.InvalidValue)]
    [InlineData("22003", DatabaseFailureKind.InvalidValue)]
    [InlineData("22P02", DatabaseFailureKind.InvalidValue)]
    [InlineData("08006", DatabaseFailureKind.Unavailable)]
    [InlineData("53300", DatabaseFailureKind.Unavailable)]
    [InlineData("57P01", DatabaseFailureKind.Unavailable)]
    [InlineData("42P01", DatabaseFailureKind.Unexpected)]
    [InlineData("42601", DatabaseFailureKind.Unexpected)]
    public void Npgsql_sql_states(string sqlState, DatabaseFailureKind kind) =>
        Assert.Equal(kind, DatabaseFailure.Of(new PostgresException("refused", "ERROR", "ERROR", sqlState)).Kind);

    [Fact]
    public void Npgsql_names_the_column_or_the_key_of_the_violation()
    {
        Assert.Equal("name", DatabaseFailure.Of(new PostgresException("duplicate key", "ERROR", "ERROR", "23505",
            detail: "Key (name)=(Hostly) already exists.", constraintName: null)).Field);
        Assert.Equal("title", DatabaseFailure.Of(new PostgresException("null value", "ERROR", "ERROR", "23502", columnName: "title")).Field);
        Assert.Equal(DatabaseFailureKind.Unavailable, DatabaseFailure.Of(new NpgsqlException("Exception while reading from stream",
            new IOException("connection reset"))).Kind);
    }

    [Theory]
    [InlineData(2627, 14, DatabaseFailureKind.Conflict)]
    [InlineData(2601, 14, DatabaseFailureKind.Conflict)]
    [InlineData(1205, 13, DatabaseFailureKind.Conflict)]
    [InlineData(547, 16, DatabaseFailureKind.Reference)]
    [InlineData(515, 16, DatabaseFailureKind.InvalidValue)]
    [InlineData(8152, 16, DatabaseFailureKind.InvalidValue)]
    [InlineData(2628, 16, DatabaseFailureKind.InvalidValue)]
    [InlineData(8115, 16, DatabaseFailureKind.InvalidValue)]
    [InlineData(-2, 11, DatabaseFailureKind.Unavailable)]
    [InlineData(53, 20, DatabaseFailureKind.Unavailable)]
    [InlineData(10054, 20, DatabaseFailureKind.Unavailable)]
    [InlineData(4060, 11, DatabaseFailureKind.Unavailable)]
    [InlineData(9999, 21, DatabaseFailureKind.Unavailable)]
    [InlineData(208, 16, DatabaseFailureKind.Unexpected)]
    public void SqlClient_error_numbers(int number, byte severity, DatabaseFailureKind kind) =>
        Assert.Equal(kind, DatabaseFailure.OfSqlServer(number, severity, "refused").Kind);

    [Fact]
    public void SqlClient_names_the_constraint_or_column_it_quotes()
    {
        Assert.Equal(new DatabaseFailure(DatabaseFailureKind.Conflict, "uq_vendors_name"), DatabaseFailure.OfSqlServer(2627, 14,
            "Violation of UNIQUE KEY constraint 'uq_vendors_name'. Cannot insert duplicate key in object 'dbo.vendors'."));
        Assert.Equal(new DatabaseFailure(DatabaseFailureKind.InvalidValue, "ck_vendors_tier"), DatabaseFailure.OfSqlServer(547, 16,
            "The INSERT statement conflicted with the CHECK constraint \"ck_vendors_tier\"."));
        Assert.Equal(DatabaseFailureKind.Reference, DatabaseFailure.OfSqlServer(547, 16,
            "The INSERT statement conflicted with the FOREIGN KEY constraint \"fk_agreements_vendor\".").Kind);
    }

    [Fact]
    public void A_lost_socket_or_a_timeout_is_unavailable_and_other_exceptions_are_not_database_failures()
    {
        Assert.Equal(DatabaseFailureKind.Unavailable, DatabaseFailure.Of(new SocketException()).Kind);
        Assert.Equal(DatabaseFailureKind.Unavailable, DatabaseFailure.Of(new InvalidOperationException("x", new TimeoutException())).Kind);
        Assert.Equal(DatabaseFailureKind.Unexpected, DatabaseFailure.Of(new ArgumentException("not a database's")).Kind);
    }
}
