using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Domain.Compliance;

namespace SlaGovernance.Workflows.Tests;

internal static class TestCalendars
{
    /// <summary>Mon–Fri 09:00–17:30 in London as the default calendar, with the given holidays.</summary>
    public static async Task InsertLondonOfficeAsync(Database database, params LocalDate[] holidays)
    {
        await using var unit = await database.BeginAsync();
        await new BusinessCalendarStore(database).InsertAsync(unit, new BusinessCalendarRow
        {
            Id = Guid.NewGuid(),
            Name = "London office",
            TimeZone = "Europe/London",
            WorkingHours = BusinessCalendarRow.HoursJson(Enumerable.Range(1, 5)
                .Select(day => new WorkingHours((IsoDayOfWeek)day, new LocalTime(9, 0), new LocalTime(17, 30)))),
            Holidays = BusinessCalendarRow.HolidaysJson(holidays),
            IsDefault = true,
            Version = 1,
            UpdatedBy = "test",
        });
        await unit.CommitAsync();
    }
}
