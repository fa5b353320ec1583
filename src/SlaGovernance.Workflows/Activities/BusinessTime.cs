using NodaTime;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Workflows.Steps;

namespace SlaGovernance.Workflows.Activities;

/// <summary>When a duration from a definition ends: plain time, or close of business on the organisation's default calendar.</summary>
public sealed class BusinessTime(BusinessCalendarStore calendars)
{
    public async Task<DateTime> EndOfAsync(DurationSpec duration, DateTime from, CancellationToken cancellationToken)
    {
        if (!duration.CountsBusinessDays)
            return from + duration.ToTimeSpan();
        var calendar = await calendars.GetDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("No business calendar is the default, so business days cannot be counted; make one the default.");
        var start = Instant.FromDateTimeUtc(DateTime.SpecifyKind(from, DateTimeKind.Utc));
        return calendar.ToCalendar().DueAfterBusinessDays(start, duration.BusinessDays!.Value).ToDateTimeUtc();
    }

    /// <summary>
    /// The latest instant, stepping back whole days from a due instant, from which that many business days end no later than it: when a
    /// reminder "N business days before" a task due at a subject's date is sent.
    /// </summary>
    public async Task<DateTime> BusinessDaysBeforeAsync(int businessDays, DateTime due, CancellationToken cancellationToken)
    {
        var calendar = (await calendars.GetDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("No business calendar is the default, so business days cannot be counted; make one the default.")).ToCalendar();
        var end = Instant.FromDateTimeUtc(DateTime.SpecifyKind(due, DateTimeKind.Utc));
        var at = end;
        for (var day = 0; day < businessDays * 7 + 60; day++)
        {
            at -= Duration.FromDays(1);
            if (calendar.DueAfterBusinessDays(at, businessDays) <= end)
                return at.ToDateTimeUtc();
        }
        return at.ToDateTimeUtc();
    }
}
