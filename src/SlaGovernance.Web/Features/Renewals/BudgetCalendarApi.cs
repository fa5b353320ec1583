using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Renewals;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Renewals;

using BudgetCalendarSaveFailure = CommandFailure<ValidationProblem, PreconditionFailedProblem>;

public sealed record BudgetMilestoneRequest
{
    [Required]
    public string? Name { get; init; }

    [Required]
    public int? DaysBeforeYearStart { get; init; }

    /// <summary>Exactly one milestone is the budget-request deadline that renewals are flagged against.</summary>
    public bool IsRequestDeadline { get; init; }
}

/// <summary>Procurement's lead time for one agreement category.</summary>
public sealed record LeadTimeRequest(string? Category, int? Days);

/// <summary>What an administrator sends for the budget calendar; categories without a lead time of their own take the default.</summary>
public sealed record BudgetCalendarRequest
{
    [Required]
    public int? FiscalYearStartMonth { get; init; }

    [Required]
    public int? FiscalYearStartDay { get; init; }

    [Required]
    public string? TimeZone { get; init; }

    [Required]
    public IReadOnlyList<BudgetMilestoneRequest>? Milestones { get; init; }

    public IReadOnlyList<LeadTimeRequest>? LeadTimes { get; init; }

    [Required]
    public int? DefaultLeadTimeDays { get; init; }

    public BudgetCalendarInput ToInput() => new(FiscalYearStartMonth, FiscalYearStartDay, TimeZone,
        Milestones?.Select(m => new BudgetMilestoneInput(m.Name, m.DaysBeforeYearStart, m.IsRequestDeadline)).ToList(),
        LeadTimes?.Select(l => new LeadTimeInput(l.Category, l.Days)).ToList(), DefaultLeadTimeDays);
}

public sealed record BudgetMilestoneDto(string Name, int DaysBeforeYearStart, bool IsRequestDeadline);

public sealed record LeadTimeDto(string Category, int Days);

public sealed record BudgetCalendarDto(int FiscalYearStartMonth, int FiscalYearStartDay, string TimeZone, IReadOnlyList<BudgetMilestoneDto> Milestones,
    IReadOnlyList<LeadTimeDto> LeadTimes, int DefaultLeadTimeDays, int Version, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static BudgetCalendarDto From(BudgetCalendarRow row)
    {
        var calendar = row.ToCalendar();
        return new(calendar.FiscalYearStartMonth, calendar.FiscalYearStartDay, calendar.TimeZone,
            calendar.Milestones.Select(m => new BudgetMilestoneDto(m.Name, m.DaysBeforeYearStart, m.IsRequestDeadline)).ToList(),
            calendar.LeadTimeDaysByCategory.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => new LeadTimeDto(p.Key, p.Value)).ToList(),
            calendar.DefaultLeadTimeDays, row.Version, row.UpdatedAt, row.UpdatedBy);
    }
}

public static class BudgetCalendarApi
{
    public static RouteGroupBuilder MapBudgetCalendarApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/organisation/budget-calendar").WithTags("Budget calendar");
        group.MapGet("/", Get).WithName("GetBudgetCalendar")
            .WithSummary("The fiscal year, budget milestones and procurement lead times, with the version as ETag").RequireAuthorization(Policies.Reader);
        group.MapPut("/", Put).WithName("UpdateBudgetCalendar")
            .WithSummary("Change the budget calendar and the organisation's zone; requires If-Match (\"0\" before the first save)")
            .RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Ok<BudgetCalendarDto>> Get(BudgetCalendarStore calendars, HttpContext context, CancellationToken cancellationToken)
    {
        var row = await calendars.GetAsync(cancellationToken);
        context.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(BudgetCalendarDto.From(row));
    }

    private static async Task<Results<Ok<BudgetCalendarDto>, BudgetCalendarSaveFailure, PreconditionRequiredProblem>> Put(BudgetCalendarRequest request,
        BudgetCalendarCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } version)
            return ETags.PreconditionRequired();
        var result = await commands.SaveAsync(context.User.UserName(), request.ToInput(), version, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return BudgetCalendarSaveFailure.For(context, result, c => c.Version);
        context.Response.Headers.ETag = ETags.For(result.Value!.Version);
        return TypedResults.Ok(BudgetCalendarDto.From(result.Value));
    }
}
