using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Calendars;

using CalendarChangeFailure = CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem>;

public sealed record WorkingHoursDto(string Day, string Start, string End);

public sealed record CalendarRequest
{
    [Required]
    public string? Name { get; init; }

    [Required]
    public string? TimeZone { get; init; }

    /// <summary>At least one day.</summary>
    [Required]
    public IReadOnlyList<WorkingHoursDto>? Hours { get; init; }

    /// <summary>Dates in yyyy-MM-dd form.</summary>
    public IReadOnlyList<string>? Holidays { get; init; }

    public bool IsDefault { get; init; }

    public BusinessCalendarInput ToInput() =>
        new(Name, TimeZone, Hours?.Select(h => new WorkingHoursInput(h.Day, h.Start, h.End)).ToList(), Holidays);
}

public sealed record CalendarDto(Guid Id, string Name, string TimeZone, IReadOnlyList<WorkingHoursDto> Hours, IReadOnlyList<string> Holidays,
    bool IsDefault, int Version, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static CalendarDto From(BusinessCalendarRow row) => new(row.Id, row.Name, row.TimeZone,
        row.Hours.Select(h => new WorkingHoursDto(h.Day.ToString(), BusinessCalendarRules.FormatTime(h.Start), BusinessCalendarRules.FormatTime(h.End))).ToList(),
        row.HolidayDates.Select(BusinessCalendarRules.FormatDate).ToList(), row.IsDefault, row.Version, row.UpdatedAt, row.UpdatedBy);
}

public static class CalendarsApi
{
    public static RouteGroupBuilder MapCalendarsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/calendars").WithTags("Business calendars");
        group.MapGet("/", List).WithName("ListCalendars").WithSummary("Business calendars; the default one counts due dates").RequireAuthorization(Policies.Reader);
        group.MapGet("/{id:guid}", Get).WithName("GetCalendar").WithSummary("One calendar, with its version as ETag").RequireAuthorization(Policies.Reader);
        group.MapPost("/", Create).WithName("CreateCalendar").WithSummary("Create a business calendar").RequireAuthorization(Policies.Admin);
        group.MapPut("/{id:guid}", Update).WithName("UpdateCalendar").WithSummary("Change a calendar; requires If-Match").RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Ok<List<CalendarDto>>> List(BusinessCalendarStore calendars, CancellationToken cancellationToken) =>
        TypedResults.Ok((await calendars.ListAsync(cancellationToken)).Select(CalendarDto.From).ToList());

    private static async Task<Results<Ok<CalendarDto>, NotFoundProblem>> Get(Guid id, BusinessCalendarStore calendars, HttpContext context,
        CancellationToken cancellationToken)
    {
        var row = await calendars.GetAsync(id, cancellationToken);
        if (row is null)
            return new NotFoundProblem($"No calendar has id {id}.");
        context.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(CalendarDto.From(row));
    }

    private static async Task<Results<Created<CalendarDto>, CommandFailure<ValidationProblem>>> Create(CalendarRequest request, CalendarCommands commands,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await commands.CreateAsync(context.User.UserName(), request.ToInput(), request.IsDefault, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem>.For(context, result);
        context.Response.Headers.ETag = ETags.For(result.Value!.Version);
        return TypedResults.Created($"/api/v1/calendars/{result.Value.Id}", CalendarDto.From(result.Value));
    }

    private static async Task<Results<Ok<CalendarDto>, CalendarChangeFailure, PreconditionRequiredProblem>> Update(Guid id, CalendarRequest request,
        CalendarCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } version)
            return ETags.PreconditionRequired();
        var result = await commands.UpdateAsync(context.User.UserName(), id, request.ToInput(), request.IsDefault, version, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CalendarChangeFailure.For(context, result, c => c.Version);
        context.Response.Headers.ETag = ETags.For(result.Value!.Version);
        return TypedResults.Ok(CalendarDto.From(result.Value));
    }
}
