using System.Diagnostics.Metrics;

namespace SlaGovernance.Data;

/// <summary>
/// The application's own meter, "SlaGovernance". One per process, like the runtime's and ASP.NET Core's meters, so the
/// runtime, the outbox and the web host record into it without knowing about each other; the host decides where it goes.
/// </summary>
public static class SlaGovernanceMetrics
{
    public const string MeterName = "SlaGovernance";

    public static readonly Meter Meter = new(MeterName, typeof(SlaGovernanceMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> RowsUploaded = Meter.CreateCounter<long>("slagov.rawdata.rows_uploaded", "{row}",
        "Rows of raw performance data stored from uploads");

    public static void RecordRowsUploaded(long rows, string kind, bool byVendor) =>
        RowsUploaded.Add(rows, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("uploader", byVendor ? "vendor" : "staff"));
}
