using System.Data.Common;
using System.Net.Sockets;
using SlaGovernance.Data;
using SlaGovernance.Workflows.Definitions;

namespace SlaGovernance.Web.Hosting;

public static class ProgramRunner
{
    public const int ExitConfiguration = 2;

    /// <summary>
    /// Builds and runs the host, or with <c>--migrate-only</c> applies migrations and exits. Bad database settings or an
    /// unreachable database end the process with exit code 2 and one line naming the setting.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddSlaGovernance();
            var app = builder.Build();
            app.UseSlaGovernance();
            if (args.Contains("--migrate-only", StringComparer.Ordinal))
            {
                var applied = await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
                Console.WriteLine(applied.Count == 0
                    ? "The database is up to date."
                    : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
                return 0;
            }
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (FindConfigurationError(e) is { } configurationError)
        {
            Console.Error.WriteLine($"SlaGovernance cannot start: {configurationError.Message}");
            return ExitConfiguration;
        }
        catch (Exception e) when (Find<InvalidSettingException>(e) is { } setting)
        {
            Console.Error.WriteLine($"SlaGovernance cannot start: {setting.Message}");
            return ExitConfiguration;
        }
        catch (Exception e) when (Find<WorkflowDefinitionException>(e) is { } definitions)
        {
            Console.Error.WriteLine($"SlaGovernance cannot start: {definitions.Message}");
            return ExitConfiguration;
        }
        catch (Exception e) when (Find<Features.Assessments.QuestionnaireException>(e) is { } questionnaires)
        {
            Console.Error.WriteLine($"SlaGovernance cannot start: {questionnaires.Message}");
            return ExitConfiguration;
        }
        catch (Exception e) when (e is DbException or SocketException)
        {
            Console.Error.WriteLine($"SlaGovernance cannot start: cannot use the database named by Database:ConnectionString: {e.Message}");
            return ExitConfiguration;
        }
    }

    private static DatabaseConfigurationException? FindConfigurationError(Exception? e) => Find<DatabaseConfigurationException>(e);

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
                return found;
            if (e is AggregateException aggregate)
                return aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(x => x is not null);
        }
        return null;
    }
}
