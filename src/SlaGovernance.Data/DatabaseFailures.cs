using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SlaGovernance.Data;

public enum DatabaseFailureKind
{
    /// <summary>Not a database failure, or one no request can cause or cure: a fault of ours.</summary>
    Unexpected,

    /// <summary>The database cannot be reached or is too busy to answer: a lost connection, a timeout, a locked SQLite file.</summary>
    Unavailable,

    /// <summary>A unique key already holds the value, or a concurrent change won: the request may be right, the stored state differs.</summary>
    Conflict,

    /// <summary>A reference to a row that does not exist, or a row others still refer to.</summary>
    Reference,

    /// <summary>A value the column cannot hold: null, too long, out of range, failing a check.</summary>
    InvalidValue,
}

/// <summary>What a database exception means for the request that met it, and the column or constraint it names when it names one.</summary>
public sealed record DatabaseFailure(DatabaseFailureKind Kind, string? Field = null)
{
    public static readonly DatabaseFailure Unexpected = new(DatabaseFailureKind.Unexpected);

    /// <summary>Classifies <paramref name="exception"/> or the first inner exception that is a database's, by each provider's error numbers.</summary>
    public static DatabaseFailure Of(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var failure = current switch
            {
                SqliteException sqlite => OfSqlite(sqlite.SqliteErrorCode, sqlite.SqliteExtendedErrorCode, sqlite.Message),
                PostgresException postgres => OfPostgres(postgres.SqlState, postgres.ColumnName ?? KeyOf(postgres.Detail) ?? postgres.ConstraintName),
                NpgsqlException => new DatabaseFailure(DatabaseFailureKind.Unavailable),
                SqlException sqlServer => OfSqlServer(sqlServer.Number, sqlServer.Class, sqlServer.Message),
                SocketException or TimeoutException => new DatabaseFailure(DatabaseFailureKind.Unavailable),
                DbException => Unexpected,
                _ => null,
            };
            if (failure is not null)
                return failure;
        }
        return Unexpected;
    }

    /// <summary>SQLite's primary and extended result codes (sqlite.org/rescode.html); constraint messages end "failed: table.column".</summary>
    public static DatabaseFailure OfSqlite(int code, int extendedCode, string message) => code switch
    {
        19 => extendedCode switch
        {
            2067 or 1555 => new(DatabaseFailureKind.Conflict, AfterFailed(message)),
            787 => new(DatabaseFailureKind.Reference),
            _ => new(DatabaseFailureKind.InvalidValue, AfterFailed(message)),
        },
        // BUSY, LOCKED, CANTOPEN, IOERR, FULL: the file is held by another writer or cannot be used just now.
        5 or 6 or 14 or 10 or 13 => new(DatabaseFailureKind.Unavailable),
        // TOOBIG, MISMATCH, RANGE
        18 or 20 or 25 => new(DatabaseFailureKind.InvalidValue),
        _ => Unexpected,
    };

    /// <summary>PostgreSQL's SQLSTATE codes (postgresql.org/docs/current/errcodes-appendix.html).</summary>
    public static DatabaseFailure OfPostgres(string sqlState, string? field) => sqlState switch
    {
        "23505" or "40001" or "40P01" => new(DatabaseFailureKind.Conflict, field),
        "23503" => new(DatabaseFailureKind.Reference, field),
        "23502" or "23514" or "22001" or "22003" or "22007" or "22008" or "22P02" or "22021" or "54000" => new(DatabaseFailureKind.InvalidValue, field),
        // Connection exceptions, insufficient resources, the server shutting down or not yet accepting connections.
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal)
            || sqlState is "57P01" or "57P02" or "57P03" => new(DatabaseFailureKind.Unavailable),
        _ => Unexpected,
    };

    /// <summary>SQL Server's error numbers (sys.messages) and severity: 20 and above ends the connection.</summary>
    public static DatabaseFailure OfSqlServer(int number, byte severity, string message) => number switch
    {
        2627 or 2601 or 1205 => new(DatabaseFailureKind.Conflict, Quoted(message)),
        547 => message.Contains("CHECK", StringComparison.Ordinal)
            ? new(DatabaseFailureKind.InvalidValue, Quoted(message))
            : new(DatabaseFailureKind.Reference, Quoted(message)),
        515 or 8152 or 2628 or 8115 or 220 or 242 or 245 or 8114 or 517 => new(DatabaseFailureKind.InvalidValue, Quoted(message)),
        // Timeout, network errors, login and database availability, Azure throttling.
        -2 or 2 or 53 or 121 or 233 or 4060 or 10053 or 10054 or 10060 or 10061 or 40197 or 40501 or 40613 or 49918 or 49919 or 49920
            => new(DatabaseFailureKind.Unavailable),
        _ when severity >= 20 => new(DatabaseFailureKind.Unavailable),
        _ => Unexpected,
    };

    private static string? AfterFailed(string message)
    {
        var at = message.IndexOf("failed: ", StringComparison.Ordinal);
        if (at < 0)
            return null;
        var names = message[(at + "failed: ".Length)..].TrimEnd('.', '\'', ' ');
        var first = names.Split(", ")[0];
        return first.Contains('.', StringComparison.Ordinal) ? first[(first.LastIndexOf('.') + 1)..] : first;
    }

    /// <summary>"Key (name)=(x) already exists." names the column.</summary>
    private static string? KeyOf(string? detail)
    {
        if (detail is null || !detail.StartsWith("Key (", StringComparison.Ordinal))
            return null;
        var end = detail.IndexOf(')', StringComparison.Ordinal);
        return end > 5 ? detail[5..end] : null;
    }

    /// <summary>SQL Server names the constraint or column in single or double quotes.</summary>
    private static string? Quoted(string message)
    {
        var start = message.IndexOfAny(['\'', '"']);
        if (start < 0)
            return null;
        var end = message.IndexOf(message[start], start + 1);
        return end > start + 1 ? message[(start + 1)..end] : null;
    }
}
