using System.Globalization;
using System.Data.Common;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Renewals;

namespace SlaGovernance.Web.Features.Renewals;

/// <summary>Changing the organisation's budget calendar: validated whole, guarded by its version, audited.</summary>
public sealed class BudgetCalendarCommands(Database database, BudgetCalendarStore calendars, AuditLog audit, DomainEvents events, TimeProvider time)
{
    public async Task<CommandResult<BudgetCalendarRow>> SaveAsync(string actor, BudgetCalendarInput input, int expectedVersion,
        CancellationToken cancellationToken = default)
    {
        var (valid, errors) = BudgetCalendarRules.Validate(input);
        if (valid is null)
            return CommandResult<BudgetCalendarRow>.Invalid(errors);
        await using var unit = await database.BeginAsync(cancellationToken);
        var current = await calendars.GetAsync(unit, cancellationToken);
        if (current.Version != expectedVersion)
            return Stale(current, expectedVersion);
        var row = BudgetCalendarRow.From(valid, current.Version + 1, time.GetUtcNow(), actor);
        try
        {
            if (!await calendars.SaveAsync(unit, row, expectedVersion, cancellationToken))
                return Stale(await calendars.GetAsync(cancellationToken), expectedVersion);
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return Stale(await calendars.GetAsync(cancellationToken), expectedVersion);
        }
        await audit.AppendAsync(unit, new AuditRecord(actor, "budget-calendar.updated", "BudgetCalendar", "organisation",
            $"Budget calendar: {Describe(valid)}", Describe(current.ToCalendar()), Describe(valid)), cancellationToken);
        // The running renewal workflows' reminders and decision dates follow the new cycle.
        await events.AppendAsync(unit, new BudgetCalendarChanged(row.Version), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<BudgetCalendarRow>.Ok(row);
    }

    public static string Describe(BudgetCalendar calendar)
    {
        var month = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(calendar.FiscalYearStartMonth);
        var milestones = calendar.Milestones.Select(m =>
            FormattableString.Invariant($"{m.Name} {m.DaysBeforeYearStart} days before{(m.IsRequestDeadline ? " (request deadline)" : "")}"));
        var leads = calendar.LeadTimeDaysByCategory.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .Select(p => FormattableString.Invariant($", {p.Key} {p.Value} days"));
        return FormattableString.Invariant($"fiscal year from {calendar.FiscalYearStartDay} {month} ({calendar.TimeZone}); ") +
               string.Join(", ", milestones) + FormattableString.Invariant($"; lead time {calendar.DefaultLeadTimeDays} days") + string.Concat(leads);
    }

    private static CommandResult<BudgetCalendarRow> Stale(BudgetCalendarRow current, int expectedVersion) =>
        CommandResult<BudgetCalendarRow>.Stale(current,
            $"The budget calendar was changed by {current.UpdatedBy} after you opened it (your copy is version {expectedVersion}, " +
            $"the stored one is version {current.Version}). Reload it and apply your change again.");
}
