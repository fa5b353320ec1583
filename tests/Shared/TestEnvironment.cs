namespace SlaGovernance.Tests;

/// <summary>
/// Which external servers the tests may use. A suite whose server is not configured is skipped with a reason,
/// unless SLAGOV_REQUIRE_ALL=1 (as in CI), where it fails instead. SQL Server is never required: CI has none.
/// </summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "SLAGOV_TEST_POSTGRES";
    public const string SqlServerVariable = "SLAGOV_TEST_SQLSERVER";
    public const string ChromiumVariable = "SLAGOV_CHROMIUM";

    public static bool RequireAll => Environment.GetEnvironmentVariable("SLAGOV_REQUIRE_ALL") == "1";

    public static string? Postgres => Get(PostgresVariable);
    public static string? SqlServer => Get(SqlServerVariable);

    /// <summary>The Chromium to drive: SLAGOV_CHROMIUM, else Debian's /usr/bin/chromium when installed.</summary>
    public static string? Chromium => Get(ChromiumVariable) ?? (File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null);

    /// <summary>Skips when a required server is missing, or fails under SLAGOV_REQUIRE_ALL=1 unless <paramref name="optional"/>.</summary>
    public static void SkipUnlessAvailable(bool available, string reason, bool optional = false)
    {
        if (available)
            return;
        if (RequireAll && !optional)
            throw new InvalidOperationException($"SLAGOV_REQUIRE_ALL=1 but this suite cannot run: {reason}");
        Skip.If(true, reason);
    }

    /// <summary>Finds the repository root (the folder holding SlaGovernance.sln) from the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SlaGovernance.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("SlaGovernance.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
