using Dapper;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Persistence;

/// <summary>Scheduled commands: WorkflowCore's deferred work, such as processing an event at its time.</summary>
public sealed partial class DapperPersistenceProvider
{
    public bool SupportsScheduledCommands => true;

    public async Task ScheduleCommand(ScheduledCommand command)
    {
        await using var connection = await database.OpenAsync();
        try
        {
            await connection.ExecuteAsync(database.Sql(WorkflowSql.InsertCommand),
                new { Id = Guid.CreateVersion7(time.GetUtcNow()), command.CommandName, command.Data, command.ExecuteTime });
        }
        catch (System.Data.Common.DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            // The same command for the same subject is already scheduled.
        }
    }

    public async Task ProcessCommands(DateTimeOffset asOf, Func<ScheduledCommand, Task> action, CancellationToken cancellationToken = default)
    {
        List<CommandRow> due;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            due = (await connection.QueryAsync<CommandRow>(new CommandDefinition(database.Sql(WorkflowSql.DueCommands),
                new { AsOf = Math.Max(asOf.UtcTicks, time.GetUtcNow().UtcTicks) }, cancellationToken: cancellationToken))).ToList();
        }
        foreach (var command in due)
        {
            await action(new ScheduledCommand { CommandName = command.CommandName, Data = command.Data, ExecuteTime = command.ExecuteTime });
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(database.Sql(WorkflowSql.DeleteCommand), new { command.Id },
                cancellationToken: cancellationToken));
        }
    }

    private sealed class CommandRow
    {
        public Guid Id { get; init; }
        public string CommandName { get; init; } = "";
        public string Data { get; init; } = "";
        public long ExecuteTime { get; init; }
    }
}
