using System.Data.Common;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Domain.Calendars;

namespace SlaGovernance.Web.Features.Calendars;

/// <summary>Creating and changing business calendars; at most one is the default, and every change is audited.</summary>
public sealed class CalendarCommands(Database database, BusinessCalendarStore calendars, AuditLog audit, DomainEvents events, TimeProvider time)
{
    public async Task<CommandResult<BusinessCalendarRow>> CreateAsync(string actor, BusinessCalendarInput input, bool isDefault,
        CancellationToken cancellationToken = default)
    {
        var (valid, errors) = BusinessCalendarRules.Validate(input);
        if (valid is null)
            return CommandResult<BusinessCalendarRow>.Invalid(errors);
        var now = time.GetUtcNow();
        var row = ToRow(Guid.NewGuid(), valid, isDefault, 1, now, now, actor);
        await using var unit = await database.BeginAsync(cancellationToken);
        try
        {
            await calendars.InsertAsync(unit, row, cancellationToken);
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return CommandResult<BusinessCalendarRow>.Invalid("name", $"A calendar named '{valid.Name}' already exists.");
        }
        await audit.AppendAsync(unit, new AuditRecord(actor, "calendar.created", "BusinessCalendar", row.Id.ToString(),
            $"Created calendar {BusinessCalendarRules.Describe(valid)}{(isDefault ? ", the default" : "")}"), cancellationToken);
        await events.AppendAsync(unit, new BusinessCalendarChanged(row.Id, isDefault), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<BusinessCalendarRow>.Ok(row);
    }

    public async Task<CommandResult<BusinessCalendarRow>> UpdateAsync(string actor, Guid id, BusinessCalendarInput input, bool isDefault,
        int expectedVersion, CancellationToken cancellationToken = default)
    {
        var (valid, errors) = BusinessCalendarRules.Validate(input);
        if (valid is null)
            return CommandResult<BusinessCalendarRow>.Invalid(errors);
        await using var unit = await database.BeginAsync(cancellationToken);
        var current = await calendars.GetAsync(unit, id, cancellationToken);
        if (current is null)
            return CommandResult<BusinessCalendarRow>.NotFound($"No calendar has id {id}.");
        if (current.Version != expectedVersion)
            return Stale(current, expectedVersion);
        if (current.IsDefault && !isDefault)
            return CommandResult<BusinessCalendarRow>.Invalid("isDefault",
                "One calendar must stay the default; make another calendar the default instead.");
        var row = ToRow(id, valid, isDefault, current.Version + 1, current.CreatedAt, time.GetUtcNow(), actor);
        try
        {
            if (!await calendars.UpdateAsync(unit, row, expectedVersion, cancellationToken))
                return Stale(current, expectedVersion);
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return CommandResult<BusinessCalendarRow>.Invalid("name", $"A calendar named '{valid.Name}' already exists.");
        }
        await audit.AppendAsync(unit, new AuditRecord(actor, "calendar.updated", "BusinessCalendar", id.ToString(),
            $"Changed calendar to {BusinessCalendarRules.Describe(valid)}{(isDefault ? ", the default" : "")}"), cancellationToken);
        await events.AppendAsync(unit, new BusinessCalendarChanged(id, isDefault), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<BusinessCalendarRow>.Ok(row);
    }

    private static CommandResult<BusinessCalendarRow> Stale(BusinessCalendarRow current, int expectedVersion) =>
        CommandResult<BusinessCalendarRow>.Stale(current,
            $"Calendar {current.Name} was changed by {current.UpdatedBy} after you opened it (your copy is version {expectedVersion}, " +
            $"the stored one is version {current.Version}). Reload it and apply your change again.");

    private static BusinessCalendarRow ToRow(Guid id, ValidBusinessCalendar valid, bool isDefault, int version, DateTimeOffset created,
        DateTimeOffset updated, string actor) => new()
    {
        Id = id,
        Name = valid.Name,
        TimeZone = valid.TimeZone,
        WorkingHours = BusinessCalendarRow.HoursJson(valid.Hours),
        Holidays = BusinessCalendarRow.HolidaysJson(valid.Holidays),
        IsDefault = isDefault,
        Version = version,
        CreatedAt = created,
        UpdatedAt = updated,
        UpdatedBy = actor,
    };
}
