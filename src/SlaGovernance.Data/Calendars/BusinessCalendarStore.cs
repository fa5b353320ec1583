using System.Text.Json;
using Dapper;
using NodaTime;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Data.Calendars;

public sealed class BusinessCalendarRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public string WorkingHours { get; init; } = "[]";
    public string Holidays { get; init; } = "[]";
    public bool IsDefault { get; init; }
    public int Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string UpdatedBy { get; init; } = "";

    public IReadOnlyList<WorkingHours> Hours =>
        (JsonSerializer.Deserialize<List<StoredHours>>(WorkingHours) ?? [])
        .Select(h => new WorkingHours(BusinessCalendarRules.ParseDay(h.Day), BusinessCalendarRules.ParseTime(h.Start), BusinessCalendarRules.ParseTime(h.End)))
        .ToList();

    public IReadOnlyList<LocalDate> HolidayDates =>
        (JsonSerializer.Deserialize<List<string>>(Holidays) ?? []).Select(BusinessCalendarRules.ParseDate).ToList();

    public BusinessCalendar ToCalendar() => new(DateTimeZoneProviders.Tzdb[TimeZone], Hours, HolidayDates);

    public static string HoursJson(IEnumerable<WorkingHours> hours) => JsonSerializer.Serialize(hours.Select(h =>
        new StoredHours(h.Day.ToString(), BusinessCalendarRules.FormatTime(h.Start), BusinessCalendarRules.FormatTime(h.End))));

    public static string HolidaysJson(IEnumerable<LocalDate> dates) => JsonSerializer.Serialize(dates.Select(BusinessCalendarRules.FormatDate));

    private sealed record StoredHours(string Day, string Start, string End);
}

[SqlCatalogue]
internal static class BusinessCalendarSql
{
    public const string Columns = """
        SELECT id, name, time_zone, working_hours, holidays, is_default, version, created_at, updated_at, updated_by
        FROM business_calendars
        """;

    public const string All = Columns + "\nORDER BY name_normalized";
    public const string ById = Columns + "\nWHERE id = @Id";
    public const string Default = Columns + "\nWHERE is_default = @True";

    public const string Insert = """
        INSERT INTO business_calendars (id, name, name_normalized, time_zone, working_hours, holidays, is_default, version,
                                        created_at, updated_at, updated_by)
        VALUES (@Id, @Name, @NameNormalized, @TimeZone, @WorkingHours, @Holidays, @IsDefault, @Version, @CreatedAt, @UpdatedAt, @UpdatedBy)
        """;

    public const string Update = """
        UPDATE business_calendars
        SET name = @Name, name_normalized = @NameNormalized, time_zone = @TimeZone, working_hours = @WorkingHours,
            holidays = @Holidays, is_default = @IsDefault, version = @Version, updated_at = @UpdatedAt, updated_by = @UpdatedBy
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public const string ClearDefault = "UPDATE business_calendars SET is_default = @False WHERE is_default = @True AND id <> @Id";
}

public sealed class BusinessCalendarStore(Database database)
{
    public async Task<IReadOnlyList<BusinessCalendarRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<BusinessCalendarRow>(new CommandDefinition(database.Sql(BusinessCalendarSql.All),
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task<BusinessCalendarRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BusinessCalendarRow>(new CommandDefinition(database.Sql(BusinessCalendarSql.ById),
            new { Id = id }, cancellationToken: cancellationToken));
    }

    public Task<BusinessCalendarRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken = default) =>
        unit.Connection.QuerySingleOrDefaultAsync<BusinessCalendarRow>(new CommandDefinition(unit.Sql(BusinessCalendarSql.ById), new { Id = id },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The organisation's default calendar; due dates and business-day timers count against it.</summary>
    public async Task<BusinessCalendarRow?> GetDefaultAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BusinessCalendarRow>(new CommandDefinition(database.Sql(BusinessCalendarSql.Default),
            new { True = true }, cancellationToken: cancellationToken));
    }

    public async Task InsertAsync(UnitOfWork unit, BusinessCalendarRow row, CancellationToken cancellationToken = default)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(BusinessCalendarSql.Insert), Parameters(row, row.Version),
            unit.Transaction, cancellationToken: cancellationToken));
        if (row.IsDefault)
            await ClearOtherDefaultsAsync(unit, row.Id, cancellationToken);
    }

    public async Task<bool> UpdateAsync(UnitOfWork unit, BusinessCalendarRow row, int expectedVersion, CancellationToken cancellationToken = default)
    {
        if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(BusinessCalendarSql.Update), Parameters(row, expectedVersion),
                unit.Transaction, cancellationToken: cancellationToken)) != 1)
            return false;
        if (row.IsDefault)
            await ClearOtherDefaultsAsync(unit, row.Id, cancellationToken);
        return true;
    }

    private static Task ClearOtherDefaultsAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(BusinessCalendarSql.ClearDefault), new { Id = id, True = true, False = false },
            unit.Transaction, cancellationToken: cancellationToken));

    private static object Parameters(BusinessCalendarRow row, int expectedVersion) => new
    {
        row.Id,
        row.Name,
        NameNormalized = row.Name.Trim().ToUpperInvariant(),
        row.TimeZone,
        row.WorkingHours,
        row.Holidays,
        row.IsDefault,
        row.Version,
        ExpectedVersion = expectedVersion,
        row.CreatedAt,
        row.UpdatedAt,
        row.UpdatedBy,
    };
}
