using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace SlaGovernance.Data.RawData;

/// <summary>Writes batches of raw rows through the provider's bulk path, inside the transaction it was made for.</summary>
public interface IBulkWriter : IAsyncDisposable
{
    Task WriteAsync<TRow>(RawTable<TRow> table, Guid uploadId, Guid agreementId, IReadOnlyList<TRow> rows, CancellationToken cancellationToken);
}

/// <summary>Npgsql binary COPY, one per batch and table (a COPY holds the connection, and tickets fill two tables).</summary>
internal sealed class PostgresBulkWriter(NpgsqlConnection connection) : IBulkWriter
{
    public async Task WriteAsync<TRow>(RawTable<TRow> table, Guid uploadId, Guid agreementId, IReadOnlyList<TRow> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return;
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table.Name} ({string.Join(", ", table.ColumnNames)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var columns = table.Columns;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(uploadId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(agreementId, NpgsqlDbType.Uuid, cancellationToken);
            for (var c = 0; c < columns.Count; c++)
                await columns[c].WriteAsync(importer, row, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>SqlBulkCopy inside the upload's transaction, one call per batch from a reused table of rows.</summary>
internal sealed class SqlServerBulkWriter(SqlConnection connection, SqlTransaction transaction) : IBulkWriter
{
    private readonly Dictionary<string, DataTable> _tables = new(StringComparer.Ordinal);

    public async Task WriteAsync<TRow>(RawTable<TRow> table, Guid uploadId, Guid agreementId, IReadOnlyList<TRow> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return;
        if (!_tables.TryGetValue(table.Name, out var data))
        {
            data = new DataTable(table.Name);
            data.Columns.Add("upload_id", typeof(Guid));
            data.Columns.Add("agreement_id", typeof(Guid));
            foreach (var column in table.Columns)
                data.Columns.Add(column.Name, column.ClrType == typeof(DateOnly) ? typeof(DateTime) : column.ClrType);
            _tables[table.Name] = data;
        }
        data.Clear();
        var values = new object[table.Columns.Count + 2];
        foreach (var row in rows)
        {
            values[0] = uploadId;
            values[1] = agreementId;
            for (var c = 0; c < table.Columns.Count; c++)
                values[c + 2] = table.Columns[c].Value(row) ?? DBNull.Value;
            data.Rows.Add(values);
        }
        using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.CheckConstraints, transaction)
        {
            DestinationTableName = table.Name,
            BulkCopyTimeout = 0,
        };
        foreach (DataColumn column in data.Columns)
            copy.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        await copy.WriteToServerAsync(data, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var table in _tables.Values)
            table.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One prepared INSERT per table, reused for every row of the upload's single transaction.</summary>
internal sealed class SqliteBulkWriter(SqliteConnection connection, SqliteTransaction transaction) : IBulkWriter
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public async Task WriteAsync<TRow>(RawTable<TRow> table, Guid uploadId, Guid agreementId, IReadOnlyList<TRow> rows,
        CancellationToken cancellationToken)
    {
        if (!_commands.TryGetValue(table.Name, out var command))
        {
            var names = table.ColumnNames.ToList();
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "@p" + i))})";
            for (var i = 0; i < names.Count; i++)
                command.Parameters.Add(new SqliteParameter("@p" + i, null));
            command.Prepare();
            _commands[table.Name] = command;
        }
        var parameters = command.Parameters;
        parameters[0].Value = uploadId;
        parameters[1].Value = agreementId;
        foreach (var row in rows)
        {
            for (var c = 0; c < table.Columns.Count; c++)
                parameters[c + 2].Value = table.Columns[c].Value(row) ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
            await command.DisposeAsync();
    }
}
