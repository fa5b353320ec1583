using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Dialects;

namespace SlaGovernance.Web.Hosting;

public static class DatabaseServices
{
    /// <summary>Registers the configured provider's dialect, the connection factory, the migrator and every store.</summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => CreateDatabase(builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()
            ?? new DatabaseOptions()));
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton<HealthProbe>();
        builder.Services.Scan(scan => scan
            .FromAssemblyOf<AuditLog>()
            .AddClasses(classes => classes.Where(type => type.Name.EndsWith("Store", StringComparison.Ordinal) || type == typeof(AuditLog)), publicOnly: true)
            .AsSelf()
            .WithSingletonLifetime());
        builder.Services.AddHostedService<DatabaseStartup>();
        return builder;
    }

    /// <summary>Builds the database from its settings, naming the setting at fault when they are wrong.</summary>
    public static Database CreateDatabase(DatabaseOptions options)
    {
        var provider = SqlDialect.ParseProvider(options.Provider);
        var dialect = SqlDialect.For(provider);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new DatabaseConfigurationException(
                $"Database:ConnectionString is not set. Give a {provider} connection string (see README, Configuration).");
        try
        {
            dialect.ValidateConnectionString(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new DatabaseConfigurationException(
                $"Database:ConnectionString is not a valid {provider} connection string: {e.Message.Replace(" (Parameter 'connectionString')", "", StringComparison.Ordinal)}", e);
        }
        return new Database(dialect, options.ConnectionString);
    }
}
