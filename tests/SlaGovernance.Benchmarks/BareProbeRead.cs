using Npgsql;
using NodaTime;

namespace SlaGovernance.Benchmarks;

/// <summary>The floor the compliance benchmarks compare with: one objective's probe samples through a plain Npgsql reader loop, nothing evaluated.</summary>
public static class BareProbeRead
{
    /// <summary>The rows of the agreement's service in [from, to), in time order, read on a connection of their own; how many there were.</summary>
    public static async Task<long> RowsAsync(string connectionString, Guid agreementId, string service, Interval span)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT observed_at, up FROM probe_samples
            WHERE agreement_id = @AgreementId AND service = @Service AND observed_at >= @From AND observed_at < @To
            ORDER BY observed_at
            """, connection);
        command.Parameters.AddWithValue("AgreementId", agreementId);
        command.Parameters.AddWithValue("Service", service);
        command.Parameters.AddWithValue("From", span.Start.ToDateTimeOffset());
        command.Parameters.AddWithValue("To", span.End.ToDateTimeOffset());
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0, checksum = 0;
        while (await reader.ReadAsync())
        {
            checksum += reader.GetDateTime(0).Ticks + (reader.GetBoolean(1) ? 1 : 0);
            rows++;
        }
        GC.KeepAlive(checksum);
        return rows;
    }
}
