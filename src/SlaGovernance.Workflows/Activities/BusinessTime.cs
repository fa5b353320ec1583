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
}
