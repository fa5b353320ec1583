using System.Text.Json;
using Dapper;
using SlaGovernance.Domain.Renewals;

namespace SlaGovernance.Data.Renewals;

/// <summary>The stored budget calendar with the organisation's zone; version 0 stands for one never saved.</summary>
public sealed record BudgetCalendarRow
{
    public int FiscalYearStartMonth { get; init; }
    public int FiscalYearStartDay { get; init; }
    public int DefaultLeadTimeDays { get; init; }
    public string Milestones { get; init; } = "[]";
    public string LeadTimes { get; init; } = "{}";
    public string TimeZone { get; init; } = "UTC";
    public int Version { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string UpdatedBy { get; init; } = "";

    public BudgetCalendar ToCalendar() => new(FiscalYearStartMonth, FiscalYearStartDay, TimeZone,
        JsonSerializer.Deserialize<List<BudgetMilestone>>(Milestones) ?? [],
        new Dictionary<string, int>(JsonSerializer.Deserialize<Dictionary<string, int>>(LeadTimes) ?? [], StringComparer.OrdinalIgnoreCase),
        DefaultLeadTimeDays);

    public static BudgetCalendarRow From(BudgetCalendar calendar, int version, DateTimeOffset updatedAt, string updatedBy) => new()
    {
        FiscalYearStartMonth = calendar.FiscalYearStartMonth,
        FiscalYearStartDay = calendar.FiscalYearStartDay,
        DefaultLeadTimeDays = calendar.DefaultLeadTimeDays,
        Milestones = JsonSerializer.Serialize(calendar.Milestones),
        LeadTimes = JsonSerializer.Serialize(calendar.LeadTimeDaysByCategory.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(p => p.Key, p => p.Value)),
        TimeZone = calendar.TimeZone,
        Version = version,
        UpdatedAt = updatedAt,
        UpdatedBy = updatedBy,
    };
}

[SqlCatalogue]
internal static class BudgetCalendarSql
{
    public const string Get = """
        SELECT b.fiscal_year_start_month, b.fiscal_year_start_day, b.default_lead_time_days, b.milestones, b.lead_times, o.time_zone,
               b.version, b.updated_at, b.updated_by
        FROM budget_calendar b CROSS JOIN organisation o
        WHERE b.id = 1
        """;

    public const string OrganisationZone = "SELECT time_zone FROM organisation";

    public const string Insert = """
        INSERT INTO budget_calendar (id, fiscal_year_start_month, fiscal_year_start_day, default_lead_time_days, milestones, lead_times, version,
                                     updated_at, updated_by)
        VALUES (1, @FiscalYearStartMonth, @FiscalYearStartDay, @DefaultLeadTimeDays, @Milestones, @LeadTimes, @Version, @UpdatedAt, @UpdatedBy)
        """;

    public const string Update = """
        UPDATE budget_calendar
        SET fiscal_year_start_month = @FiscalYearStartMonth, fiscal_year_start_day = @FiscalYearStartDay,
            default_lead_time_days = @DefaultLeadTimeDays, milestones = @Milestones, lead_times = @LeadTimes, version = @Version,
            updated_at = @UpdatedAt, updated_by = @UpdatedBy
        WHERE id = 1 AND version = @ExpectedVersion
        """;

    public const string SetOrganisationZone = "UPDATE organisation SET time_zone = @TimeZone";
}

/// <summary>The one budget calendar of the organisation; its zone is the organisation's.</summary>
public sealed class BudgetCalendarStore(Database database)
{
    /// <summary>The stored calendar, or the default one (version 0) in the organisation's zone when none was saved yet.</summary>
    public async Task<BudgetCalendarRow> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BudgetCalendarRow>(new CommandDefinition(database.Sql(BudgetCalendarSql.Get),
                   cancellationToken: cancellationToken))
               ?? await DefaultAsync(connection, null, cancellationToken);
    }

    public async Task<BudgetCalendarRow> GetAsync(UnitOfWork unit, CancellationToken cancellationToken = default) =>
        await unit.Connection.QuerySingleOrDefaultAsync<BudgetCalendarRow>(new CommandDefinition(unit.Sql(BudgetCalendarSql.Get),
            transaction: unit.Transaction, cancellationToken: cancellationToken))
        ?? await DefaultAsync(unit.Connection, unit.Transaction, cancellationToken);

    /// <summary>Saves the calendar and the organisation's zone if the stored version is still <paramref name="expectedVersion"/>.</summary>
    public async Task<bool> SaveAsync(UnitOfWork unit, BudgetCalendarRow row, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var args = new
        {
            row.FiscalYearStartMonth, row.FiscalYearStartDay, row.DefaultLeadTimeDays, row.Milestones, row.LeadTimes, row.Version, row.UpdatedAt,
            row.UpdatedBy, ExpectedVersion = expectedVersion,
        };
        if (expectedVersion == 0)
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(BudgetCalendarSql.Insert), args, unit.Transaction,
                cancellationToken: cancellationToken));
        else if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(BudgetCalendarSql.Update), args, unit.Transaction,
                     cancellationToken: cancellationToken)) != 1)
            return false;
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(BudgetCalendarSql.SetOrganisationZone), new { row.TimeZone },
            unit.Transaction, cancellationToken: cancellationToken));
        return true;
    }

    private static async Task<BudgetCalendarRow> DefaultAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        CancellationToken cancellationToken)
    {
        var zone = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(BudgetCalendarSql.OrganisationZone,
            transaction: transaction, cancellationToken: cancellationToken)) ?? "UTC";
        return BudgetCalendarRow.From(BudgetCalendar.Default(zone), 0, DateTimeOffset.UnixEpoch, "system");
    }
}
