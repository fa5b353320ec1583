namespace SlaGovernance.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>SqlServer, PostgreSql or Sqlite.</summary>
    public string? Provider { get; set; }

    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the application starts.</summary>
    public bool MigrateAtStartup { get; set; } = true;
}
